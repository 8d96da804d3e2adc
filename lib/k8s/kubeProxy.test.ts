import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { validateKubeProxyConfiguration } from "./kubeProxy.js";

const issues = (v: unknown) => {
  const r = validateKubeProxyConfiguration(v);
  return E.isLeft(r)
    ? r.left.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ""}`)
    : [];
};

describe("KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1)", () => {
  it("accepts the fields of kube-proxy's v1alpha1 types.go", () => {
    expect(
      issues({
        mode: "nftables",
        clusterCIDR: "10.244.0.0/16,fd00:10:244::/56",
        nodePortAddresses: ["primary", "10.0.0.0/8"],
        iptables: { masqueradeBit: 14, syncPeriod: "30s", localhostNodePorts: false },
        nftables: { masqueradeAll: true, minSyncPeriod: "1s" },
        conntrack: { maxPerCore: 32768, tcpBeLiberal: true, udpTimeout: "30s" },
        detectLocalMode: "BridgeInterface",
        detectLocal: { bridgeInterface: "cni0" },
        oomScoreAdj: -999,
        metricsBindAddress: "127.0.0.1:10249",
        logging: { format: "json" },
        featureGates: { NFTablesProxyMode: true },
      }),
    ).toEqual([]);
  });
  it("refuses wrong modes, ranges, CIDRs, durations and missing detectLocal settings, all at once", () => {
    const found = issues({
      mode: "userspace",
      iptables: { masqueradeBit: 40, syncPeriod: "1d" },
      clusterCIDR: "10.244.1.0/16",
      oomScoreAdj: 2000,
      detectLocalMode: "BridgeInterface",
      clientConnection: { kubeconfig: "/etc/kp.kubeconfig" },
      conntrak: {},
    });
    expect(found.join("\n")).toMatch(/kubeProxy\.settings\.mode: /);
    expect(found.join("\n")).toMatch(/iptables\.masqueradeBit: must be between 0 and 31, got 40/);
    expect(found.join("\n")).toMatch(/iptables\.syncPeriod: "1d" is not a Go duration/);
    expect(found.join("\n")).toMatch(/clusterCIDR: "10\.244\.1\.0\/16" has host bits set/);
    expect(found.join("\n")).toMatch(/oomScoreAdj: must be between -1000 and 1000/);
    expect(found.join("\n")).toMatch(
      /detectLocal\.bridgeInterface: is required with detectLocalMode BridgeInterface/,
    );
    expect(found.join("\n")).toMatch(/clientConnection\.kubeconfig: is generated/);
    expect(found.join("\n")).toMatch(/conntrak.*conntrack/);
  });
});
