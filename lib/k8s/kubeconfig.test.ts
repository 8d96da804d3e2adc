import * as E from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Kubeconfig, type KubeletConfiguration, validateKubeconfig } from "./index.js";

const secrets = "/var/lib/kubernetes/secrets";
const kubeconfig: Kubeconfig = {
  apiVersion: "v1",
  kind: "Config",
  clusters: [
    {
      name: "default",
      cluster: {
        "certificate-authority": `${secrets}/ca.pem`,
        server: "https://fat-controller.local:6443",
      },
    },
  ],
  users: [
    {
      name: "kubelet",
      user: {
        "client-certificate": `${secrets}/kubelet.pem`,
        "client-key": `${secrets}/kubelet-key.pem`,
      },
    },
  ],
  contexts: [{ name: "default", context: { cluster: "default", user: "kubelet" } }],
  "current-context": "default",
};

describe("Kubeconfig", () => {
  it("accepts the seed article's kubeconfig", () => {
    expect(validateKubeconfig(kubeconfig)).toEqual(E.right(kubeconfig));
  });
  it("is a different type from KubeletConfiguration", () => {
    expectTypeOf(kubeconfig).not.toMatchTypeOf<KubeletConfiguration>();
    const cluster = kubeconfig.clusters?.[0]?.cluster;
    expectTypeOf(cluster?.server).toEqualTypeOf<string | undefined>();
  });
  it("rejects a KubeletConfiguration passed as a kubeconfig", () => {
    const r = validateKubeconfig({ kind: "KubeletConfiguration", authentication: {} });
    expect(E.isLeft(r) && r.left[0]!.message).toBe(
      "this looks like a KubeletConfiguration, not a kubeconfig",
    );
  });
  it("checks that contexts name existing clusters and users", () => {
    const r = validateKubeconfig({
      ...kubeconfig,
      contexts: [{ name: "default", context: { cluster: "other", user: "kubelet" } }],
    });
    expect(E.isLeft(r) && r.left).toEqual([
      { path: "kubeconfig.contexts[0].context.cluster", message: 'no cluster named "other"' },
    ]);
    const r2 = validateKubeconfig({ ...kubeconfig, "current-context": "prod" });
    expect(E.isLeft(r2) && r2.left[0]!.path).toBe("kubeconfig.current-context");
  });
  it("suggests the right spelling of misspelt fields", () => {
    const r = validateKubeconfig({ ...kubeconfig, current_context: "default" });
    expect(E.isLeft(r) && r.left[0]!.hint).toBe("did you mean current-context?");
  });
});
