/**
 * Real programs as the judge of the generated Kubernetes tree: the tree is evaluated for one host
 * NixOS-style (`nixos.ts`), each unit's command line is parsed by systemd's own parser, and the
 * programs (etcd, containerd, the CNI plugins, kubectl, iptables) run with exactly that argv in a
 * private network, mount and PID namespace (`unshare`). Nothing here stands in for a program's
 * judgement: a stub would only repeat our own idea of what the program accepts.
 *
 * How each step follows the real system:
 * - **argv**: the units (`[Service]` text from `nixos.nix`) go into a temporary unit folder, and
 *   systemd 252 itself loads them (`systemd --test --system`, as an unprivileged user because test
 *   mode refuses root) and dumps each `ExecStart`'s "Command Line", i.e. the argv after systemd's
 *   unquoting and `%` specifier expansion (`%d` becomes `/run/credentials/<unit>`). That dump is
 *   quoted by systemd's `quote_command_line`/`shell_maybe_quote`; `unquoteCommandLine` reverses it.
 *   The `$` step that systemd does only at exec time follows `replace_env_argv` (env-util.c): `$$`
 *   becomes `$`; `${NAME}` and a whole word `$NAME` would be replaced by the environment, which the
 *   generated flags must never need, so they are an error here.
 * - **store paths**: the test `pkgs` (`nixos.nix`) names packages `/nix/store/000…0-<name>`. Inside
 *   the namespace an overlay over `/nix/store` links `<pkg>/bin/<prog>` to the host's program
 *   (`cni-plugins/bin` to `/usr/lib/cni`), so argv and config files run unchanged. Programs with no
 *   binary here (kube-apiserver, kubelet, …) stand in as `/bin/true` for `systemd-analyze verify`'s
 *   executable check only.
 * - **state**: tmpfs over `/run` and `/var/lib`, an overlay over `/etc`; the PKI folder is bound at
 *   the secrets path; `LoadCredential=` files are copied to `/run/credentials/<unit>` as systemd does.
 * - **cleanup**: `unshare --pid --kill-child` ends every process of the namespace when the script
 *   ends or the time limit kills it; temp folders are removed by `tempDirs`.
 *
 * Without unshare, a program or the CNI plugins the tests skip with one line, or fail under
 * `CI`/`REQUIRE_NIX`.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { BlockList, isIP, isIPv4, isIPv6 } from "node:net";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe } from "vitest";
import { type Cluster, renderCluster } from "../k8s/index.js";
import { nixRequired } from "./nix.js";
import { describeWithNixpkgsLib, evalNixosOrThrow, nixpkgsLib } from "./nixos.js";

/** Where Debian puts the CNI plugins. */
export const CNI_DIR = "/usr/lib/cni";
/** The stub store path prefix of `nixos.nix`'s packages. */
export const STUB_STORE = /\/nix\/store\/0{32}-([A-Za-z0-9._+-]+)/g;

/** Finds a program on PATH (no program is run). */
export function which(program: string): string | undefined {
  if (program.startsWith("/")) return existsSync(program) ? program : undefined;
  for (const dir of (process.env["PATH"] ?? "").split(":").concat(["/usr/sbin", "/sbin"])) {
    if (dir !== "" && existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

/** systemd's manager binary (for `--test`). */
export function systemdBinary(): string | undefined {
  return ["/lib/systemd/systemd", "/usr/lib/systemd/systemd"].find((p) => existsSync(p));
}

/** What a program test needs that this machine lacks. */
export function missingPrograms(programs: readonly string[]): string[] {
  const missing: string[] = [];
  for (const p of programs) {
    if (p === "cni-plugins") {
      if (!["bridge", "host-local", "loopback"].every((b) => existsSync(join(CNI_DIR, b))))
        missing.push(`CNI plugins in ${CNI_DIR} (containernetworking-plugins)`);
    } else if (p === "systemd") {
      if (systemdBinary() === undefined) missing.push("systemd (/lib/systemd/systemd)");
    } else if (which(p) === undefined) missing.push(p);
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    missing.push("root (unshare --net --mount needs it)");
  return missing;
}

/**
 * `describe` for tests that run real programs: needs the nixpkgs lib and `programs` (plus root and
 * `unshare`). Without them: one visible skip line, or a failure under `CI`/`REQUIRE_NIX`.
 */
export function describeWithPrograms(
  name: string,
  programs: readonly string[],
  body: (lib: string) => void,
): void {
  const missing = missingPrograms(["unshare", "ip", ...programs]);
  if (missing.length === 0 || nixpkgsLib() === undefined) {
    describeWithNixpkgsLib(name, body);
    return;
  }
  const what = `missing ${missing.join(", ")}`;
  if (nixRequired()) {
    describe(name, () => {
      throw new Error(
        `${what}, but REQUIRE_NIX/CI is set: install them (.ci/run does: apt-get install systemd util-linux openssl etcd-server etcd-client containerd runc containernetworking-plugins kubernetes-client iproute2 iptables) and run as root`,
      );
    });
    return;
  }
  process.stderr.write(`SKIPPED (${what}): ${name}\n`);
  describe.skip(`${name} [skipped: ${what}]`, () => body(""));
}

// ---------------------------------------------------------------------------------------------
// The tree, evaluated for one host

/** The firewall options of a host, as NixOS's `networking.firewall` declares them. */
export interface FirewallOptions {
  readonly enable: boolean;
  readonly allowedTCPPorts: readonly number[];
  readonly allowedUDPPorts: readonly number[];
  readonly allowedTCPPortRanges: readonly { from: number; to: number }[];
  readonly allowedUDPPortRanges: readonly { from: number; to: number }[];
  readonly interfaces: Readonly<
    Record<string, { allowedTCPPorts?: number[]; allowedUDPPorts?: number[] }>
  >;
}

/** One host's share of the tree, as NixOS evaluates it. */
export interface HostTree {
  readonly host: string;
  /** `[Service]` text of each enabled unit (`nixos.nix`'s rendering). */
  readonly units: Readonly<Record<string, string>>;
  /** `environment.etc`: each file's store path. */
  readonly etc: Readonly<Record<string, string>>;
  readonly firewall: FirewallOptions;
  readonly containerd: { readonly enable: boolean; readonly settings: unknown };
  readonly failedAssertions: readonly string[];
  readonly secretsPath: string;
  /** Each unit's `services.<unit>.flags` (null values dropped by the module) and `extraFlags`. */
  readonly options: Readonly<
    Record<string, { flags: Record<string, unknown> | null; extraFlags: string[] }>
  >;
}

/** Writes the tree for `cluster` into `dir` (from `tempDirs`) and returns `dir`. */
export function writeTree(cluster: Cluster, dir: string): string {
  const r = renderCluster(cluster);
  if (E.isLeft(r)) throw new Error(`renderCluster failed: ${JSON.stringify(r.left)}`);
  for (const [path, text] of r.right) writeFileSync(join(dir, path), text);
  return dir;
}

/** Evaluates the tree in `dir` for `host` and extracts units, etc files and firewall options. */
export function evalHost(lib: string, dir: string, host: string, extra = "{ }"): HostTree {
  const v = evalNixosOrThrow({
    lib,
    hostName: host,
    modules: [`${dir}/default.nix`, extra],
    select: `let c = r.config; f = c.networking.firewall; in {
      units = r.units;
      etc = builtins.mapAttrs (_: e: toString e.source) c.environment.etc;
      firewall = {
        inherit (f) enable allowedTCPPorts allowedUDPPorts;
        allowedTCPPortRanges = f.allowedTCPPortRanges or [ ];
        allowedUDPPortRanges = f.allowedUDPPortRanges or [ ];
        interfaces = builtins.mapAttrs (_: i: {
          allowedTCPPorts = i.allowedTCPPorts or [ ];
          allowedUDPPorts = i.allowedUDPPorts or [ ];
        }) (f.interfaces or { });
      };
      containerd = { inherit (c.virtualisation.containerd) enable settings; };
      failedAssertions = r.failedAssertions;
      secretsPath = c.services.k8s.secretsPath;
      options = builtins.mapAttrs (u: _: {
        flags = c.services.\${u}.flags or null;
        extraFlags = c.services.\${u}.extraFlags or [ ];
      }) r.units;
    }`,
  }) as Omit<HostTree, "host">;
  return { host, ...v };
}

// ---------------------------------------------------------------------------------------------
// argv as systemd parses it

/**
 * Reverses systemd's `quote_command_line` (words joined by one space; a word with special
 * characters in double quotes, `\` before `"\`$`, control characters C-escaped as `\t`, `\n`, or
 * octal `\NNN`).
 */
export function unquoteCommandLine(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
  while (i < line.length) {
    while (line[i] === " ") i++;
    if (i >= line.length) break;
    const bytes: number[] = [];
    const push = (s: string) => bytes.push(...Buffer.from(s, "utf8"));
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\") {
          const c = line[i + 1]!;
          if (c in simple) {
            bytes.push(simple[c]!);
            i += 2;
          } else if (c === "x") {
            bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
          } else if (/[0-7]/.test(c)) {
            bytes.push(parseInt(line.slice(i + 1, i + 4), 8));
            i += 4;
          } else {
            push(c);
            i += 2;
          }
        } else {
          const cp = line.codePointAt(i)!;
          push(String.fromCodePoint(cp));
          i += cp > 0xffff ? 2 : 1;
        }
      }
      if (line[i] !== '"') throw new Error(`unterminated quote in systemd's command line: ${line}`);
      i++;
    } else {
      const start = i;
      while (i < line.length && line[i] !== " ") i++;
      push(line.slice(start, i));
    }
    words.push(Buffer.from(bytes).toString("utf8"));
  }
  return words;
}

/** systemd's exec-time `$` step (replace_env_argv) for a service without Environment= use. */
export function execTimeEnv(argv: readonly string[], unit: string): string[] {
  return argv.map((word, i) => {
    if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(word) || /(^|[^$])(\$\$)*\$\{/.test(word))
      throw new Error(
        `${unit}: argv[${i}] ${JSON.stringify(word)} would be replaced by an environment variable at exec time: escape $ as $$`,
      );
    return word.replace(/\$\$/g, "$");
  });
}

/** The unit file text written for systemd: the `[Service]` section plus a `[Unit]` header. */
function unitFile(name: string, service: string): string {
  return `[Unit]\nDescription=${name}\n\n${service}`;
}

/**
 * Each unit's `Exec*` argv as systemd 252 parses it (see the module comment), after the exec-time
 * `$` step: `{ unit: { ExecStart: [argv, ...], ... } }`.
 */
export function systemdArgv(
  units: Readonly<Record<string, string>>,
  dir: string,
): Record<string, Record<string, string[][]>> {
  const systemd = systemdBinary();
  if (systemd === undefined) throw new Error("systemd not found (/lib/systemd/systemd)");
  const unitDir = join(dir, "units");
  mkdirSync(unitDir, { recursive: true });
  chmodSync(dir, 0o755);
  chmodSync(unitDir, 0o755);
  const names = Object.keys(units);
  for (const name of names)
    writeFileSync(join(unitDir, `${name}.service`), unitFile(name, units[name]!), { mode: 0o644 });
  writeFileSync(
    join(unitDir, "nix-emit-test.target"),
    `[Unit]\nDescription=all units\nWants=${names.map((n) => `${n}.service`).join(" ")}\n`,
    { mode: 0o644 },
  );
  const asNobody =
    typeof process.getuid === "function" && process.getuid() === 0
      ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
      : [];
  const p = spawnSync(
    asNobody[0] ?? systemd,
    [
      ...asNobody.slice(1),
      ...(asNobody.length > 0 ? [systemd] : []),
      "--test",
      "--system",
      "--unit=nix-emit-test.target",
      "--no-pager",
    ],
    {
      encoding: "utf8",
      timeout: 60_000,
      env: {
        SYSTEMD_UNIT_PATH: unitDir,
        SYSTEMD_LOG_TARGET: "console",
        HOME: "/",
        PATH: process.env["PATH"] ?? "",
      },
      maxBuffer: 1 << 26,
    },
  );
  const out: Record<string, Record<string, string[][]>> = {};
  let unit: string | undefined;
  let exec: string | undefined;
  for (const line of (p.stdout ?? "").split("\n")) {
    const u = /^\t-> Unit (.+)\.service:$/.exec(line);
    if (u) {
      unit = names.includes(u[1]!) ? u[1]! : undefined;
      exec = undefined;
      continue;
    }
    if (/^\t-> Unit /.test(line)) unit = undefined;
    if (unit === undefined) continue;
    const e = /^\t\t-> (Exec[A-Za-z]+):$/.exec(line);
    if (e) exec = e[1]!;
    const c = /^\t\t\tCommand Line: (.*)$/.exec(line);
    if (c && exec !== undefined) {
      const slot = (out[unit] ??= {});
      (slot[exec] ??= []).push(execTimeEnv(unquoteCommandLine(c[1]!), unit));
    }
  }
  for (const name of names)
    if (out[name]?.["ExecStart"] === undefined)
      throw new Error(
        `systemd --test printed no ExecStart for ${name} (status ${p.status}):\n${(p.stderr ?? "").slice(-2000)}`,
      );
  return out;
}

/** The `ExecStart` argv of one unit (exactly one command). */
export function execStart(
  argv: Record<string, Record<string, string[][]>>,
  unit: string,
): string[] {
  const cmds = argv[unit]?.["ExecStart"];
  if (cmds === undefined)
    throw new Error(`no unit ${unit} on this host (units: ${Object.keys(argv).join(", ")})`);
  if (cmds.length !== 1) throw new Error(`${unit}: ${cmds.length} ExecStart commands, expected 1`);
  return cmds[0]!;
}

/** `--name=value` flags of an argv (the last one wins, as Go's flag package does). */
export function flagsOf(argv: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const w of argv.slice(1)) {
    const f = /^--([^=]+)=([\s\S]*)$/.exec(w);
    if (f) m.set(f[1]!, f[2]!);
  }
  return m;
}

/** A flag that must be there. */
export function flag(argv: readonly string[], name: string, unit: string): string {
  const v = flagsOf(argv).get(name);
  if (v === undefined) throw new Error(`${unit}: no --${name}= in ExecStart: ${argv.join(" ")}`);
  return v;
}

/** `LoadCredential=NAME:PATH` lines of a unit: NAME → PATH. */
export function loadCredentials(service: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of service.split("\n")) {
    const c = /^LoadCredential=([^:]+):(.+)$/.exec(line);
    if (c) m.set(c[1]!, c[2]!);
  }
  return m;
}

/**
 * A path as the process sees it outside systemd: `/run/credentials/<unit>/NAME` becomes the
 * `LoadCredential=` source (so the test can make the file), other paths stay.
 */
export function credentialSource(path: string, unit: string, service: string): string {
  const prefix = `/run/credentials/${unit}.service/`;
  if (!path.startsWith(prefix)) return path;
  const name = path.slice(prefix.length);
  const src = loadCredentials(service).get(name);
  if (src === undefined) throw new Error(`${unit}: ${path} but no LoadCredential=${name}:…`);
  return src;
}

// ---------------------------------------------------------------------------------------------
// The namespace

/** Host programs standing in for the stub packages' `bin/<prog>` inside the namespace. */
function storeLinks(texts: readonly string[]): [string, string][] {
  const links = new Map<string, string>();
  for (const text of texts)
    for (const m of text.matchAll(
      /\/nix\/store\/0{32}-([A-Za-z0-9._+-]+)(\/bin(\/[A-Za-z0-9._+-]+)?)?/g,
    )) {
      const pkg = `/nix/store/${"0".repeat(32)}-${m[1]}`;
      if (m[1] === "cni-plugins") links.set(`${pkg}/bin`, CNI_DIR);
      else if (m[3] !== undefined) links.set(`${pkg}${m[2]}`, which(m[3].slice(1)) ?? "/bin/true");
    }
  return [...links];
}

/** Single-quotes a word for sh. */
export function sh(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What a namespace run needs. */
export interface SandboxRun {
  /** Scratch folder on the host (from `tempDirs`). */
  readonly scratch: string;
  /** Addresses of this node, added to `lo` (as /128 or /32). */
  readonly addresses?: readonly string[];
  /** The PKI folder, bound at the secrets path (must be under /var/lib, /run or /etc). */
  readonly pki?: { readonly dir: string; readonly at: string };
  /** `LoadCredential=` of units, copied to `/run/credentials/<unit>.service/`. */
  readonly credentials?: Readonly<Record<string, Map<string, string>>>;
  /** Files to place inside (path → content), e.g. `/etc/cni/net.d/…`. */
  readonly files?: Readonly<Record<string, string>>;
  /** The test's shell script, run after the set-up. */
  readonly script: string;
  /** Texts (argv, configs) whose stub store paths must exist inside. */
  readonly uses: readonly string[];
  readonly timeoutMs: number;
}

/** The outcome of a namespace run. */
export interface SandboxResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs `script` as root in a fresh net, mount and PID namespace (see the module comment). */
export function runInSandbox(o: SandboxRun): SandboxResult {
  const s = join(o.scratch, "ov");
  const inputs = join(o.scratch, "in");
  mkdirSync(s, { recursive: true });
  mkdirSync(inputs, { recursive: true });
  const lines = [
    "set -eu",
    "ip link set lo up",
    ...(o.addresses ?? []).map(
      (a) => `ip addr add ${a}/${a.includes(":") ? "128 nodad" : "32"} dev lo`,
    ),
    `mount -t tmpfs tmpfs ${sh(s)}`,
    `mkdir -p ${sh(`${s}/eu`)} ${sh(`${s}/ew`)} ${sh(`${s}/nu`)} ${sh(`${s}/nw`)} ${sh(`${s}/files`)}`,
    `mount -t overlay overlay -o lowerdir=/etc,upperdir=${s}/eu,workdir=${s}/ew /etc`,
    `mount -t overlay overlay -o lowerdir=/nix/store,upperdir=${s}/nu,workdir=${s}/nw /nix/store`,
    "mount -t tmpfs tmpfs /run",
    "mount -t tmpfs tmpfs /var/lib",
    ...storeLinks(o.uses).flatMap(([link, target]) => [
      `mkdir -p ${sh(link.slice(0, link.lastIndexOf("/")))}`,
      `ln -sfn ${sh(target)} ${sh(link)}`,
    ]),
  ];
  if (o.pki) {
    if (!/^\/(var\/lib|run|etc)\//.test(o.pki.at))
      throw new Error(`secrets path ${o.pki.at} is not under /var/lib, /run or /etc`);
    lines.push(`mkdir -p ${sh(o.pki.at)}`, `mount --bind ${sh(o.pki.dir)} ${sh(o.pki.at)}`);
  }
  for (const [unit, creds] of Object.entries(o.credentials ?? {})) {
    const d = `/run/credentials/${unit}.service`;
    lines.push(`mkdir -p ${sh(d)}`);
    for (const [name, src] of creds) lines.push(`cp ${sh(src)} ${sh(`${d}/${name}`)}`);
  }
  Object.entries(o.files ?? {}).forEach(([path, text], i) => {
    writeFileSync(join(inputs, String(i)), text);
    lines.push(
      `mkdir -p ${sh(path.slice(0, path.lastIndexOf("/")))}`,
      `cp ${sh(join(inputs, String(i)))} ${sh(path)}`,
    );
  });
  lines.push("set +e", o.script);
  const p = spawnSync(
    "unshare",
    [
      "--net",
      "--mount",
      "--pid",
      "--fork",
      "--kill-child",
      "--mount-proc",
      "bash",
      "-c",
      lines.join("\n"),
    ],
    { encoding: "utf8", timeout: o.timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 26 },
  );
  return {
    status: p.status,
    stdout: p.stdout ?? "",
    stderr: p.stderr ?? "",
    timedOut: p.error !== undefined && /ETIMEDOUT/.test(String(p.error)),
  };
}

// ---------------------------------------------------------------------------------------------
// A throwaway PKI, made with openssl

/** A certificate to make: file names relative to the PKI folder, signer = a CA cert file. */
export interface CertSpec {
  readonly cert: string;
  readonly key: string;
  readonly cn: string;
  readonly o?: string;
  readonly sans?: readonly string[];
  /** The CA certificate file that signs it (made as a fresh CA when first named). */
  readonly signer: string;
}

/** The key file beside a CA certificate file (`ca.pem` → `ca-key.pem`). */
export const caKeyOf = (cert: string) => cert.replace(/(\.pem|\.crt)?$/, "-key.pem");

/** Makes CAs and certificates with openssl (EC P-256) in `dir`; throws openssl's error. */
export function makePki(
  dir: string,
  certs: readonly CertSpec[],
  keyPairs: readonly { pub: string; key: string }[] = [],
): void {
  const run = (args: string[]) => {
    const p = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${p.stderr}`);
  };
  const key = (file: string) => {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file]);
  };
  const cas = new Set<string>();
  const ca = (cert: string) => {
    if (cas.has(cert)) return;
    cas.add(cert);
    // A CA already in the folder (copied from another host's PKI) is kept: one CA for many hosts.
    if (existsSync(join(dir, cert)) && existsSync(join(dir, caKeyOf(cert)))) return;
    key(caKeyOf(cert));
    run([
      "req",
      "-x509",
      "-new",
      "-key",
      caKeyOf(cert),
      "-out",
      cert,
      "-days",
      "2",
      "-subj",
      `/CN=test-ca-${cert.replace(/[^A-Za-z0-9]/g, "-")}`,
    ]);
  };
  for (const c of certs) {
    ca(c.signer);
    key(c.key);
    const subj = `${c.o ? `/O=${c.o}` : ""}/CN=${c.cn}`;
    run(["req", "-new", "-key", c.key, "-out", "req.csr", "-subj", subj]);
    const ext = [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth,clientAuth",
      ...(c.sans && c.sans.length > 0
        ? [
            `subjectAltName=${c.sans.map((s) => (/^[0-9.]+$|:/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(",")}`,
          ]
        : []),
    ];
    writeFileSync(join(dir, "ext.cnf"), ext.join("\n") + "\n");
    run([
      "x509",
      "-req",
      "-in",
      "req.csr",
      "-CA",
      c.signer,
      "-CAkey",
      caKeyOf(c.signer),
      "-CAcreateserial",
      "-out",
      c.cert,
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
    ]);
  }
  for (const k of keyPairs) {
    key(k.key);
    run(["pkey", "-in", k.key, "-pubout", "-out", k.pub]);
  }
  for (const f of ["req.csr", "ext.cnf"])
    if (existsSync(join(dir, f))) writeFileSync(join(dir, f), "");
}

/** Reads a store file named in a unit or etc entry. */
export const readStore = (path: string) => readFileSync(path, "utf8");

/** Whether `address` (or a CIDR's network address) lies in `cidr` (Node's own `BlockList`). */
export function inCidr(address: string, cidr: string): boolean {
  const [net = "", bits = "", ...rest] = cidr.split("/");
  const family = isIPv6(net) ? "ipv6" : isIPv4(net) ? "ipv4" : undefined;
  const max = family === "ipv6" ? 128 : 32;
  if (family === undefined || rest.length > 0 || !/^\d+$/.test(bits) || Number(bits) > max)
    throw new Error(`inCidr: ${JSON.stringify(cidr)} is not an IPv4 or IPv6 CIDR`);
  const addr = address.split("/")[0]!;
  if (!isIP(addr)) throw new Error(`inCidr: ${JSON.stringify(address)} is not an IP address`);
  const list = new BlockList();
  list.addSubnet(net, Number(bits), family);
  return (isIPv6(addr) ? "ipv6" : "ipv4") === family && list.check(addr, family);
}

/** Whether two CIDRs overlap. */
export const cidrsOverlap = (a: string, b: string) => inCidr(a, b) || inCidr(b, a);

/**
 * A node program that runs a CNI network configuration list as a runtime does (libcni): each
 * plugin of `plugins` in order with `CNI_COMMAND=ADD`, its config plus `name`, `cniVersion` and the
 * previous result as `prevResult`; DEL in reverse order. Prints `RESULT <json>` after ADD.
 */
export function cniRunner(
  conflist: string,
  netns: string,
  command: "ADD" | "DEL",
  cniPath: string,
): string {
  return `
const { spawnSync } = require("child_process");
const list = JSON.parse(${JSON.stringify(conflist)});
const plugins = ${command === "DEL" ? "[...list.plugins].reverse()" : "list.plugins"};
let prev;
for (const p of plugins) {
  const conf = { ...p, name: list.name, cniVersion: list.cniVersion, ...(prev ? { prevResult: prev } : {}) };
  const r = spawnSync(${JSON.stringify(cniPath)} + "/" + p.type, [], {
    input: JSON.stringify(conf), encoding: "utf8",
    env: { CNI_COMMAND: ${JSON.stringify(command)}, CNI_CONTAINERID: "nix-emit-test", CNI_NETNS: ${JSON.stringify(netns)}, CNI_IFNAME: "eth0", CNI_PATH: ${JSON.stringify(cniPath)}, PATH: process.env.PATH },
  });
  if (r.status !== 0) { console.log("FAILED " + p.type + ": " + r.stdout + r.stderr); process.exit(1); }
  if (${JSON.stringify(command)} === "ADD") prev = JSON.parse(r.stdout);
}
console.log(${JSON.stringify(command)} === "ADD" ? "RESULT " + JSON.stringify(prev) : "DELETED");
`;
}

const bareKey = /^[A-Za-z0-9_-]+$/;
const tomlKey = (k: string) => (bareKey.test(k) ? k : JSON.stringify(k));
function tomlValue(v: unknown, path: string): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x, i) => tomlValue(x, `${path}[${i}]`)).join(", ")}]`;
  if (v !== null && typeof v === "object")
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x, `${path}.${k}`)}`)
      .join(", ")} }`;
  throw new Error(`${path}: TOML has no ${v === null ? "null" : typeof v}`);
}

/**
 * TOML for a JSON-like value (what nixpkgs' `formats.toml` writes through remarshal; here a plain
 * writer: tables for nested sets, inline values for the rest). Throws on null, naming the path.
 */
export function toToml(value: Record<string, unknown>): string {
  const out: string[] = [];
  const table = (obj: Record<string, unknown>, prefix: string[]) => {
    const scalars = Object.entries(obj).filter(
      ([, v]) => v === null || typeof v !== "object" || Array.isArray(v),
    );
    const tables = Object.entries(obj).filter(
      ([, v]) => v !== null && typeof v === "object" && !Array.isArray(v),
    );
    if (prefix.length > 0 && (scalars.length > 0 || tables.length === 0))
      out.push(`[${prefix.map(tomlKey).join(".")}]`);
    for (const [k, v] of scalars)
      out.push(`${tomlKey(k)} = ${tomlValue(v, [...prefix, k].join("."))}`);
    for (const [k, v] of tables) table(v as Record<string, unknown>, [...prefix, k]);
  };
  table(value, []);
  return out.join("\n") + "\n";
}

/**
 * A node program that asks a CRI runtime for its status over its gRPC socket (`runtime.v1.
 * RuntimeService/Status`, as `crictl info` does; no crictl here) and prints
 * `CRI {"RuntimeReady":{...},"NetworkReady":{"status":bool,"reason":…,"message":…}}`.
 * gRPC is HTTP/2 with 5-byte framed protobuf; the answer is decoded field by field
 * (StatusResponse.status = 1 → RuntimeStatus.conditions = 1 → RuntimeCondition: type 1, status 2,
 * reason 3, message 4; cri-api/pkg/apis/runtime/v1/api.proto).
 */
export function criStatusScript(socket: string): string {
  return `
const http2 = require("http2"), net = require("net");
function fields(buf) {
  const out = []; let i = 0;
  const varint = () => { let v = 0, s = 0, b; do { b = buf[i++]; v += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return v; };
  while (i < buf.length) {
    const key = varint(), num = Math.floor(key / 8), wire = key & 7;
    if (wire === 0) out.push([num, varint()]);
    else if (wire === 2) { const n = varint(); out.push([num, buf.subarray(i, i + n)]); i += n; }
    else if (wire === 5) { i += 4; } else if (wire === 1) { i += 8; } else throw new Error("wire " + wire);
  }
  return out;
}
const client = http2.connect("http://localhost", { createConnection: () => net.connect(${JSON.stringify(socket)}) });
client.on("error", (e) => { console.log("CRI-ERROR " + e.message); process.exit(1); });
const req = client.request({ ":method": "POST", ":path": "/runtime.v1.RuntimeService/Status", "content-type": "application/grpc", te: "trailers" });
const chunks = [];
req.on("data", (c) => chunks.push(c));
req.on("trailers", (t) => { if (t["grpc-status"] !== "0") console.log("CRI-ERROR grpc-status " + t["grpc-status"] + " " + t["grpc-message"]); });
req.on("end", () => {
  const body = Buffer.concat(chunks).subarray(5);
  const result = {};
  for (const [n1, status] of fields(body)) if (n1 === 1)
    for (const [n2, cond] of fields(status)) if (n2 === 1) {
      const c = { status: false, reason: "", message: "" }; let type = "";
      for (const [n, v] of fields(cond)) {
        if (n === 1) type = v.toString(); else if (n === 2) c.status = v === 1;
        else if (n === 3) c.reason = v.toString(); else if (n === 4) c.message = v.toString();
      }
      result[type] = c;
    }
  console.log("CRI " + JSON.stringify(result));
  client.close();
});
req.end(Buffer.alloc(5));
setTimeout(() => { console.log("CRI-ERROR timeout"); process.exit(1); }, 10000).unref();
`;
}

/**
 * The rules NixOS's iptables firewall (`nixos/modules/services/networking/firewall-iptables.nix`)
 * makes from the options, in `iptables-restore` form for one family: `lo` (a trusted interface)
 * accepted, then established/related, then one accept per allowed port and range (with `-i <name>`
 * for `interfaces.<name>`, none for the global lists), ICMPv6 (less redirects and type 139) or
 * ICMPv4 echo accepted, DHCPv6 client replies accepted, and everything else dropped
 * (`rejectPackets` defaults to false; the LOG rule is left out, it changes no verdict). Hooked into
 * INPUT. With `enable = false`, no rules.
 */
export function nixosFirewallRules(fw: FirewallOptions, family: 4 | 6): string {
  const lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"];
  if (fw.enable) {
    lines.push(":nixos-fw - [0:0]", ":nixos-fw-accept - [0:0]", ":nixos-fw-refuse - [0:0]");
    lines.push("-A nixos-fw-accept -j ACCEPT", "-A nixos-fw-refuse -j DROP");
    const add = (rule: string) => lines.push(`-A nixos-fw ${rule}`);
    add("-i lo -j nixos-fw-accept");
    add("-m conntrack --ctstate ESTABLISHED,RELATED -j nixos-fw-accept");
    const all: [string, Partial<FirewallOptions>][] = [
      ["default", fw],
      ...Object.entries(fw.interfaces),
    ];
    for (const proto of ["tcp", "udp"] as const)
      for (const [iface, o] of all) {
        const i = iface === "default" ? "" : ` -i ${iface}`;
        const ports = proto === "tcp" ? o.allowedTCPPorts : o.allowedUDPPorts;
        const ranges = proto === "tcp" ? o.allowedTCPPortRanges : o.allowedUDPPortRanges;
        for (const p of ports ?? []) add(`-p ${proto} --dport ${p} -j nixos-fw-accept${i}`);
        for (const r of ranges ?? [])
          add(`-p ${proto} --dport ${r.from}:${r.to} -j nixos-fw-accept${i}`);
      }
    if (family === 4) add("-p icmp --icmp-type echo-request -j nixos-fw-accept");
    else {
      add("-p icmpv6 --icmpv6-type redirect -j DROP");
      add("-p icmpv6 --icmpv6-type 139 -j DROP");
      add("-p icmpv6 -j nixos-fw-accept");
      add("-d fe80::/64 -p udp --dport 546 -j nixos-fw-accept");
    }
    add("-j nixos-fw-refuse");
    lines.push("-A INPUT -j nixos-fw");
  }
  lines.push("COMMIT");
  return lines.join("\n") + "\n";
}

/**
 * A node program that listens on every given TCP and UDP port (UDP echoes), or, as a client,
 * connects to each over `address` and prints `OPEN-TCP <ports>` and `OPEN-UDP <ports>`.
 */
export function portProbeScript(
  role: "listen" | "probe",
  address: string,
  tcp: readonly number[],
  udp: readonly number[],
): string {
  if (role === "listen")
    return `
const net = require("net"), dgram = require("dgram");
for (const p of ${JSON.stringify(tcp)}) net.createServer((s) => { s.on("error", () => {}); s.end("ok"); }).listen(p, "::");
for (const p of ${JSON.stringify(udp)}) { const s = dgram.createSocket({ type: "udp6", ipv6Only: false }); s.on("message", (m, r) => s.send("ok", r.port, r.address)); s.bind(p, "::"); }
setTimeout(() => console.log("LISTENING"), 500);
`;
  return `
const net = require("net"), dgram = require("dgram");
const tcp = (p) => new Promise((res) => { const s = net.connect({ host: ${JSON.stringify(address)}, port: p }); const t = setTimeout(() => { s.destroy(); res(false); }, 1500); s.on("connect", () => { clearTimeout(t); s.destroy(); res(true); }); s.on("error", () => { clearTimeout(t); res(false); }); });
const udp = (p) => new Promise((res) => { const s = dgram.createSocket(${JSON.stringify(address.includes(":") ? "udp6" : "udp4")}); const t = setTimeout(() => { s.close(); res(false); }, 1500); s.on("message", () => { clearTimeout(t); s.close(); res(true); }); s.on("error", () => { clearTimeout(t); s.close(); res(false); }); s.send("x", p, ${JSON.stringify(address)}); });
(async () => {
  const t = await Promise.all(${JSON.stringify(tcp)}.map(tcp));
  const u = await Promise.all(${JSON.stringify(udp)}.map(udp));
  console.log("OPEN-TCP " + ${JSON.stringify(tcp)}.filter((_, i) => t[i]).join(" "));
  console.log("OPEN-UDP " + ${JSON.stringify(udp)}.filter((_, i) => u[i]).join(" "));
})();
`;
}
