import * as E from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type KubeletConfiguration,
  kubeletConfigurationSchema,
  validateKubeletConfiguration,
} from "./index.js";

const seed: KubeletConfiguration = {
  apiVersion: "kubelet.config.k8s.io/v1beta1",
  kind: "KubeletConfiguration",
  tlsCertFile: "/var/lib/kubernetes/secrets/kubelet-tls-cert-file.pem",
  tlsPrivateKeyFile: "/var/lib/kubernetes/secrets/kubelet-tls-key-file.pem",
  authentication: {
    anonymous: { enabled: false },
    webhook: { enabled: true, cacheTTL: "10s" },
    x509: { clientCAFile: "/var/lib/kubernetes/secrets/ca.pem" },
  },
  authorization: { mode: "Webhook" },
  clusterDomain: "cluster.local",
  imageMaximumGCAge: "604800s",
  evictionHard: { "memory.available": "100Mi", "nodefs.available": "10%" },
  featureGates: { KubeletCrashLoopBackOffMax: true },
  cgroupDriver: "systemd",
  containerRuntimeEndpoint: "unix:///run/containerd/containerd.sock",
};

const issuesOf = (v: unknown) => {
  const r = validateKubeletConfiguration(v);
  return E.isLeft(r) ? r.left : [];
};

describe("KubeletConfiguration", () => {
  it("covers every top-level field of types.go (126 plus apiVersion and kind)", () => {
    expect(Object.keys(kubeletConfigurationSchema.fields)).toHaveLength(128);
    for (const [name, f] of Object.entries(kubeletConfigurationSchema.fields))
      expect(f.doc.length, name).toBeGreaterThan(10);
  });
  it("types enums with their exact casing", () => {
    expectTypeOf<NonNullable<KubeletConfiguration["authorization"]>["mode"]>().toEqualTypeOf<
      "AlwaysAllow" | "Webhook" | undefined
    >();
    expectTypeOf<KubeletConfiguration["cgroupDriver"]>().toEqualTypeOf<
      "cgroupfs" | "systemd" | undefined
    >();
  });
  it("accepts the seed article's settings", () => {
    expect(validateKubeletConfiguration(seed)).toEqual(E.right(seed));
  });
  it("rejects 7d with the fix", () => {
    expect(issuesOf({ imageMaximumGCAge: "7d" })).toEqual([
      {
        path: "kubelet.imageMaximumGCAge",
        message: '"7d" is not a Go duration: there is no "d" unit',
        hint: 'write "168h"',
      },
    ]);
  });
  it("rejects a wrongly cased enum and says which casing", () => {
    expect(issuesOf({ authorization: { mode: "webhook" } })).toEqual([
      {
        path: "kubelet.authorization.mode",
        message: 'expected one of "AlwaysAllow", "Webhook", got "webhook"',
        hint: 'did you mean "Webhook"? (the casing matters)',
      },
    ]);
  });
  it("rejects unknown fields with a suggestion", () => {
    expect(issuesOf({ imageMaximumGcAge: "168h" })).toEqual([
      {
        path: "kubelet.imageMaximumGcAge",
        message: "unknown field",
        hint: "did you mean imageMaximumGCAge?",
      },
    ]);
  });
  it("rejects a kubeconfig passed as a KubeletConfiguration", () => {
    const kubeconfig = { apiVersion: "v1", kind: "Config", clusters: [], users: [], contexts: [] };
    expect(issuesOf(kubeconfig)[0]!.message).toMatch(/looks like a kubeconfig/);
  });
  it("reports every problem at once, nested paths included", () => {
    const issues = issuesOf({
      authentication: { webhook: { cacheTTL: "2 minutes" } },
      port: 70000,
      evictionHard: { "memory.available": "lots" },
      enforceNodeAllocatable: ["pods", "system"],
    });
    expect(issues.map((i) => i.path)).toEqual([
      "kubelet.authentication.webhook.cacheTTL",
      "kubelet.evictionHard.memory.available",
      "kubelet.enforceNodeAllocatable[1]",
      "kubelet.port",
    ]);
  });
  it("checks the ranges and relations the source states in prose", () => {
    expect(issuesOf({ port: 70000 })[0]).toEqual({
      path: "kubelet.port",
      message: "must be between 1 and 65535, got 70000",
    });
    expect(
      issuesOf({ imageGCHighThresholdPercent: 80, imageGCLowThresholdPercent: 85 })[0]!.message,
    ).toMatch(/less than imageGCHighThresholdPercent/);
    expect(issuesOf({ serializeImagePulls: true, maxParallelImagePulls: 4 })[0]!.path).toBe(
      "kubelet.maxParallelImagePulls",
    );
  });
});
