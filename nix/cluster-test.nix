# checks.<system>.cluster: boots the example cluster (one controller that is also a worker, two
# workers) from the generated tree alone, with the firewall on and no hand-added network, and with
# throwaway certificates. It waits until all three nodes are Ready and a pod on a worker resolves
# kubernetes.default through the cluster DNS. Needs KVM; the images are built with Nix (no registry),
# so it runs offline once the inputs are in the store. It is not run in this project's CI (no KVM).
{ self, pkgs }:
let
  pki = pkgs.callPackage ./test-pki.nix { };
  # The pod sandbox and the test pod's image, built here and imported into containerd at boot.
  pause = pkgs.dockerTools.buildImage {
    name = "k8s-test/pause";
    tag = "latest";
    copyToRoot = [ pkgs.kubernetes.pause ];
    config.Cmd = [ "/bin/pause" ];
  };
  dnstest = pkgs.dockerTools.buildImage {
    name = "k8s-test/dnstest";
    tag = "latest";
    copyToRoot = [ pkgs.busybox ];
    config.Cmd = [ "/bin/sh" ];
  };
  node = hostName: address: {
    imports = [
      self.nixosModules.k8s
      (import ./test-node.nix { inherit pki hostName address; })
    ];
    services.k8s-containerd.settings.plugins."io.containerd.grpc.v1.cri".sandbox_image =
      "docker.io/k8s-test/pause:latest";
    systemd.services.k8s-test-images = {
      description = "Imports the test images into containerd";
      wantedBy = [ "kubernetes.target" ];
      before = [ "k8s-kubelet.service" ];
      after = [ "containerd.service" ];
      requires = [ "containerd.service" ];
      serviceConfig.Type = "oneshot";
      script = ''
        ${pkgs.containerd}/bin/ctr -n k8s.io images import ${pause}
        ${pkgs.containerd}/bin/ctr -n k8s.io images import ${dnstest}
      '';
    };
    virtualisation.memorySize = 3072;
    virtualisation.diskSize = 8192;
  };
in
pkgs.testers.runNixOSTest {
  name = "nix-emit-k8s-cluster";
  nodes = {
    fat-controller = node "fat-controller" "fd00:10::1";
    worker1 = node "worker1" "fd00:10::11";
    worker2 = node "worker2" "fd00:10::12";
  };
  testScript = ''
    kubectl = "kubectl --kubeconfig /etc/kubernetes/admin.kubeconfig"
    start_all()
    fat_controller.wait_for_unit("k8s-etcd.service")
    fat_controller.wait_for_unit("k8s-apiserver.service")
    for machine in [fat_controller, worker1, worker2]:
        machine.wait_for_unit("k8s-kubelet.service")
    fat_controller.wait_until_succeeds(
        f"[ $({kubectl} get nodes --no-headers | grep -cw Ready) = 3 ]", timeout=900
    )
    # Lands on worker1 (the controller and worker2 are tainted); DNS is served on the controller.
    fat_controller.succeed(
        f"{kubectl} run dnstest --image=docker.io/k8s-test/dnstest:latest --image-pull-policy=Never"
        " --restart=Never --command -- sh -c"
        " 'nslookup kubernetes.default || nslookup kubernetes.default.svc.cluster.local'"
    )
    fat_controller.wait_until_succeeds(
        f"{kubectl} get pod dnstest -o jsonpath={{.status.phase}} | grep -x Succeeded", timeout=300
    )
    fat_controller.succeed(f"{kubectl} logs dnstest | grep -F fd00:10:96::1")
  '';
}
