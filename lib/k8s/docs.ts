/**
 * `docs/k8s.md`: every option of the generated modules, produced from their typed declarations
 * (like the NixOS manual's option list), so the documentation cannot drift from the modules.
 */
import type { Option } from "../module/index.js";
import { fromValue } from "../ast/fromValue.js";
import { print } from "../print/print.js";
import { kubeletConfigurationSchema } from "./kubelet.js";
import { graphMarkdown } from "./graph.js";
import { clusterSchemaMarkdown } from "./jsonSchemaDocs.js";
import { pkiMarkdown } from "./pki.js";
import { clusterModules } from "./modules/index.js";
import type { Cluster } from "./cluster.js";
import { serviceAddress } from "./network.js";
import { minimumVersion } from "./version.js";

const code = (text: string) =>
  text.trimEnd().includes("\n") ? "\n\n```nix\n" + text + "```\n" : ` \`${text.trim()}\``;

/** The Markdown option reference of the tree generated for `cluster`. */
export function optionsMarkdown(cluster: Cluster): string {
  const modules = clusterModules(cluster);
  const lines = [
    "# Kubernetes modules: option reference",
    "",
    "Generated from the typed definitions in `lib/k8s` by `npm run docs:k8s`; do not edit by hand.",
    "Defaults are those of the example cluster (`nix-emit generate --print-config`).",
    "",
    "## Overriding from Nix",
    "",
    "Every host imports the generated tree and changes what it needs in its own configuration:",
    "",
    "```nix",
    "{",
    "  imports = [ ./k8s ];",
    "  services.k8s.worker = true; # enables the kubelet and containerd",
    "  services.k8s.controller = false; # the API server stays off",
    "  # Settings merge leaf by leaf: this changes one key and keeps its siblings.",
    '  services.k8s-kubelet.settings.authentication.webhook.cacheTTL = "1m";',
    '  services.k8s-containerd.settings.plugins."io.containerd.grpc.v1.cri".sandbox_image = "registry.k8s.io/pause:3.10";',
    "  # Flags are name = value; adding one keeps the generated ones, null removes one.",
    '  services.k8s-apiserver.flags.audit-log-maxage = "30";',
    "  services.k8s-apiserver.flags.allow-privileged = null;",
    "}",
    "```",
    "",
    "- `settings`, `kubeconfig` and containerd's `settings` hold the generated values as `lib.mkDefault` on every leaf (`lib.mapAttrsRecursive (_: lib.mkDefault)`), so a plain definition of a nested key wins over that key alone. Lists are leaves: a list you set replaces the generated one. Use `lib.mkForce` to replace a whole subtree.",
    "- `flags` are `--name=value` words built from an attribute set (`null` drops a flag); `extraFlags` are appended as given. Command lines are escaped for systemd with `utils.escapeSystemdExecArgs`, so `%` and `$` in values reach the program unchanged.",
    "- `enable` defaults to `services.k8s.worker` (kubelet, containerd) or `services.k8s.controller` (API server); set it to override.",
    "- `services.k8s.apiServerAddress` feeds the kubelet's kubeconfig; `services.k8s.secretsPath` is the folder every relative secret file name resolves under.",
    "",
  ];
  lines.push(...zeroToReady(cluster));
  for (const module of Object.values(modules)) {
    const { spec } = module;
    lines.push(`## ${spec.path.join(".")} (\`${spec.name}.nix\`)`, "", spec.description ?? "", "");
    for (const [name, option] of Object.entries(spec.options)) {
      const o = option as Option<unknown>;
      lines.push(`### \`${[...spec.path, name].join(".")}\``, "");
      if (o.description) lines.push(o.description, "");
      lines.push(`- Type: ${o.type.description}`);
      if (o.default !== undefined) lines.push(`- Default:${code(print(fromValue(o.default)))}`);
      lines.push("");
    }
  }
  lines.push(
    "## Certificates and keys (`nix-emit generate --print-pki`)",
    "",
    "Every file the generated units read from the secrets folder, with what it must carry. nix-emit makes no keys: create them with your own tooling (cfssl, openssl, step, ...).",
    "",
    pkiMarkdown(cluster),
    "## KubeletConfiguration fields",
    "",
    "`services.k8s-kubelet.settings` takes a KubeletConfiguration (kubelet.config.k8s.io/v1beta1); nix-emit checks these fields before writing any Nix:",
    "",
  );
  for (const [name, field] of Object.entries(kubeletConfigurationSchema.fields))
    lines.push(`- \`${name}\` (${field.schema.description}): ${field.doc}`);
  lines.push("", clusterSchemaMarkdown(2), graphMarkdown());
  return lines.join("\n");
}

/** The "From zero to Ready" walk-through, with the example cluster's values. */
function zeroToReady(cluster: Cluster): string[] {
  const min = minimumVersion(cluster);
  const dns = serviceAddress(cluster.apiserver?.flags?.serviceClusterIpRange, 10);
  return [
    "## From zero to Ready",
    "",
    `Kubernetes ${min.version} or newer (${min.why.join("; ")}); the tree asserts it against \`services.k8s.package.version\`. Every host runs NixOS with its firewall on; nodes reach each other's addresses directly.`,
    "",
    "1. **Describe the cluster** in `cluster.json` (see `examples/cluster.json`): the API server address, the nodes (name = host name, addresses, roles `controller` / `worker`, labels, taints), the service range (`apiserver.flags.serviceClusterIpRange`) and the pod network (`podNetwork`). `nix-emit generate --config cluster.json --check` reports every problem with its path and fix.",
    "2. **Generate the tree**: `nix-emit generate --config cluster.json --out k8s`. Every host imports the same folder.",
    "3. **Make the certificates** listed by `nix-emit generate --config cluster.json --print-pki` (also at the end of this page): a cluster CA and a separate etcd CA, then each certificate with the subject, SANs, signer and key usage of its row; the kubelet's two certificates once per worker, naming it (`system:node:<name>`). `nix/test-pki.nix` does it with openssl for the example (throwaway keys, for tests only). Put the files in `services.k8s.secretsPath` (`/var/lib/kubernetes/secrets`) on the hosts its row names, owned by root, keys `0600`: the services that do not run as root (etcd, the API server, controller manager, scheduler, CoreDNS) get them through systemd's `LoadCredential=`, so no file needs another owner. Keep the CA keys off the hosts where you can (only the controller manager needs the cluster CA key, to sign CSRs).",
    "4. **Configure each host**: `imports = [ ./k8s ];`, `networking.hostName` equal to its node name (or set `services.k8s.nodeName`), and its first node address on an interface (`networking.interfaces.<if>.ipv6.addresses`). A host missing from `nodes` fails with an assertion (set `services.k8s.allowUnlistedHost = true` if it is not a node).",
    "5. **Switch** every host (`nixos-rebuild switch`). Controllers start etcd, then the API server, controller manager, scheduler, CoreDNS, and apply the `kube-dns` Service; every worker starts containerd, the kubelet, kube-proxy and the routes to the other workers' pod CIDRs.",
    `6. **Check**: on a controller, \`kubectl --kubeconfig /etc/kubernetes/admin.kubeconfig get nodes\` lists every worker \`Ready\`; a pod's \`nslookup kubernetes.default\` answers through the cluster DNS at ${dns ?? "the 10th address of the service range"} (the 10th address of the service range, computed; every kubelet's \`clusterDNS\`). \`checks.<system>.cluster\` in \`flake.nix\` does steps 3–6 in VMs (needs KVM).`,
    "",
    "### The pod network",
    "",
    "- `bridge` (built in): the CNI `bridge` and `host-local` plugins from `pkgs.cni-plugins`; each worker's pod CIDR is carved, in the order of `nodes`, from `podNetwork.clusterCidr` (`nodeMaskSize` long) and written to `services.k8s.nodes.<name>.podCIDR`; the configuration is `/etc/cni/net.d/10-k8s-pod-network.conflist`; every node routes each other worker's pod CIDR through that worker's first address (`k8s-pod-routes.service`). Chosen over flannel because it needs nothing outside the tree: no daemon, no API access, no VXLAN port or MTU, and an address plan known when the tree is written. It needs nodes that reach each other's addresses directly (one link, or a routed network without NAT). Pod traffic leaving the pod range is masqueraded (`ipMasq`).",
    "- `none`: the tree writes no CNI configuration. You provide: a network configuration in `services.k8s-network.cniConfDir` (`/etc/cni/net.d`) and its plugins in `services.k8s-network.cniBinDir` (default `${pkgs.cni-plugins}/bin`; set `containerd.cniBinDir` to `/opt/cni/bin` for plugins that install themselves, like Cilium); pod CIDRs if your network reads `node.spec.podCIDR` (`controllerManager.flags.allocateNodeCidrs` and `clusterCidr`); its ports in `networking.firewall` (VXLAN 8472/udp, health checks, BGP 179/tcp, as it documents); and `podNetwork.kubeProxy = false` if it replaces kube-proxy.",
    "",
    "### Ports",
    "",
    "Each role opens exactly its ports in NixOS's firewall (`services.k8s.openFirewall`, on by default; each port is its component's option, so moving it moves the flag too): controllers 6443/tcp (`services.k8s-apiserver.securePort`), 2379–2380/tcp (`services.k8s-etcd.clientPort`, `peerPort`; etcd refuses clients without a certificate of its own CA) and 53/tcp+udp (CoreDNS); every worker 10250/tcp (`services.k8s-kubelet.port`). The controller manager (10257) and scheduler (10259) listen on 127.0.0.1 only.",
    "",
    "### Changing one node from Nix",
    "",
    'The generated nodes are `lib.mkDefault` definitions leaf by leaf: `services.k8s.nodes.w1.labels."example.com/rack" = "r7";` adds one label and keeps the cluster; `services.k8s.nodes.w1.addresses = [ … ];` replaces that list.',
    "",
    "### What was checked, and how",
    "",
    "The tree is evaluated with the real `lib.evalModules` (`lib/k8s/evaluate.test.ts`: every host of the example and the VM test's three nodes, no failed assertion; ports per role; the CNI configuration and routes; kube-proxy's and CoreDNS's files; every key through `LoadCredential=`; nixpkgs' containerd module in its config-2 and config-3 forms, as stand-ins written for the test). The throwaway PKI script was run with openssl: the API server's etcd client certificate verifies against the etcd CA, a kubelet certificate does not. The real programs run on the evaluated tree in `lib/k8s/programs.test.ts` (systemd parsing every unit's command line, etcd and a 3-member etcd over peer TLS, containerd and its CRI status, the CNI plugins, the pod routes through `ip`, NixOS's iptables firewall probed port by port, kubectl with every kubeconfig); kube-apiserver, the kubelet, kube-proxy and CoreDNS have no binary here, so their flags and files are checked against Kubernetes' own types (KubeletConfiguration, KubeProxyConfiguration v1alpha1, KubeSchedulerConfiguration v1). The VM test needs KVM and did not run here.",
    "",
  ];
}
