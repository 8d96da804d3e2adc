/** Rules of the cluster description across sections and nodes (issue 20). */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { type Cluster, validateCluster } from "./cluster.js";
import { pkiEntries } from "./pki.js";

const issues = (cluster: unknown) => {
  const r = validateCluster(cluster);
  return E.isLeft(r) ? r.left.map((i) => `${i.path}: ${i.message}`) : [];
};

/** The example with a controller-only node `c2` added. */
const withControllerOnly = (extra: Record<string, unknown>): Cluster =>
  ({
    ...exampleCluster,
    nodes: [
      ...exampleCluster.nodes!,
      { name: "c2", addresses: ["fd00:10::2"], roles: ["controller"], ...extra },
    ],
  }) as Cluster;

describe("controller-only nodes", () => {
  it("refuses labels, taints and the control-plane taint on a node that runs no kubelet", () => {
    expect(issues(withControllerOnly({ labels: { "example.com/a": "b" } }))).toEqual([
      "nodes[3].labels: a node without the worker role runs no kubelet, so its labels would never be registered",
    ]);
    expect(
      issues(
        withControllerOnly({
          taints: [{ key: "a", effect: "NoSchedule" }],
          controlPlaneTaint: true,
        }),
      ),
    ).toEqual([
      "nodes[3].taints: a node without the worker role runs no kubelet, so its taints would never be registered",
      "nodes[3].controlPlaneTaint: a node without the worker role runs no kubelet, so its controlPlaneTaint would never be registered",
    ]);
    expect(issues(withControllerOnly({}))).toEqual([]);
  });
  it("asks for kubelet certificates only for nodes that run a kubelet", () => {
    const kubeletHosts = pkiEntries(withControllerOnly({}))
      .filter((e) => e.purpose.startsWith("kubelet"))
      .map((e) => e.hosts);
    expect(kubeletHosts).toEqual([
      "fat-controller, worker1, worker2",
      "fat-controller, worker1, worker2",
    ]);
  });
});

describe("the pod network in the description", () => {
  it("refuses a bridge network too small for the workers, without a range, or without kube-proxy", () => {
    const bridge = (podNetwork: Record<string, unknown>) =>
      issues({ ...exampleCluster, podNetwork: { type: "bridge", ...podNetwork } });
    expect(bridge({ clusterCidr: "fd00:10:244::/63" })).toEqual([
      "podNetwork.clusterCidr: fd00:10:244::/63 holds only 2 subnets of /64, and there are 3 workers",
    ]);
    expect(bridge({})).toEqual(["podNetwork.clusterCidr: is required for the bridge pod network"]);
    expect(bridge({ clusterCidr: "10.244.0.0/16", kubeProxy: false })).toEqual([
      "podNetwork.kubeProxy: the bridge network does not route Services: without kube-proxy no Service IP works",
    ]);
    expect(bridge({ clusterCidr: "10.244.1.0/16" })).toEqual([
      'podNetwork.clusterCidr: "10.244.1.0/16" has host bits set: the range starts at 10.244.0.0/16',
    ]);
    expect(issues({ ...exampleCluster, podNetwork: { type: "flannel" } })[0]).toMatch(
      /^podNetwork\.type: /,
    );
  });
  it("refuses a controller manager --cluster-cidr that differs from podNetwork.clusterCidr", () => {
    expect(
      issues({ ...exampleCluster, controllerManager: { flags: { clusterCidr: "10.0.0.0/8" } } }),
    ).toEqual([
      'controllerManager.flags.clusterCidr: differs from podNetwork.clusterCidr ("fd00:10:244::/56")',
    ]);
  });
});

describe("taints, checked as Kubernetes checks them", () => {
  const withTaint = (taint: Record<string, unknown>) =>
    issues({
      ...exampleCluster,
      nodes: [exampleCluster.nodes![0]!, { ...exampleCluster.nodes![1]!, taints: [taint] }],
    });
  it("refuses a key that is not a qualified name, a value that is not a label value, an unknown effect", () => {
    expect(withTaint({ key: "bad key!", effect: "NoSchedule" })).toEqual([
      "nodes[1].taints[0].key: is not a valid taint key",
    ]);
    expect(withTaint({ key: "a", value: "x".repeat(64), effect: "NoSchedule" })).toEqual([
      `nodes[1].taints[0].value: "${"x".repeat(64)}" is not a valid taint value`,
    ]);
    const effect = withTaint({ key: "a", effect: "NoSchedul" });
    expect(effect.length).toBe(1);
    expect(effect[0]).toMatch(/^nodes\[1\]\.taints\[0\]\.effect: /);
    const r = validateCluster({
      ...exampleCluster,
      nodes: [
        exampleCluster.nodes![0]!,
        { ...exampleCluster.nodes![1]!, taints: [{ key: "a", effect: "NoSchedul" }] },
      ],
    });
    expect(E.isLeft(r) && r.left[0]!.hint).toMatch(/NoSchedule/);
    expect(withTaint({ key: "example.com/gpu", value: "", effect: "NoExecute" })).toEqual([]);
  });
});
