/**
 * Realistic benchmark inputs, generated from a fixed seed:
 *
 * - `configValue`: a JSON-like value shaped like node configuration (kubelet and containerd settings,
 *   systemd units, users, certificates as long strings, lists of flags), grown to a target size.
 * - `moduleCorpus`: NixOS-module-like Nix source files (option declarations, `mkIf`, systemd
 *   services, lists, multi-line strings), loosely laid out the way people write them, so the
 *   formatter has work to do.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Random } from "./random.js";
import { CORPUS_BYTES, CORPUS_SEED } from "./sizes.js";

const words = [
  "kubelet",
  "containerd",
  "cluster",
  "node",
  "pod",
  "image",
  "registry",
  "cgroup",
  "runtime",
  "network",
  "dns",
  "proxy",
  "eviction",
  "volume",
  "secret",
  "token",
  "metrics",
  "tls",
  "cert",
  "log",
];

const keyShapes: readonly ((r: Random) => string)[] = [
  (r) => r.pick(words),
  (r) => `${r.pick(words)}${capitalize(r.pick(words))}`,
  (r) => `${r.pick(words)}-${r.pick(words)}`,
  (r) => `${r.pick(words)}.k8s.io`,
  (r) => `io.containerd.${r.pick(words)}.v${r.int(1, 2)}`,
  (r) => `${r.pick(words)}_${r.int(0, 99)}`,
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function key(r: Random): string {
  return r.pick(keyShapes)(r);
}

function longString(r: Random): string {
  if (r.chance(0.3)) {
    // A PEM-like certificate: many lines of base64.
    const lines = ["-----BEGIN CERTIFICATE-----"];
    const n = r.int(8, 20);
    for (let i = 0; i < n; i++) {
      let line = "";
      for (let j = 0; j < 64; j++)
        line += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[r.int(0, 63)];
      lines.push(line);
    }
    lines.push("-----END CERTIFICATE-----", "");
    return lines.join("\n");
  }
  const parts: string[] = [];
  const n = r.int(5, 30);
  for (let i = 0; i < n; i++) parts.push(r.pick(words));
  return parts.join(r.pick([" ", "/", ",", "-"]));
}

function scalar(r: Random): unknown {
  switch (r.int(0, 9)) {
    case 0:
    case 1:
      return r.int(0, 100000);
    case 2:
      return r.chance(0.5);
    case 3:
      return Math.round(r.next() * 10000) / 100;
    case 4:
      return null;
    case 5:
      return longString(r);
    case 6:
      return `/var/lib/${r.pick(words)}/${r.pick(words)}.sock`;
    case 7:
      return `${r.int(1, 600)}${r.pick(["s", "m", "h", "Mi", "Gi", "%"])}`;
    default:
      return `${r.pick(words)}-${r.pick(words)}`;
  }
}

function value(r: Random, depth: number): unknown {
  const roll = r.next();
  if (depth <= 0 || roll < 0.45) return scalar(r);
  if (roll < 0.6) {
    const n = r.int(0, 8);
    const list: unknown[] = [];
    for (let i = 0; i < n; i++) list.push(r.chance(0.7) ? scalar(r) : value(r, depth - 1));
    return list;
  }
  return attrs(r, depth - 1, r.int(1, 10));
}

function attrs(r: Random, depth: number, size: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) out[key(r)] = value(r, depth);
  return out;
}

/** One node's configuration: kubelet, containerd, systemd units and users. */
function nodeConfig(r: Random, index: number): Record<string, unknown> {
  return {
    hostName: `node-${index}`,
    kubelet: {
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      evictionHard: { "memory.available": "100Mi", "nodefs.available": "10%" },
      featureGates: attrs(r, 0, r.int(2, 8)),
      extraArgs: Array.from(
        { length: r.int(2, 10) },
        () => `--${r.pick(words)}-${r.pick(words)}=${r.int(0, 9)}`,
      ),
      settings: attrs(r, 3, r.int(4, 12)),
    },
    containerd: {
      version: 2,
      plugins: {
        "io.containerd.grpc.v1.cri": {
          sandbox_image: "registry.k8s.io/pause:3.9",
          containerd: {
            runtimes: {
              runc: { runtime_type: "io.containerd.runc.v2", options: { SystemdCgroup: true } },
            },
          },
          registry: attrs(r, 2, r.int(2, 6)),
        },
      },
    },
    systemd: Object.fromEntries(
      Array.from({ length: r.int(2, 6) }, () => [
        `${r.pick(words)}-${r.pick(words)}`,
        {
          description: longString(r),
          wantedBy: ["multi-user.target"],
          serviceConfig: {
            Restart: "always",
            RestartSec: r.int(1, 30),
            ExecStart: `/run/current-system/sw/bin/${r.pick(words)}`,
          },
          environment: attrs(r, 0, r.int(1, 6)),
        },
      ]),
    ),
    certificates: Array.from({ length: r.int(0, 2) }, () => longString(r)),
  };
}

/** A JSON-like configuration value of roughly `targetBytes` as `JSON.stringify(v, null, 2)`. */
export function configValue(seed: number, targetBytes: number): Record<string, unknown> {
  const r = new Random(seed);
  const nodes: Record<string, unknown> = {};
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const node = nodeConfig(r, i);
    size += JSON.stringify(node, null, 2).length;
    nodes[`node-${i}`] = node;
  }
  return { apiVersion: "v1", nodes };
}

function ident(r: Random): string {
  return `${r.pick(words)}${capitalize(r.pick(words))}`;
}

function nixString(r: Random): string {
  return `"${r.pick(words)} ${r.pick(words)} for ${r.pick(words)}"`;
}

function optionDecl(r: Random, name: string): string {
  const type = r.pick([
    "types.bool",
    "types.str",
    "types.int",
    "types.port",
    "(types.listOf types.str)",
    "(types.attrsOf types.str)",
    "(types.nullOr types.path)",
    `(types.enum [ "${r.pick(words)}" "${r.pick(words)}" ])`,
  ]);
  const def = r.pick(['""', "false", "true", "[ ]", "{ }", "null", String(r.int(1, 65535))]);
  return `    ${name} = mkOption {
      type = ${type};
      default = ${def};
${r.chance(0.5) ? `      example = ${r.pick(['"example"', '[ "a" "b" ]', "42", "{ foo = 1; }"])};\n` : ""}      description = ${r.chance(0.3) ? `''\n        ${r.pick(words)} ${r.pick(words)} of the ${r.pick(words)}.\n        See <https://example.org/${r.pick(words)}>.\n      ''` : nixString(r)};
    };
`;
}

/** Names distinct within one file (Nix rejects an attribute defined twice). */
function distinct(make: () => string): () => string {
  const used = new Set<string>();
  return () => {
    let name = make();
    for (let i = 2; used.has(name); i++) name = `${make()}${i}`;
    used.add(name);
    return name;
  };
}

function service(r: Random, name: string): string {
  const envName = distinct(() => `${r.pick(words).toUpperCase()}_${r.pick(words).toUpperCase()}`);
  const env = Array.from({ length: r.int(1, 5) }, () => `${envName()} = "${r.pick(words)}";`).join(
    " ",
  );
  return `    systemd.services.${name} = {
      description = ${nixString(r)};
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" ${r.chance(0.5) ? '"containerd.service"' : ""} ];
      path = with pkgs; [ coreutils ${r.pick(["iptables", "kmod", "util-linux", "socat"])} ];
      environment = { ${env} };
      serviceConfig = {
        ExecStart = "\${cfg.package}/bin/${name} --config \${configFile} \${concatStringsSep " " cfg.extraArgs}";
        Restart = "on-failure";
        RestartSec = ${r.int(1, 30)};
        ${r.chance(0.5) ? `LimitNOFILE = ${r.int(1024, 1048576)};` : ""}
      };
      preStart = ''
        mkdir -p /var/lib/${name}
        ${r.chance(0.5) ? `if [ ! -f /var/lib/${name}/token ]; then\n          echo "\${cfg.token}" > /var/lib/${name}/token\n        fi` : `chmod 0700 /var/lib/${name}`}
      '';
    };
`;
}

/** One NixOS-module-like file of a few kilobytes. */
export function moduleSource(r: Random): string {
  const name = `${r.pick(words)}-${r.pick(words)}`;
  const optionName = distinct(() => ident(r));
  const serviceName = distinct(() => `${name}-${r.pick(words)}`);
  const options = Array.from({ length: r.int(3, 12) }, () => optionDecl(r, optionName())).join("");
  const services = Array.from({ length: r.int(1, 3) }, () => service(r, serviceName())).join("");
  return `{ config, lib, pkgs, ... }:
with lib;
let
  cfg = config.services.${name};
  configFile = pkgs.writeText "${name}.json" (builtins.toJSON cfg.settings);
  inherit (lib) mkOption mkIf mkEnableOption types;
in
{
  options.services.${name} = {
    enable = mkEnableOption "${name}";
    package = mkOption { type = types.package; default = pkgs.${r.pick(words)}; };
${options}    extraArgs = mkOption { type = types.listOf types.str; default = [ ]; };
  };

  config = mkIf cfg.enable {
${services}    networking.firewall.allowedTCPPorts = [ ${Array.from({ length: r.int(1, 5) }, () => r.int(1, 65535)).join(" ")} ];
    environment.systemPackages = [ cfg.package ] ++ optional (cfg.extraArgs != [ ]) pkgs.${r.pick(words)};
    assertions = [ { assertion = cfg.${r.pick(words)} != null -> cfg.enable; message = "${name}: ${r.pick(words)} needs enable"; } ];
  };
}
`;
}

/** Module-like files totalling at least `targetBytes`. */
export function moduleCorpus(seed: number, targetBytes: number): string[] {
  const r = new Random(seed);
  const files: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const src = moduleSource(r);
    files.push(src);
    size += Buffer.byteLength(src);
  }
  return files;
}

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
}

/** The formatting corpus: the nixfmt conformance inputs under `root` and generated modules. */
export function benchCorpus(root: string): CorpusFile[] {
  const fixtures = join(root, "fixtures", "nixfmt");
  const files: CorpusFile[] = readdirSync(fixtures)
    .filter((f) => f.endsWith(".in.nix"))
    .sort()
    .map((f) => ({ name: `fixtures/nixfmt/${f}`, text: readFileSync(join(fixtures, f), "utf8") }));
  moduleCorpus(CORPUS_SEED, CORPUS_BYTES).forEach((text, i) =>
    files.push({ name: `generated/module${i}.nix`, text }),
  );
  return files;
}
