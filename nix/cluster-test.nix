# checks.<system>.cluster: boots the example cluster's controller (also a worker) from the generated
# tree with throwaway certificates and waits until its node is Ready. Needs KVM and network for the
# images; it is not run in this project's CI (see README).
{ self, pkgs }:
pkgs.testers.runNixOSTest {
  name = "nix-emit-k8s-cluster";
  nodes.fat-controller = {
    imports = [
      self.nixosModules.k8s
      (import ./test-node.nix { pki = pkgs.callPackage ./test-pki.nix { }; })
    ];
    virtualisation.memorySize = 4096;
    virtualisation.diskSize = 8192;
  };
  testScript = ''
    fat_controller.start()
    fat_controller.wait_for_unit("k8s-etcd.service")
    fat_controller.wait_for_unit("k8s-apiserver.service")
    fat_controller.wait_until_succeeds(
        "kubectl --kubeconfig /etc/kubernetes/admin.kubeconfig get nodes fat-controller | grep -w Ready",
        timeout=600,
    )
  '';
}
