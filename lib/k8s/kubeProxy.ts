/**
 * KubeProxyConfiguration (`kubeproxy.config.k8s.io/v1alpha1`), kube-proxy's `--config` file, as one
 * schema (TypeScript type and runtime check) with its documentation, following
 * `staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go` (the Windows-only `winkernel` and
 * `windowsRunAsService`, and the unused `portRange`, are left out: the tree runs on NixOS).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { logging } from "./kubelet.js";
import { cidr } from "./network.js";
import { clientConnection } from "./scheduler.js";
import {
  boolean,
  duration,
  enumOf,
  field as f,
  flagString,
  int32,
  listOf,
  mapOf,
  refine,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const between = (lo: number, hi: number) =>
  refine(int32, (v, path) =>
    typeof v === "number" && (v < lo || v > hi)
      ? [{ path, message: `must be between ${lo} and ${hi}, got ${v}` }]
      : [],
  );

const syncPeriods = {
  syncPeriod: f(duration, "How often re-synchronizing and cleanup run (greater than 0)."),
  minSyncPeriod: f(
    duration,
    "The minimum time between rule resyncs; 0 resyncs on every Service or EndpointSlice change.",
  ),
};

const iptables = struct({
  masqueradeBit: f(between(0, 31), "The fwmark bit used to mark packets for SNAT (0 to 31)."),
  masqueradeAll: f(boolean, "SNAT all traffic sent to Service cluster IPs."),
  localhostNodePorts: f(boolean, "Allow NodePort services on localhost (iptables mode, IPv4)."),
  snatNodeInternalIP: f(boolean, "SNAT service traffic to the node's InternalIP."),
  ...syncPeriods,
});

const ipvs = struct({
  ...syncPeriods,
  scheduler: f(string, "The IPVS scheduler (rr, lc, ...)."),
  excludeCIDRs: f(listOf(cidr), "CIDRs the ipvs proxier leaves alone when cleaning up."),
  strictARP: f(boolean, "Set arp_ignore and arp_announce for kube-ipvs0."),
  tcpTimeout: f(duration, "Timeout of idle IPVS TCP sessions (0 keeps the system's)."),
  tcpFinTimeout: f(duration, "Timeout of IPVS TCP sessions after a FIN (0 keeps the system's)."),
  udpTimeout: f(duration, "Timeout of IPVS UDP packets (0 keeps the system's)."),
});

const nftables = struct({
  masqueradeBit: f(between(0, 31), "The fwmark bit used to mark packets for SNAT (0 to 31)."),
  masqueradeAll: f(boolean, "SNAT all traffic sent to Service cluster IPs."),
  ...syncPeriods,
});

const conntrack = struct({
  maxPerCore: f(int32, "Maximum NAT connections tracked per CPU core (0 leaves the limit as is)."),
  min: f(int32, "Minimum conntrack records, whatever maxPerCore."),
  tcpEstablishedTimeout: f(duration, "How long an idle TCP connection is kept."),
  tcpCloseWaitTimeout: f(duration, "How long an idle CLOSE_WAIT entry stays."),
  tcpBeLiberal: f(boolean, "Do not mark out-of-window TCP packets INVALID."),
  udpTimeout: f(duration, "How long an idle UNREPLIED UDP entry stays."),
  udpStreamTimeout: f(duration, "How long an idle ASSURED UDP entry stays."),
});

/** kube-proxy's modes on Linux (`""` is the default, iptables). */
export const PROXY_MODES = ["", "iptables", "ipvs", "nftables"] as const;
const LOCAL_MODES = [
  "",
  "ClusterCIDR",
  "NodeCIDR",
  "BridgeInterface",
  "InterfaceNamePrefix",
] as const;

/** A KubeProxyConfiguration without apiVersion/kind (they are written by the module). */
export const kubeProxyConfigurationSchema = struct({
  featureGates: f(mapOf(boolean), "Feature names to booleans."),
  clientConnection: f(
    clientConnection,
    "The kubeconfig and client settings for the API server (the kubeconfig is generated).",
  ),
  logging: f(logging, "Logging options."),
  hostnameOverride: f(
    flagString,
    "The node's name, if not the host name (set from services.k8s.nodeName).",
  ),
  bindAddress: f(
    flagString,
    "kube-proxy's idea of its node's primary IP (it binds nothing to it).",
  ),
  healthzBindAddress: f(flagString, 'Address and port of the health check server ("[::]:10256").'),
  metricsBindAddress: f(flagString, 'Address and port of the metrics server ("127.0.0.1:10249").'),
  bindAddressHardFail: f(boolean, "Exit when a port cannot be bound."),
  enableProfiling: f(boolean, "Profiling at /debug/pprof on the metrics server."),
  showHiddenMetricsForVersion: f(string, "Show the metrics hidden since this version."),
  mode: f(enumOf(PROXY_MODES), "The proxy mode: iptables (default), ipvs or nftables."),
  iptables: f(iptables, "iptables mode options."),
  ipvs: f(ipvs, "ipvs mode options."),
  nftables: f(nftables, "nftables mode options."),
  detectLocalMode: f(enumOf(LOCAL_MODES), "How local traffic is detected (default ClusterCIDR)."),
  detectLocal: f(
    struct({
      bridgeInterface: f(flagString, "With BridgeInterface: the bridge pods are on."),
      interfaceNamePrefix: f(flagString, "With InterfaceNamePrefix: the pods' interface prefix."),
    }),
    "Settings of detectLocalMode.",
  ),
  clusterCIDR: f(
    refine(flagString, (v, path) =>
      typeof v === "string"
        ? v.split(",").flatMap((c, i) => cidr.check(c, v.includes(",") ? `${path}[${i}]` : path))
        : [],
    ),
    "The pods' range (a dual-stack pair separated by a comma); derived from podNetwork.clusterCidr.",
  ),
  nodePortAddresses: f(
    listOf(
      refine(flagString, (v, path) =>
        typeof v === "string" && !["primary", "localhost", "all"].includes(v)
          ? cidr.check(v, path)
          : [],
      ),
    ),
    "CIDRs or primary / localhost / all: where NodePort services are served.",
  ),
  oomScoreAdj: f(between(-1000, 1000), "kube-proxy's oom-score-adj (-1000 to 1000)."),
  conntrack: f(conntrack, "conntrack options."),
  configSyncPeriod: f(duration, "How often configuration from the API server is refreshed."),
});

/** A KubeProxyConfiguration, typed from `kubeProxyConfigurationSchema`. */
export type KubeProxyConfiguration = TypeOf<typeof kubeProxyConfigurationSchema>;

/** Checks a KubeProxyConfiguration: the schema and the rules between its fields, all at once. */
export function validateKubeProxyConfiguration(
  value: unknown,
  path = "kubeProxy.settings",
): E.Either<Issue[], KubeProxyConfiguration> {
  const issues = kubeProxyConfigurationSchema.check(value, path);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as KubeProxyConfiguration;
    const needs = (mode: string, field: "bridgeInterface" | "interfaceNamePrefix") => {
      if (v.detectLocalMode === mode && !v.detectLocal?.[field])
        issues.push({
          path: `${path}.detectLocal.${field}`,
          message: `is required with detectLocalMode ${mode}`,
          hint: field === "bridgeInterface" ? 'the bridge network\'s is "cni0"' : 'e.g. "veth"',
        });
    };
    needs("BridgeInterface", "bridgeInterface");
    needs("InterfaceNamePrefix", "interfaceNamePrefix");
    if (v.clientConnection?.kubeconfig !== undefined)
      issues.push({
        path: `${path}.clientConnection.kubeconfig`,
        message: "is generated (kube-proxy's own kubeconfig)",
        hint: "set services.k8s-kube-proxy.kubeconfig from Nix to change it",
      });
  }
  return issues.length > 0 ? E.left(issues) : E.right(value as KubeProxyConfiguration);
}
