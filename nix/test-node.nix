# A node of the example cluster as the VM test boots it: the generated tree does the rest (pod
# network, firewall, kube-proxy, DNS); this adds only the node's address, its throwaway PKI in the
# secrets folder, and kubectl for the test script. The firewall stays on (NixOS's default).
{
  pki,
  hostName ? "fat-controller",
  address ? "fd00:10::1",
}:
{ pkgs, ... }:
{
  networking.hostName = hostName;
  networking.interfaces.eth1.ipv6.addresses = [
    {
      inherit address;
      prefixLength = 64;
    }
  ];
  systemd.tmpfiles.rules = [ "C /var/lib/kubernetes/secrets - - - - ${pki}/${hostName}" ];
  environment.systemPackages = [ pkgs.kubectl ];
}
