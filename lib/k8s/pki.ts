/**
 * The cluster's PKI: every certificate and key file the generated tree reads from the secrets
 * folder, with the subject and SANs each must carry, so users can make them with their own tooling
 * (`nix-emit generate --print-pki`). The modules take their file names from here: the listing and
 * the units cannot disagree.
 */
import type { Cluster } from "./cluster.js";
import { serviceAddress } from "./network.js";

/** A certificate (and its key), or a bare key pair. */
export interface PkiEntry {
  /** What it is for, e.g. `kubelet serving certificate`. */
  readonly purpose: string;
  /** Certificate file, relative to the secrets folder (or absolute). */
  readonly cert: string;
  /** Private key file. */
  readonly key?: string;
  /** Subject common name; absent for bare key pairs. */
  readonly cn?: string;
  /** Subject organisation (Kubernetes groups). */
  readonly o?: string;
  /** Subject alternative names (DNS names and IP addresses). */
  readonly sans?: readonly string[];
  /** Which hosts need the files. */
  readonly hosts: string;
  /** What signs the certificate: `self` (a CA), `cluster CA`, `etcd CA`; absent for key pairs. */
  readonly signer?: "self" | "cluster CA" | "etcd CA";
  /** Key usage and extended key usage the certificate must carry. */
  readonly usage?: string;
  /** Who reads the files, and so the owner and mode they need. */
  readonly owner: string;
}

const SERVER = "digitalSignature, keyEncipherment; serverAuth";
const CLIENT = "digitalSignature, keyEncipherment; clientAuth";
const BOTH = "digitalSignature, keyEncipherment; serverAuth, clientAuth";
const CA = "keyCertSign, cRLSign; CA:TRUE";
/** Files loaded with LoadCredential by the units that read them. */
const CREDENTIAL = "any owner, key 0600 (loaded with LoadCredential= by";
const ROOT = "root, key 0600 (read by";

/** The file names of the secrets layout, relative to `services.k8s.secretsPath`. */
export const SECRET_FILES = {
  ca: { cert: "ca.pem", key: "ca-key.pem" },
  etcdCa: { cert: "etcd-ca.pem", key: "etcd-ca-key.pem" },
  apiserver: { cert: "apiserver.pem", key: "apiserver-key.pem" },
  apiserverKubeletClient: {
    cert: "apiserver-kubelet-client.pem",
    key: "apiserver-kubelet-client-key.pem",
  },
  apiserverEtcdClient: { cert: "apiserver-etcd-client.pem", key: "apiserver-etcd-client-key.pem" },
  serviceAccount: { cert: "service-account.pem", key: "service-account-key.pem" },
  etcd: { cert: "etcd.pem", key: "etcd-key.pem" },
  etcdPeer: { cert: "etcd-peer.pem", key: "etcd-peer-key.pem" },
  kubelet: { cert: "kubelet.pem", key: "kubelet-key.pem" },
  kubeletClient: { cert: "kubelet-client.pem", key: "kubelet-client-key.pem" },
  controllerManager: { cert: "controller-manager.pem", key: "controller-manager-key.pem" },
  scheduler: { cert: "scheduler.pem", key: "scheduler-key.pem" },
  kubeProxy: { cert: "kube-proxy.pem", key: "kube-proxy-key.pem" },
  coredns: { cert: "coredns.pem", key: "coredns-key.pem" },
  admin: { cert: "admin.pem", key: "admin-key.pem" },
} as const;

/** The host of a URL (`https://[fd00::1]:6443` → `fd00::1`). */
function urlHost(url: string): string {
  const m = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)/.exec(url);
  return m ? m[1]!.replace(/^\[|\]$/g, "") : url;
}

const nodesWith = (cluster: Cluster, role: "controller" | "worker") =>
  (cluster.nodes ?? []).filter((n) => n.roles?.includes(role));

/** Every certificate and key the tree for `cluster` reads, with what each must carry. */
export function pkiEntries(cluster: Cluster): PkiEntry[] {
  const s = SECRET_FILES;
  const kubeletSettings = cluster.kubelet?.settings;
  const api = cluster.apiserver?.flags ?? {};
  const clusterDomain = kubeletSettings?.clusterDomain ?? "cluster.local";
  const controllers = nodesWith(cluster, "controller");
  const controllerNames =
    controllers.length > 0 ? controllers.map((n) => n.name!).join(", ") : "the controller";
  const workers = nodesWith(cluster, "worker");
  // Only nodes that run a kubelet need its certificates.
  const nodeNames = workers.length > 0 ? workers.map((n) => n.name!).join(", ") : "every worker";
  const serviceIp = serviceAddress(api.serviceClusterIpRange, 1);
  const apiHost = urlHost(cluster.apiServerAddress ?? "https://localhost:6443");
  const controllerAddresses = controllers.flatMap((n) => [n.name!, ...(n.addresses ?? [])]);
  return [
    {
      purpose:
        "cluster CA (signs every certificate below; its key signs CSRs in the controller manager)",
      cert: api.clientCaFile ?? s.ca.cert,
      key: s.ca.key,
      cn: "kubernetes-ca",
      hosts: `every node (the key only on ${controllerNames})`,
      signer: "self",
      usage: CA,
      owner: `${CREDENTIAL} the API server and controller manager; the kubelet reads the certificate as root)`,
    },
    {
      purpose:
        "etcd CA (signs only the etcd serving and peer certificates and the API server's etcd client certificate: etcd refuses every other client)",
      cert: s.etcdCa.cert,
      key: s.etcdCa.key,
      cn: "etcd-ca",
      hosts: `${controllerNames} (the key is needed only to sign, keep it off the hosts)`,
      signer: "self",
      usage: CA,
      owner: `${CREDENTIAL} etcd and the API server; the key is read by nothing)`,
    },
    {
      purpose: "API server serving certificate",
      cert: api.tlsCertFile ?? s.apiserver.cert,
      key: api.tlsPrivateKeyFile ?? s.apiserver.key,
      cn: "kube-apiserver",
      sans: [
        ...new Set([
          apiHost,
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          `kubernetes.default.svc.${clusterDomain}`,
          ...(serviceIp ? [serviceIp] : []),
          ...controllerAddresses,
          "localhost",
          "127.0.0.1",
          "::1",
        ]),
      ],
      hosts: controllerNames,
      signer: "cluster CA",
      usage: SERVER,
      owner: `${CREDENTIAL} k8s-apiserver)`,
    },
    {
      purpose: "API server client certificate for kubelets",
      cert: api.kubeletClientCertificate ?? s.apiserverKubeletClient.cert,
      key: api.kubeletClientKey ?? s.apiserverKubeletClient.key,
      cn: "kube-apiserver-kubelet-client",
      o: "system:masters",
      hosts: controllerNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${CREDENTIAL} k8s-apiserver)`,
    },
    {
      purpose: "API server client certificate for etcd",
      cert: api.etcdCertfile ?? s.apiserverEtcdClient.cert,
      key: api.etcdKeyfile ?? s.apiserverEtcdClient.key,
      cn: "kube-apiserver-etcd-client",
      hosts: controllerNames,
      signer: "etcd CA",
      usage: CLIENT,
      owner: `${CREDENTIAL} k8s-apiserver)`,
    },
    {
      purpose:
        "service account token key pair (public key to the API server, private key to the controller manager)",
      cert: api.serviceAccountKeyFile ?? s.serviceAccount.cert,
      key: api.serviceAccountSigningKeyFile ?? s.serviceAccount.key,
      hosts: controllerNames,
      owner: `${CREDENTIAL} k8s-apiserver (public key) and k8s-controller-manager (private key))`,
    },
    {
      purpose: "etcd serving certificate (one per controller)",
      cert: s.etcd.cert,
      key: s.etcd.key,
      cn: "etcd",
      sans: ["<node name>", "<node addresses>", "localhost", "127.0.0.1", "::1"],
      hosts: controllerNames,
      signer: "etcd CA",
      usage: BOTH,
      owner: `${CREDENTIAL} k8s-etcd)`,
    },
    {
      purpose: "etcd peer certificate (one per controller)",
      cert: s.etcdPeer.cert,
      key: s.etcdPeer.key,
      cn: "<node name>",
      sans: ["<node name>", "<node addresses>"],
      hosts: controllerNames,
      signer: "etcd CA",
      usage: BOTH,
      owner: `${CREDENTIAL} k8s-etcd)`,
    },
    {
      purpose: "kubelet serving certificate (one per node)",
      cert: kubeletSettings?.tlsCertFile ?? s.kubelet.cert,
      key: kubeletSettings?.tlsPrivateKeyFile ?? s.kubelet.key,
      cn: "system:node:<node name>",
      o: "system:nodes",
      sans: ["<node name>", "<node addresses>"],
      hosts: nodeNames,
      signer: "cluster CA",
      usage: SERVER,
      owner: `${ROOT} the kubelet)`,
    },
    {
      purpose: "kubelet client certificate for the API server (one per node)",
      cert: s.kubeletClient.cert,
      key: s.kubeletClient.key,
      cn: "system:node:<node name>",
      o: "system:nodes",
      hosts: nodeNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${ROOT} the kubelet)`,
    },
    ...(workers.length > 0 && cluster.podNetwork?.kubeProxy === false
      ? []
      : ([
          {
            purpose: "kube-proxy client certificate (one for all workers)",
            cert: s.kubeProxy.cert,
            key: s.kubeProxy.key,
            cn: "system:kube-proxy",
            hosts: nodeNames,
            signer: "cluster CA",
            usage: CLIENT,
            owner: `${ROOT} kube-proxy)`,
          },
        ] satisfies PkiEntry[])),
    {
      purpose: "CoreDNS client certificate (reads Services and EndpointSlices for cluster DNS)",
      cert: s.coredns.cert,
      key: s.coredns.key,
      cn: "system:coredns",
      hosts: controllerNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${CREDENTIAL} k8s-coredns)`,
    },
    {
      purpose: "controller manager client certificate",
      cert: s.controllerManager.cert,
      key: s.controllerManager.key,
      cn: "system:kube-controller-manager",
      hosts: controllerNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${CREDENTIAL} k8s-controller-manager)`,
    },
    {
      purpose: "scheduler client certificate",
      cert: s.scheduler.cert,
      key: s.scheduler.key,
      cn: "system:kube-scheduler",
      hosts: controllerNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${CREDENTIAL} k8s-scheduler)`,
    },
    {
      purpose: "operator (admin) client certificate, for /etc/kubernetes/admin.kubeconfig",
      cert: s.admin.cert,
      key: s.admin.key,
      cn: "admin",
      o: "system:masters",
      hosts: controllerNames,
      signer: "cluster CA",
      usage: CLIENT,
      owner: `${ROOT} kubectl as root and the k8s-dns-addon unit)`,
    },
  ];
}

/** The listing as Markdown, for `--print-pki` and `docs/k8s.md`. */
export function pkiMarkdown(cluster: Cluster): string {
  const secrets = cluster.secretsPath ?? "/var/lib/kubernetes/secrets";
  const lines = [
    `Files under \`${secrets}\` (\`services.k8s.secretsPath\`); \`<node name>\` is each host's name and \`<node addresses>\` its addresses.`,
    "",
    "| file | key | subject | SANs | signed by | key usage; extended | owner and mode | hosts | purpose |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const e of pkiEntries(cluster)) {
    const subject = e.cn ? `CN=${e.cn}${e.o ? `, O=${e.o}` : ""}` : "(key pair)";
    lines.push(
      `| \`${e.cert}\` | ${e.key ? `\`${e.key}\`` : ""} | ${subject} | ${(e.sans ?? []).join(", ")} | ${e.signer ?? ""} | ${e.usage ?? ""} | ${e.owner} | ${e.hosts} | ${e.purpose} |`,
    );
  }
  return lines.join("\n") + "\n";
}
