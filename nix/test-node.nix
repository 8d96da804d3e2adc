# The example cluster's controller (also a worker) as the VM test boots it: the generated tree,
# the throwaway PKI in the secrets folder, a bridge CNI network, and kubectl for the test script.
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
  systemd.tmpfiles.rules = [
    "C /var/lib/kubernetes/secrets - - - - ${pki}"
    "L+ /opt/cni/bin - - - - ${pkgs.cni-plugins}/bin"
  ];
  environment.etc."cni/net.d/10-bridge.conflist".text = builtins.toJSON {
    cniVersion = "1.0.0";
    name = "bridge";
    plugins = [
      {
        type = "bridge";
        bridge = "cni0";
        isGateway = true;
        ipMasq = true;
        ipam = {
          type = "host-local";
          ranges = [ [ { subnet = "fd00:10:244::/64"; } ] ];
          routes = [ { dst = "::/0"; } ];
        };
      }
      {
        type = "portmap";
        capabilities.portMappings = true;
      }
    ];
  };
  environment.systemPackages = [ pkgs.kubectl ];
}
