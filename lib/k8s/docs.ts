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
