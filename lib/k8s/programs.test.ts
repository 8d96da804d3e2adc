/**
 * The generated tree judged by the real programs (issue 20, "How to test it"): systemd parses every
 * unit, etcd, containerd, the CNI plugins, ip and kubectl run with exactly the generated argv and files
 * in a private namespace (`lib/testing/programs.ts`). The example cluster, and for the cheap checks a
 * 3-controller + 4-worker IPv4 cluster.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import {
  type CertSpec,
  type HostTree,
  CNI_DIR,
  cidrsOverlap,
  cniRunner,
  credentialSource,
  criStatusScript,
  inCidr,
  describeWithPrograms,
  evalHost,
  execStart,
  flag,
  flagsOf,
  loadCredentials,
  makePki,
  nixosFirewallRules,
  portProbeScript,
  runInSandbox,
  sh,
  systemdArgv,
  toToml,
  writeTree,
} from "../testing/programs.js";
import { tempDirs } from "../testing/tempDirs.js";
import type { Cluster } from "./index.js";
import { pkiEntries, SECRET_FILES } from "./pki.js";

const tmp = tempDirs("nix-emit-programs-");

/** 3 controllers + 4 workers on IPv4. */
export const bigCluster: Cluster = {
  ...exampleCluster,
  apiServerAddress: "https://10.0.0.1:6443",
  nodes: [
    ...[1, 2, 3].map((i) => ({
      name: `c${i}`,
      addresses: [`10.0.0.${i}`],
      roles: ["controller" as const],
    })),
    ...[1, 2, 3, 4].map((i) => ({
      name: `w${i}`,
      addresses: [`10.0.0.${10 + i}`],
      roles: ["worker" as const],
    })),
  ],
  apiserver: {
    flags: {
      ...exampleCluster.apiserver!.flags,
      bindAddress: "0.0.0.0",
      serviceClusterIpRange: "10.96.0.0/12",
    },
  },
  podNetwork: { type: "bridge", clusterCidr: "10.244.0.0/16" },
};

type Argv = ReturnType<typeof systemdArgv>;
interface Host {
  readonly tree: HostTree;
  readonly argv: Argv;
  readonly addresses: string[];
}

const nodeOf = (cluster: Cluster, host: string) => {
  const node = (cluster.nodes ?? []).find((n) => n.name === host);
  if (!node) throw new Error(`no node ${host}`);
  return node;
};

/** A unit's file flag as a path relative to the secrets folder (through LoadCredential). */
function secret(h: Host, unit: string, name: string): string {
  const path = credentialSource(
    flag(execStart(h.argv, unit), name, unit),
    unit,
    h.tree.units[unit]!,
  );
  const rel = relative(h.tree.secretsPath, path);
  if (rel.startsWith(".."))
    throw new Error(`${unit} --${name}=${path} is outside ${h.tree.secretsPath}`);
  return rel;
}

/**
 * A throwaway PKI for one host, after `pkiEntries` (subjects, SANs), each certificate signed by the
 * CA file that the programs trust for it: etcd's serving certificate by the API server's
 * `--etcd-cafile`, the API server's etcd client certificate by etcd's `--trusted-ca-file`, the
 * peer certificate by `--peer-trusted-ca-file`, everything else by the cluster CA.
 */
function hostPki(cluster: Cluster, h: Host, dir: string): void {
  const host = h.tree.host;
  const ca: string = SECRET_FILES.ca.cert;
  const signers = new Map<string, string>();
  const cas = new Set<string>([ca]);
  if (h.argv["k8s-etcd"]) {
    const etcdCa = secret(h, "k8s-etcd", "trusted-ca-file");
    const peerCa = secret(h, "k8s-etcd", "peer-trusted-ca-file");
    cas.add(etcdCa).add(peerCa);
    signers.set(secret(h, "k8s-etcd", "peer-cert-file"), peerCa);
    if (h.argv["k8s-apiserver"]) {
      const clientCa = secret(h, "k8s-apiserver", "etcd-cafile");
      cas.add(clientCa);
      signers.set(secret(h, "k8s-etcd", "cert-file"), clientCa);
      signers.set(secret(h, "k8s-apiserver", "etcd-certfile"), etcdCa);
    }
  }
  const fill = (s: string) => s.replace("<node name>", host);
  const certs: CertSpec[] = [];
  const pairs: { pub: string; key: string }[] = [];
  for (const e of pkiEntries(cluster)) {
    if (cas.has(e.cert)) continue;
    if (e.cn === undefined) {
      if (e.key) pairs.push({ pub: e.cert, key: e.key });
      continue;
    }
    certs.push({
      cert: e.cert,
      key: e.key ?? e.cert.replace(/\.pem$/, "-key.pem"),
      cn: fill(e.cn),
      ...(e.o ? { o: e.o } : {}),
      sans: (e.sans ?? []).flatMap((s) => (s === "<node addresses>" ? h.addresses : [fill(s)])),
      signer: signers.get(e.cert) ?? ca,
    });
  }
  makePki(dir, certs, pairs);
}

/** Every kubeconfig the host's units and etc files name (JSON files with clusters and users). */
function kubeconfigs(h: Host): Map<
  string,
  {
    clusters: { cluster: { server: string; "certificate-authority"?: string } }[];
    users: { user: { "client-certificate"?: string } }[];
  }
> {
  const found = new Map<string, never>();
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    let v: unknown;
    try {
      v = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      return;
    }
    const o = v as { clusters?: unknown; users?: unknown };
    if (Array.isArray(o.clusters) && Array.isArray(o.users)) found.set(path, v as never);
    for (const m of JSON.stringify(v).matchAll(/\/nix\/store\/[a-z0-9]{32}-[^"\\]+/g)) visit(m[0]);
  };
  for (const unit of Object.values(h.argv))
    for (const w of unit["ExecStart"]!.flat())
      for (const m of w.matchAll(/\/nix\/store\/[a-z0-9]{32}-[^",]+/g)) visit(m[0]);
  for (const path of Object.values(h.tree.etc)) visit(path);
  return found;
}

describeWithPrograms(
  "the generated tree run by the real programs",
  [
    "systemd",
    "systemd-analyze",
    "setpriv",
    "openssl",
    "etcd",
    "etcdctl",
    "containerd",
    "ctr",
    "runc",
    "cni-plugins",
    "kubectl",
    "iptables-restore",
    "ip6tables-restore",
  ],
  (lib) => {
    const trees = new Map<Cluster, string>();
    const hosts = new Map<string, Host>();
    const hostOf = (cluster: Cluster, name: string): Host => {
      const key = `${cluster === exampleCluster ? "example" : "big"}/${name}`;
      let h = hosts.get(key);
      if (!h) {
        if (!trees.has(cluster)) trees.set(cluster, writeTree(cluster, tmp()));
        const tree = evalHost(lib, trees.get(cluster)!, name);
        h = {
          tree,
          argv: systemdArgv(tree.units, tmp()),
          addresses: [...(nodeOf(cluster, name).addresses ?? [])],
        };
        hosts.set(key, h);
      }
      return h;
    };
    const names = (c: Cluster) => (c.nodes ?? []).map((n) => n.name!);

    it("systemd parses every unit of every host into exactly the intended argv; systemd-analyze verify is clean", () => {
      let checked = 0;
      for (const cluster of [exampleCluster, bigCluster]) {
        for (const name of names(cluster)) {
          const h = hostOf(cluster, name);
          expect(h.tree.failedAssertions, name).toEqual([]);
          for (const [unit, want] of Object.entries(intended(h))) {
            const argv = execStart(h.argv, unit);
            expect(argv[0], `${name} ${unit}`).toMatch(
              /^\/nix\/store\/[a-z0-9]{32}-[^/]+\/bin\/[a-z-]+$/,
            );
            expect(argv.slice(1), `${name} ${unit}`).toEqual(
              want.map((w) => w.replace(/^(--[^=]+=)?%d\//, `$1/run/credentials/${unit}.service/`)),
            );
            checked++;
          }
          const v = verify(h, tmp());
          expect(v, `${name}: systemd-analyze verify`).toBe("");
        }
      }
      expect(checked).toBeGreaterThanOrEqual(5 + 3 * 4 + 4);
    });

    it("hostile flag values (%, $, quotes, tabs, newlines, %d) reach the program unchanged", () => {
      const hostile = `a=50%z,b=$HOME,c=\${X},d="q'uote",e=\\back\tslash\nline,f=%d,g=é✓;h=`;
      const tree = evalHost(
        lib,
        trees.get(exampleCluster) ?? writeTree(exampleCluster, tmp()),
        "worker1",
        `{ services.k8s-kubelet.flags.node-labels = ${JSON.stringify(hostile).replace(/\$/g, "\\$")}; services.k8s-kubelet.extraFlags = [ "$$" "%%" "x y" ]; }`,
      );
      const argv = execStart(systemdArgv(tree.units, tmp()), "k8s-kubelet");
      expect(flagsOf(argv).get("node-labels")).toBe(hostile);
      expect(argv.slice(-3)).toEqual(["$$", "%%", "x y"]);
    });

    it("etcd starts with the generated flags; healthy through the API server's etcd client certificate, a kubelet certificate refused", () => {
      const h = hostOf(exampleCluster, "fat-controller");
      const pki = tmp();
      hostPki(exampleCluster, h, pki);
      const etcd = execStart(h.argv, "k8s-etcd");
      const api = execStart(h.argv, "k8s-apiserver");
      const inPki = (unit: string, f: string) => `${h.tree.secretsPath}/${secret(h, unit, f)}`;
      const ctl = (cert: string, key: string) =>
        `etcdctl --endpoints=${sh(flag(api, "etcd-servers", "k8s-apiserver"))} --cacert=${sh(inPki("k8s-apiserver", "etcd-cafile"))} --cert=${sh(cert)} --key=${sh(key)} --dial-timeout=3s --command-timeout=5s`;
      const good = ctl(
        inPki("k8s-apiserver", "etcd-certfile"),
        inPki("k8s-apiserver", "etcd-keyfile"),
      );
      const s = SECRET_FILES;
      const bad = ctl(
        `${h.tree.secretsPath}/${s.kubeletClient.cert}`,
        `${h.tree.secretsPath}/${s.kubeletClient.key}`,
      );
      const r = runInSandbox({
        scratch: tmp(),
        addresses: h.addresses,
        pki: { dir: pki, at: h.tree.secretsPath },
        credentials: {
          "k8s-etcd": loadCredentials(h.tree.units["k8s-etcd"]!),
          "k8s-apiserver": loadCredentials(h.tree.units["k8s-apiserver"]!),
        },
        uses: [etcd.join(" ")],
        timeoutMs: 60_000,
        script: `
${etcd.map(sh).join(" ")} >/run/etcd.log 2>&1 &
for i in $(seq 1 60); do ${good} endpoint health >/dev/null 2>&1 && break; sleep 0.5; done
echo "HEALTH: $(${good} endpoint health 2>&1 | tr '\\n' ' ')"
${good} put /nix-emit ok >/dev/null 2>&1 && echo "GOOD-GET: $(${good} get --print-value-only /nix-emit 2>&1)"
echo "BAD-GET: $(${bad} get --print-value-only /nix-emit 2>&1 | tr '\\n' ' ')"
echo "LOG:"; grep -m2 "rejected connection" /run/etcd.log; tail -5 /run/etcd.log`,
      });
      const out = r.stdout;
      expect(out, r.stderr).toMatch(/HEALTH: \S+ is healthy/);
      expect(out).toContain("GOOD-GET: ok");
      expect(out, "etcd must refuse a kubelet client certificate (a separate etcd CA)").not.toMatch(
        /BAD-GET: ok/,
      );
      expect(out, "etcd itself refused the kubelet certificate").toMatch(
        /rejected connection .*certificate signed by unknown authority/,
      );
    });

    it("a 3-controller etcd cluster forms over peer TLS, each member with its own host's argv and certificates", () => {
      const cs = ["c1", "c2", "c3"].map((c) => hostOf(bigCluster, c));
      const pkis: string[] = [];
      for (const h of cs) {
        const d = tmp();
        // One set of CAs for the cluster: the later hosts start from the first host's folder.
        if (pkis.length > 0) cpSync(pkis[0]!, d, { recursive: true });
        hostPki(bigCluster, h, d);
        pkis.push(d);
      }
      const secrets = cs[0]!.tree.secretsPath;
      // Each member in its own network namespace (its address on a veth to a bridge, as three hosts on
      // one LAN) and mount namespace (its secrets, data dir and credentials).
      const member = (h: Host, i: number) => {
        const argv = execStart(h.argv, "k8s-etcd");
        const creds = [...loadCredentials(h.tree.units["k8s-etcd"]!)];
        const inner = [
          `mount --bind ${sh(pkis[i]!)} ${sh(secrets)}`,
          `mount -t tmpfs tmpfs ${sh(flag(argv, "data-dir", "k8s-etcd"))}`,
          "mkdir -p /run/credentials && mount -t tmpfs tmpfs /run/credentials && mkdir -p /run/credentials/k8s-etcd.service",
          ...creds.map(
            ([name, src]) => `cp ${sh(src)} /run/credentials/k8s-etcd.service/${sh(name)}`,
          ),
          `exec ${argv.map(sh).join(" ")}`,
        ].join("\n");
        const address = h.addresses[0]!;
        const v6 = address.includes(":");
        return [
          `ip netns add m${i}`,
          `ip link add v${i} type veth peer name eth0 netns m${i}`,
          `ip link set v${i} master br0 up`,
          `ip -n m${i} addr add ${address}/${v6 ? "64 nodad" : "24"} dev eth0`,
          `ip -n m${i} link set eth0 up`,
          `ip -n m${i} link set lo up`,
          `mkdir -p ${sh(flag(argv, "data-dir", "k8s-etcd"))}`,
          `ip netns exec m${i} unshare --mount bash -c ${sh(inner)} >/run/etcd${i}.log 2>&1 &`,
        ].join("\n");
      };
      const api = execStart(cs[0]!.argv, "k8s-apiserver");
      const rel = (f: string) => `${pkis[0]}/${secret(cs[0]!, "k8s-apiserver", f)}`;
      const ctl = `etcdctl --endpoints=${sh(flag(api, "etcd-servers", "k8s-apiserver"))} --cacert=${sh(rel("etcd-cafile"))} --cert=${sh(rel("etcd-certfile"))} --key=${sh(rel("etcd-keyfile"))} --dial-timeout=3s --command-timeout=5s`;
      const r = runInSandbox({
        scratch: tmp(),
        uses: cs.map((h) => execStart(h.argv, "k8s-etcd").join(" ")),
        timeoutMs: 120_000,
        script: [
          `mkdir -p ${sh(secrets)}`,
          "ip link add br0 type bridge && ip link set br0 up",
          `ip addr add ${cs[0]!.addresses[0]!.replace(/\d+$/, "254")}/24 dev br0`,
          ...cs.map(member),
          `for i in $(seq 1 30); do [ "$(${ctl} endpoint health 2>/dev/null | grep -c 'is healthy')" = 3 ] && break; sleep 0.5; done`,
          `echo "HEALTHY $(${ctl} endpoint health 2>&1 | grep -c 'is healthy')"`,
          `echo "MEMBERS $(${ctl} member list 2>&1 | grep -c ', started, ')"`,
          "tail -n 3 /run/etcd*.log",
        ].join("\n"),
      });
      const where = `${r.stdout}\n${r.stderr}`;
      expect(r.stdout, where).toContain("HEALTHY 3");
      expect(r.stdout, where).toContain("MEMBERS 3");
    });

    it("kubectl reads every generated kubeconfig and completes mutual TLS with its certificates", () => {
      let checked = 0;
      for (const [cluster, name] of [exampleCluster, bigCluster].flatMap((c) =>
        names(c).map((n) => [c, n] as const),
      )) {
        const h = hostOf(cluster, name);
        const configs = kubeconfigs(h);
        expect(configs.size, `${name}: kubeconfigs found`).toBeGreaterThan(0);
        const pki = tmp();
        hostPki(cluster, h, pki);
        const s = SECRET_FILES;
        const at = (f: string) => `${h.tree.secretsPath}/${f}`;
        const servers = new Set([...configs.values()].map((k) => k.clusters[0]!.cluster.server));
        const serve = [...servers].map((url) => {
          const u = new URL(url);
          const host = u.hostname.replace(/^\[|\]$/g, "");
          return {
            host,
            js: `require("https").createServer({cert: fs.readFileSync(${JSON.stringify(at(s.apiserver.cert))}), key: fs.readFileSync(${JSON.stringify(at(s.apiserver.key))}), ca: fs.readFileSync(${JSON.stringify(at(s.ca.cert))}), requestCert: true, rejectUnauthorized: true}, (req, res) => res.end("CN=" + req.socket.getPeerCertificate().subject.CN)).listen(${u.port || 443}, ${JSON.stringify(host)}, () => console.log("LISTENING"));`,
          };
        });
        const expectedCn = (k: { users: { user: { "client-certificate"?: string } }[] }) => {
          const cert = k.users[0]?.user["client-certificate"] ?? "";
          const e = pkiEntries(cluster).find(
            (e) => at(e.cert) === cert || cert.endsWith(`/${e.cert}`),
          );
          return e?.cn?.replace("<node name>", name);
        };
        const list = [...configs.entries()];
        const r = runInSandbox({
          scratch: tmp(),
          addresses: [
            ...new Set([
              ...h.addresses,
              ...serve
                .map((x) => x.host)
                .filter((a) => /^[0-9a-f:.]+$/.test(a) && a !== "127.0.0.1" && a !== "::1"),
            ]),
          ],
          pki: { dir: pki, at: h.tree.secretsPath },
          credentials: Object.fromEntries(
            Object.entries(h.tree.units).map(([u, t]) => [u, loadCredentials(t)]),
          ),
          uses: [],
          timeoutMs: 90_000,
          script: [
            ...serve.map(
              (x) =>
                `${sh(process.execPath)} -e ${sh(`const fs = require("fs"); ${x.js}`)} >/run/server.log 2>&1 &`,
            ),
            "for i in $(seq 1 40); do [ $(grep -c LISTENING /run/server.log 2>/dev/null || echo 0) -ge " +
              String(serve.length) +
              " ] && break; sleep 0.25; done",
            ...list.flatMap(([path], i) => [
              `echo "VIEW ${i}: $(kubectl config view --kubeconfig=${sh(path)} -o jsonpath='{.current-context}' 2>&1)"`,
              `echo "RAW ${i}: $(kubectl --kubeconfig=${sh(path)} --request-timeout=10s get --raw /healthz 2>&1 | tr '\\n' ' ')"`,
            ]),
          ].join("\n"),
        });
        list.forEach(([path, k], i) => {
          const where = `${name}: ${path}`;
          expect(r.stdout, `${where}\n${r.stderr}`).toMatch(new RegExp(`VIEW ${i}: \\S+`));
          expect(r.stdout, where).not.toMatch(new RegExp(`VIEW ${i}: error`));
          const cn = expectedCn(k);
          expect(cn, `${where}: its client certificate is not in the PKI listing`).toBeDefined();
          expect(r.stdout, where).toContain(`RAW ${i}: CN=${cn}`);
          checked++;
        });
      }
      expect(checked).toBeGreaterThanOrEqual(6 + 13);
    });

    it("the generated CNI config, run through the real plugins, gives a pod an address from its node's pod CIDR and a route to the others", () => {
      for (const cluster of [exampleCluster, bigCluster]) {
        const workers = (cluster.nodes ?? [])
          .filter((n) => n.roles?.includes("worker"))
          .map((n) => n.name!);
        const confs = workers.map((w) => {
          const h = hostOf(cluster, w);
          const path = h.tree.etc[POD_NETWORK];
          if (path === undefined)
            throw new Error(
              `${w}: no environment.etc."${POD_NETWORK}": the tree installs no pod network (issue 20, point 1)`,
            );
          const text = readFileSync(path, "utf8");
          return { w, h, text, subnet: podSubnet(JSON.parse(text)) };
        });
        const clusterCidr = cluster.podNetwork?.clusterCidr;
        if (clusterCidr === undefined)
          throw new Error("the test clusters have podNetwork.clusterCidr");
        for (const c of confs) {
          expect(
            inCidr(c.subnet, clusterCidr),
            `${c.w}: pod subnet ${c.subnet} in ${clusterCidr}`,
          ).toBe(true);
          for (const o of confs)
            if (o !== c)
              expect(
                cidrsOverlap(c.subnet, o.subnet),
                `${c.w} ${c.subnet} vs ${o.w} ${o.subnet}`,
              ).toBe(false);
        }
        for (const c of confs) {
          const other = confs.find((o) => o !== c)!;
          const otherAddr = other.subnet
            .split("/")[0]!
            .replace(/(::)?$/, (m) => (m === "::" ? "::5" : ""))
            .replace(/\.0$/, ".5");
          const netns = "/run/netns/pod";
          const r = runInSandbox({
            scratch: tmp(),
            addresses: c.h.addresses,
            uses: [c.text],
            timeoutMs: 60_000,
            script: [
              "ip netns add pod",
              `${sh(process.execPath)} -e ${sh(cniRunner(c.text, netns, "ADD", CNI_DIR))}`,
              "sleep 2",
              "echo \"ADDR $(ip -n pod -o addr show dev eth0 scope global | awk '{print $4}' | tr '\\n' ' ')\"",
              `echo "ROUTE $(ip -n pod route get ${otherAddr} 2>&1)"`,
              `${sh(process.execPath)} -e ${sh(cniRunner(c.text, netns, "DEL", CNI_DIR))}`,
              'echo "AFTER $(ip -n pod -o addr show dev eth0 2>&1 | head -1)"',
            ].join("\n"),
          });
          const where = `${c.w} (${c.subnet})\n${r.stdout}\n${r.stderr}`;
          expect(r.stdout, where).toMatch(/^RESULT /m);
          const addrs =
            /^ADDR (.*)$/m
              .exec(r.stdout)?.[1]
              ?.trim()
              .split(" ")
              .filter((a) => a !== "") ?? [];
          expect(addrs.length, where).toBeGreaterThan(0);
          for (const a of addrs)
            expect(inCidr(a, c.subnet), `${a} in ${c.subnet}: ${where}`).toBe(true);
          expect(r.stdout, where).toMatch(/^ROUTE \S+ (from \S+ )?(via \S+ )?dev eth0/m);
          expect(r.stdout, where).toContain("DELETED");
          expect(r.stdout, where).toMatch(/^AFTER .*(does not exist|Cannot find)/m);
        }
      }
    });

    it("k8s-pod-routes, run by the real ip, routes every other worker's pod CIDR (as its CNI config hands out) through that worker's address", () => {
      let routes = 0;
      for (const cluster of [exampleCluster, bigCluster]) {
        const workers = (cluster.nodes ?? []).filter((n) => n.roles?.includes("worker"));
        const subnets = new Map(
          workers.map((w) => {
            const path = hostOf(cluster, w.name!).tree.etc[POD_NETWORK];
            if (path === undefined) throw new Error(`${w.name}: no ${POD_NETWORK}`);
            return [w.name!, podSubnet(JSON.parse(readFileSync(path, "utf8")))] as const;
          }),
        );
        for (const name of names(cluster)) {
          const h = hostOf(cluster, name);
          const cmds = h.argv["k8s-pod-routes"]?.["ExecStart"];
          expect(cmds, `${name}: a k8s-pod-routes unit with ExecStart`).toBeDefined();
          const address = h.addresses[0]!;
          const v6 = address.includes(":");
          const r = runInSandbox({
            scratch: tmp(),
            uses: cmds!.map((c) => c.join(" ")),
            timeoutMs: 30_000,
            script: [
              // The node's LAN: its address on one end of a veth pair (no dummy driver in every kernel).
              "ip link add d0 type veth peer name d1 && ip link set d1 up",
              `ip addr add ${address}/${v6 ? "64 nodad" : "24"} dev d0`,
              "ip link set d0 up",
              ...cmds!.map((c) => `${c.map(sh).join(" ")}; echo "EXIT $?"`),
              `ip -o ${v6 ? "-6 " : ""}route show | sed 's/^/ROUTE /'`,
            ].join("\n"),
          });
          const where = `${name}\n${r.stdout}\n${r.stderr}`;
          expect(r.stdout.match(/^EXIT \d+$/gm), where).toEqual(cmds!.map(() => "EXIT 0"));
          const got = [...r.stdout.matchAll(/^ROUTE (\S+) via (\S+) dev d0/gm)]
            .map((m) => `${m[1]} via ${m[2]}`)
            .sort();
          const want = workers
            .filter((w) => w.name !== name)
            .map((w) => `${subnets.get(w.name!)} via ${w.addresses![0]}`)
            .sort();
          expect(got, where).toEqual(want);
          routes += got.length;
        }
      }
      expect(routes).toBeGreaterThanOrEqual(3 * 2 + 3 * 4 + 4 * 3);
    });

    it("containerd accepts the generated config, starts, and its CRI plugin loads the generated pod network", () => {
      for (const cluster of [exampleCluster, bigCluster]) {
        const worker = (cluster.nodes ?? []).find((n) => n.roles?.includes("worker"))!.name!;
        const h = hostOf(cluster, worker);
        expect(h.tree.containerd.enable, worker).toBe(true);
        const settings = h.tree.containerd.settings as {
          plugins: Record<string, { cni?: { bin_dir?: string; conf_dir?: string } }>;
        };
        const cni = settings.plugins["io.containerd.grpc.v1.cri"]?.cni ?? {};
        expect(
          cni.bin_dir,
          `${worker}: containerd's cni.bin_dir must be \${pkgs.cni-plugins}/bin`,
        ).toMatch(/^\/nix\/store\/[a-z0-9]{32}-cni-plugins\/bin$/);
        expect(cni.conf_dir ?? "/etc/cni/net.d").toBe("/etc/cni/net.d");
        if (h.tree.etc[POD_NETWORK] === undefined)
          throw new Error(
            `${worker}: no environment.etc."${POD_NETWORK}": containerd has no pod network (issue 20, point 1)`,
          );
        const toml = toToml(settings as Record<string, unknown>);
        const files: Record<string, string> = { "/run/nix-emit/containerd.toml": toml };
        for (const [name, path] of Object.entries(h.tree.etc))
          files[`/etc/${name}`] = readFileSync(path, "utf8");
        // nixpkgs' virtualisation/containerd.nix: ExecStart = "${pkgs.containerd}/bin/containerd --config <settings as TOML>".
        const argv = [
          "/nix/store/" + "0".repeat(32) + "-containerd/bin/containerd",
          "--config",
          "/run/nix-emit/containerd.toml",
        ];
        const socket = String(
          (settings as { grpc?: { address?: string } }).grpc?.address ??
            "/run/containerd/containerd.sock",
        );
        const r = runInSandbox({
          scratch: tmp(),
          addresses: h.addresses,
          files,
          uses: [argv[0]!, toml],
          timeoutMs: 90_000,
          script: [
            `${argv.map(sh).join(" ")} config dump >/run/dump.toml 2>/run/dump.err; echo "DUMP $?"`,
            `echo "BINDIR $(grep -m1 'bin_dir' /run/dump.toml)"`,
            `ls ${sh(cni.bin_dir!)}/bridge ${sh(cni.bin_dir!)}/host-local >/dev/null && echo PLUGINS-THERE`,
            `${argv.map(sh).join(" ")} >/run/containerd.log 2>&1 &`,
            "for i in $(seq 1 60); do grep -q 'containerd successfully booted' /run/containerd.log && break; sleep 0.5; done",
            "sleep 2",
            `echo "VERSION $(ctr --address ${sh(socket)} version 2>&1 | grep -c Server)"`,
            `${sh(process.execPath)} -e ${sh(criStatusScript(socket))}`,
            "echo LOG; grep -i 'cni\\|error\\|booted' /run/containerd.log | head -20; cat /run/dump.err",
          ].join("\n"),
        });
        const where = `${worker}\n${r.stdout}\n${r.stderr}`;
        expect(r.stdout, where).toContain("DUMP 0");
        expect(r.stdout, where).toContain("PLUGINS-THERE");
        expect(r.stdout, `containerd's own view of cni.bin_dir: ${where}`).toMatch(
          /^BINDIR\s+bin_dir = "\/nix\/store\/[a-z0-9]{32}-cni-plugins\/bin"$/m,
        );
        expect(r.stdout, where).toContain("containerd successfully booted");
        expect(r.stdout, where).toContain("VERSION 1");
        const cri = JSON.parse(/^CRI (.*)$/m.exec(r.stdout)?.[1] ?? "{}") as Record<
          string,
          { status: boolean; message: string }
        >;
        expect(cri["RuntimeReady"]?.status, `RuntimeReady: ${where}`).toBe(true);
        expect(
          cri["NetworkReady"]?.status,
          `NetworkReady (the CRI plugin loaded the pod network): ${JSON.stringify(cri["NetworkReady"])}\n${where}`,
        ).toBe(true);
        expect(r.stdout, where).not.toMatch(
          /no network config found|cni plugin not initialized|failed to load cni/i,
        );
        expect(r.stdout, where).not.toMatch(/failed to load plugin io\.containerd\.grpc\.v1\.cri/i);
      }
    });

    it("each role's firewall lets in exactly its ports: NixOS's rules from the evaluated options, probed over a veth pair", () => {
      const probedTcp = [
        22, 53, 80, 179, 443, 2379, 2380, 4240, 5473, 6443, 8080, 8472, 9153, 10248, 10249, 10250,
        10255, 10256, 10257, 10259, 30000, 32767,
      ];
      const probedUdp = [53, 4789, 6443, 8472, 10250, 51820];
      let probes = 0;
      for (const cluster of [exampleCluster, bigCluster]) {
        for (const name of names(cluster)) {
          const h = hostOf(cluster, name);
          const fw = h.tree.firewall;
          expect(fw.enable, `${name}: the tree must not turn NixOS's firewall off`).toBe(true);
          const roles = nodeOf(cluster, name).roles ?? [];
          const units = Object.keys(h.tree.units);
          const dns = units.some((u) => /coredns/.test(u));
          // The issue's table: controllers 6443 and etcd's 2379-2380; a node with a kubelet 10250;
          // 10257/10259 only on loopback; DNS 53 where CoreDNS runs on the host; nothing for the
          // routed bridge network.
          const wantTcp = [
            ...(roles.includes("controller") ? [2379, 2380, 6443] : []),
            ...(units.includes("k8s-kubelet") ? [10250] : []),
            ...(dns ? [53] : []),
          ].sort((a, b) => a - b);
          const wantUdp = dns ? [53] : [];
          const optionTcp = [
            ...fw.allowedTCPPorts,
            ...Object.values(fw.interfaces).flatMap((i) => i.allowedTCPPorts ?? []),
          ];
          const optionUdp = [
            ...fw.allowedUDPPorts,
            ...Object.values(fw.interfaces).flatMap((i) => i.allowedUDPPorts ?? []),
          ];
          const tcp = [...new Set([...probedTcp, ...optionTcp])].sort((a, b) => a - b);
          const udp = [...new Set([...probedUdp, ...optionUdp])].sort((a, b) => a - b);
          const address = h.addresses[0]!;
          const v6 = address.includes(":");
          const client = v6 ? address.replace(/[0-9a-f]*$/, "fe") : address.replace(/\d+$/, "254");
          const plen = v6 ? 64 : 24;
          const r = runInSandbox({
            scratch: tmp(),
            files: {
              "/run/fw4.rules": nixosFirewallRules(fw, 4),
              "/run/fw6.rules": nixosFirewallRules(fw, 6),
            },
            uses: [],
            timeoutMs: 60_000,
            script: [
              "ip netns add client",
              "ip link add eth0 type veth peer name c0",
              "ip link set c0 netns client",
              `ip addr add ${address}/${plen} dev eth0${v6 ? " nodad" : ""}`,
              "ip link set eth0 up",
              `ip -n client addr add ${client}/${plen} dev c0${v6 ? " nodad" : ""}`,
              "ip -n client link set c0 up",
              "ip -n client link set lo up",
              "iptables-restore < /run/fw4.rules && ip6tables-restore < /run/fw6.rules && echo RULES-LOADED",
              `${sh(process.execPath)} -e ${sh(portProbeScript("listen", address, tcp, udp))} > /run/listen.log 2>&1 &`,
              "for i in $(seq 1 40); do grep -q LISTENING /run/listen.log && break; sleep 0.25; done; cat /run/listen.log",
              `ip netns exec client ${sh(process.execPath)} -e ${sh(portProbeScript("probe", address, tcp, udp))}`,
              `echo "LOOPBACK $(${sh(process.execPath)} -e ${sh(portProbeScript("probe", v6 ? "::1" : "127.0.0.1", [10257, 10259], []))} | head -1)"`,
            ].join("\n"),
          });
          const where = `${name} (${roles.join(", ")}): options TCP ${JSON.stringify(fw.allowedTCPPorts)} UDP ${JSON.stringify(fw.allowedUDPPorts)} interfaces ${JSON.stringify(fw.interfaces)}\n${r.stdout}\n${r.stderr}`;
          expect(r.stdout, where).toContain("RULES-LOADED");
          expect(r.stdout, where).toContain("LISTENING");
          const open = (proto: string) =>
            (new RegExp(`^OPEN-${proto} ?(.*)$`, "m").exec(r.stdout)?.[1] ?? "x")
              .split(" ")
              .filter((p) => p !== "")
              .map(Number);
          expect(open("TCP"), `TCP ports reachable from another node: ${where}`).toEqual(wantTcp);
          expect(open("UDP"), `UDP ports reachable from another node: ${where}`).toEqual(wantUdp);
          expect(r.stdout, `10257/10259 on loopback: ${where}`).toMatch(
            /LOOPBACK OPEN-TCP 10257 10259/,
          );
          probes += tcp.length + udp.length;
        }
      }
      expect(probes).toBeGreaterThan(0);
    });
  },
);

/** The pod network's CNI file (the contract with the cluster modules). */
const POD_NETWORK = "cni/net.d/10-k8s-pod-network.conflist";

/** The subnet the conflist's host-local IPAM hands out (`ranges[0][0].subnet` or `subnet`). */
function podSubnet(conflist: {
  plugins?: { ipam?: { subnet?: string; ranges?: { subnet: string }[][] } }[];
}): string {
  for (const p of conflist.plugins ?? []) {
    const s = p.ipam?.ranges?.[0]?.[0]?.subnet ?? p.ipam?.subnet;
    if (s !== undefined) return s;
  }
  throw new Error(`the pod network config has no IPAM subnet: ${JSON.stringify(conflist)}`);
}

/** The intended argv of each unit after its program: `--name=value` per set flag, then extraFlags. */
function intended(h: Host): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(h.tree.options)
      .filter(([, o]) => o.flags !== null)
      .map(([u, o]) => [
        u,
        [
          ...Object.keys(o.flags!)
            .sort()
            .filter((k) => o.flags![k] !== null)
            .map((k) => `--${k}=${String(o.flags![k])}`),
          ...o.extraFlags,
        ],
      ]),
  );
}

/** systemd-analyze verify of a host's units, inside a namespace where the store paths exist. */
function verify(h: Host, scratch: string): string {
  const files = Object.fromEntries(
    Object.entries(h.tree.units).map(([u, text]) => [
      `/run/units/${u}.service`,
      `[Unit]\nDescription=${u}\n\n${text}`,
    ]),
  );
  const r = runInSandbox({
    scratch,
    files,
    uses: Object.values(h.tree.units),
    timeoutMs: 60_000,
    script: `systemd-analyze verify ${Object.keys(files).map(sh).join(" ")} 2>&1`,
  });
  return r.stdout.trim();
}

void writeFileSync;
void join;
