# The example cluster's controller (also a worker) as the VM test boots it: the generated tree,
# the throwaway PKI in the secrets folder and kubectl for the test script (the pod network comes
# from the tree).
{ pki }:
{ pkgs, ... }:
{
  networking.hostName = "fat-controller";
  networking.interfaces.eth1.ipv6.addresses = [
    {
      address = "fd00:10::1";
      prefixLength = 64;
    }
  ];
  networking.firewall.enable = false;
  systemd.tmpfiles.rules = [ "C /var/lib/kubernetes/secrets - - - - ${pki}" ];
  environment.systemPackages = [ pkgs.kubectl ];
}
