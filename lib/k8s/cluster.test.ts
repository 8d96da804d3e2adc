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
