/**
 * `docs/k8s.md`: every option of the generated modules, produced from their typed declarations
 * (like the NixOS manual's option list), so the documentation cannot drift from the modules.
 */
import type { Option } from "../module/index.js";
import { fromValue } from "../ast/fromValue.js";
import { print } from "../print/print.js";
import { kubeletConfigurationSchema } from "./kubelet.js";
import { clusterModules } from "./modules.js";
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
    "## KubeletConfiguration fields",
    "",
    "`services.k8s-kubelet.settings` takes a KubeletConfiguration (kubelet.config.k8s.io/v1beta1); nix-emit checks these fields before writing any Nix:",
    "",
  );
  for (const [name, field] of Object.entries(kubeletConfigurationSchema.fields))
    lines.push(`- \`${name}\` (${field.schema.description}): ${field.doc}`);
  return lines.join("\n") + "\n";
}
