import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import {
  type AuthorizationConfiguration,
  renderCluster,
  validateAuthenticationConfiguration,
  validateAuthorizationConfiguration,
  validateCluster,
  validateEncryptionConfiguration,
} from "./index.js";

const authz: AuthorizationConfiguration = {
  apiVersion: "apiserver.config.k8s.io/v1",
  kind: "AuthorizationConfiguration",
  authorizers: [
    { type: "Node", name: "node" },
    { type: "RBAC", name: "rbac" },
  ],
};

describe("API server structured configuration", () => {
  it("accepts a Node,RBAC AuthorizationConfiguration and rejects duplicates and misplaced webhooks", () => {
    expect(validateAuthorizationConfiguration(authz, "authz")).toEqual(E.right(authz));
    const bad = validateAuthorizationConfiguration(
      {
        ...authz,
        authorizers: [
          { type: "RBAC", name: "a" },
          { type: "Webhook", name: "a" },
          { type: "Node", name: "n", webhook: {} },
        ],
      },
      "authz",
    );
    expect(E.isLeft(bad) && bad.left.map((i) => i.path)).toEqual([
      "authz.authorizers[1].name",
      "authz.authorizers[1].webhook",
      "authz.authorizers[2].webhook",
    ]);
    const casing = validateAuthorizationConfiguration(
      { ...authz, authorizers: [{ type: "rbac", name: "r" }] },
      "authz",
    );
    expect(E.isLeft(casing) && casing.left[0]!.hint).toBe(
      'did you mean "RBAC"? (the casing matters)',
    );
  });
  it("checks JWT issuers and encryption providers", () => {
    const authn = validateAuthenticationConfiguration(
      {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "AuthenticationConfiguration",
        jwt: [
          {
            issuer: { url: "http://idp", audiences: ["k8s"] },
            claimMappings: { username: { claim: "sub", prefix: "" } },
          },
        ],
      },
      "authn",
    );
    expect(E.isLeft(authn) && authn.left[0]!.path).toBe("authn.jwt[0].issuer.url");
    const enc = validateEncryptionConfiguration(
      {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "EncryptionConfiguration",
        resources: [
          {
            resources: ["secrets"],
            providers: [{ aescbc: { keys: [{ name: "k1", secret: "c2VjcmV0" }] }, identity: {} }],
          },
        ],
      },
      "enc",
    );
    expect(E.isLeft(enc) && enc.left[0]!.message).toBe(
      "a provider entry names exactly one kind, got 2",
    );
  });
  it("writes a typed AuthorizationConfiguration to a file passed as --authorization-config", () => {
    const { authorizationMode: _dropped, ...flags } = exampleCluster.apiserver!.flags!;
    const cluster = {
      ...exampleCluster,
      apiserver: { ...exampleCluster.apiserver, flags, authorizationConfiguration: authz },
    };
    const tree = renderCluster(cluster);
    expect(E.isRight(tree) && tree.right.get("apiserver.nix")).toContain(
      'authorization-config = "${(pkgs.formats.json { }).generate "authorization-config.json" {',
    );
  });
  it("refuses an AuthorizationConfiguration together with --authorization-mode", () => {
    const r = validateCluster({
      ...exampleCluster,
      apiserver: { ...exampleCluster.apiserver, authorizationConfiguration: authz },
    });
    expect(E.isLeft(r) && r.left[0]!.message).toBe(
      "cannot be combined with flags.authorizationMode or flags.authorizationConfig",
    );
  });
});
