/**
 * A small but complete module tree for the module layer's golden fixtures: options of many types,
 * a nested submodule, mkIf/mkMerge/mkDefault, and a reference from one module to another's option.
 */
import { fromValue, n } from "../lib/index.js";
import {
  defineModule,
  mkDefault,
  mkEnableOption,
  mkIf,
  mkMerge,
  mkOption,
  mkPackageOption,
  execStart,
  renderModuleOrThrow,
  settingsFile,
  t,
} from "../lib/module/index.js";
import type { ModuleTree } from "../lib/tree/index.js";

export const k8s = defineModule({
  name: "k8s",
  path: ["services", "k8s"],
  description: "Settings shared by the Kubernetes modules.",
  options: {
    secretsPath: mkOption(t.path, {
      default: "/var/lib/kubernetes/secrets",
      description: "Folder that holds the cluster's TLS material.",
    }),
    controller: mkOption(t.bool, {
      default: false,
      description: "Whether this node runs the control plane.",
    }),
    apiServerPort: mkOption(t.port, { default: 6443 }),
    nodeName: mkOption(t.nullOr(t.strMatching("[a-z0-9-]+")), { default: null }),
    maxPods: mkOption(t.ints.between(1, 250), { default: 110 }),
    ratio: mkOption(t.float, { default: 0.5 }),
    labels: mkOption(t.attrsOf(t.str), { default: {}, example: { zone: "a" } }),
    extraArgs: mkOption(t.lazyAttrsOf(t.either(t.str, t.int)), { default: {} }),
    logLevel: mkOption(t.oneOf([t.int, t.enum(["debug", "info"])]), { default: "info" }),
    package: mkPackageOption("kubernetes"),
    motd: mkOption(t.lines, { default: "" }),
    admissionPlugins: mkOption(t.commas, { default: "NodeRestriction" }),
    searchPath: mkOption(t.separatedString(":"), { default: "" }),
    workers: mkOption(t.ints.unsigned, { default: 0 }),
    replicas: mkOption(t.ints.positive, { default: 1 }),
    ttl: mkOption(t.ints.u8, { default: 64 }),
    offset: mkOption(t.ints.s32, { default: -1 }),
    weight: mkOption(t.number, { default: 1 }),
    count: mkOption(t.int, { default: 3 }),
    annotations: mkOption(t.attrs, { default: {} }),
    extra: mkOption(t.anything, { default: null }),
    raw: mkOption(t.raw, { default: { a: 1 } }),
    containerdSettings: mkOption(t.toml, { default: { version: 2 } }),
    manifests: mkOption(t.yaml, { default: [] }),
  },
});

export const kubelet = defineModule({
  name: "kubelet",
  path: ["services", "k8s-kubelet"],
  description: "The kubelet.",
  options: {
    enable: mkEnableOption("the Kubernetes kubelet"),
    extraFlags: mkOption(t.listOf(t.str), {
      default: [],
      example: ["v=2"],
      description: "Extra flags, without the leading --.",
    }),
    authorizationMode: mkOption(t.enum(["AlwaysAllow", "Webhook"]), { default: "Webhook" }),
    webhook: mkOption(
      t.submodule({
        enabled: mkOption(t.bool, { default: true }),
        cacheTTL: mkOption(t.str, { default: "10s" }),
      }),
      { default: {} },
    ),
    settings: mkOption(t.json, { default: { clusterDomain: "cluster.local" } }),
  },
  config: ({ cfg }) =>
    mkIf(
      cfg.enable,
      mkMerge([
        {
          systemd: {
            services: {
              "k8s-kubelet": {
                environment: {
                  TLS_CERT: n.str`${k8s.cfg.secretsPath}/kubelet.pem`,
                  TLS_KEY: n.str`${k8s.cfg.secretsPath}/kubelet-key.pem`,
                },
                // Nix's globals (toString, map, builtins) are used freely: they are never
                // module arguments.
                serviceConfig: {
                  ExecStart: execStart(
                    n.concat(
                      fromValue([
                        n.str`${k8s.cfg.package}/bin/kubelet`,
                        n.str`--config=${settingsFile("json", "kubelet-config.json", cfg.settings)}`,
                        n.str`--max-pods=${n.call("toString", k8s.cfg.maxPods)}`,
                      ]),
                      n.call("map", n.lambda("f", n.str`--${n.id("f")}`), cfg.extraFlags),
                    ),
                  ),
                },
              },
            },
          },
        },
        {
          networking: { firewall: { allowedTCPPorts: mkDefault([k8s.cfg.apiServerPort, 10250]) } },
          environment: {
            etc: { "kubelet/webhook.json": { text: n.call("builtins.toJSON", cfg.webhook) } },
          },
        },
      ]),
    ),
});

/** The example tree: `default.nix`, `k8s.nix`, `kubelet.nix`. */
export function exampleTree(): ModuleTree {
  return {
    files: { "k8s.nix": renderModuleOrThrow(k8s), "kubelet.nix": renderModuleOrThrow(kubelet) },
  };
}
