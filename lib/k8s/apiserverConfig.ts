/**
 * The kube-apiserver's structured configuration files (`apiserver.config.k8s.io/v1`) as typed,
 * checked values: AuthorizationConfiguration (`--authorization-config`), AuthenticationConfiguration
 * (`--authentication-config`) and EncryptionConfiguration (`--encryption-provider-config`).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import {
  boolean,
  duration,
  enumOf,
  field as f,
  listOf,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const API_VERSION = enumOf(["apiserver.config.k8s.io/v1"]);

const webhookAuthorizer = struct({
  timeout: f(duration, "How long to wait for the webhook (max 30s)."),
  subjectAccessReviewVersion: f(
    enumOf(["v1", "v1beta1"]),
    "API version of the SubjectAccessReview sent to the webhook.",
  ),
  matchConditionSubjectAccessReviewVersion: f(
    enumOf(["v1"]),
    "SubjectAccessReview version the CEL match conditions are evaluated against.",
  ),
  failurePolicy: f(
    enumOf(["NoOpinion", "Deny"]),
    "What to do when the webhook cannot be reached or answers badly.",
  ),
  authorizedTTL: f(duration, "How long to cache authorized responses."),
  unauthorizedTTL: f(duration, "How long to cache unauthorized responses."),
  cacheAuthorizedRequests: f(boolean, "Whether to cache authorized responses."),
  cacheUnauthorizedRequests: f(boolean, "Whether to cache unauthorized responses."),
  connectionInfo: f(
    struct({
      type: f(enumOf(["KubeConfigFile", "InClusterConfig"]), "How to reach the webhook."),
      kubeConfigFile: f(string, "Path to the kubeconfig of the webhook (type KubeConfigFile)."),
    }),
    "How the API server connects to the webhook.",
  ),
  matchConditions: f(
    listOf(struct({ expression: f(string, "A CEL expression.") })),
    "CEL conditions for sending a request to the webhook.",
  ),
});

/** AuthorizationConfiguration schema. */
export const authorizationConfigurationSchema = struct({
  apiVersion: f(API_VERSION, "apiserver.config.k8s.io/v1"),
  kind: f(enumOf(["AuthorizationConfiguration"]), "AuthorizationConfiguration"),
  authorizers: f(
    listOf(
      struct({
        type: f(
          enumOf(["Webhook", "Node", "RBAC", "ABAC", "AlwaysAllow", "AlwaysDeny"]),
          "The authorizer.",
        ),
        name: f(string, "A unique name (DNS-1123 label)."),
        webhook: f(webhookAuthorizer, "Settings of a Webhook authorizer."),
      }),
    ),
    "Authorizers, tried in order.",
  ),
});
/** An AuthorizationConfiguration (`--authorization-config`). */
export type AuthorizationConfiguration = TypeOf<typeof authorizationConfigurationSchema>;

const claimMapping = struct({
  claim: f(string, "The JWT claim to use."),
  prefix: f(string, "Prefix added to the claim's value."),
  expression: f(string, "A CEL expression instead of claim and prefix."),
});

/** AuthenticationConfiguration schema (structured authentication: JWT issuers, anonymous). */
export const authenticationConfigurationSchema = struct({
  apiVersion: f(API_VERSION, "apiserver.config.k8s.io/v1"),
  kind: f(enumOf(["AuthenticationConfiguration"]), "AuthenticationConfiguration"),
  jwt: f(
    listOf(
      struct({
        issuer: f(
          struct({
            url: f(string, "The issuer URL (https)."),
            discoveryURL: f(string, "Where to fetch the discovery document, if not url."),
            audiences: f(listOf(string), "Accepted audiences."),
            audienceMatchPolicy: f(enumOf(["MatchAny"]), "How audiences are matched."),
            certificateAuthority: f(string, "PEM CA bundle for the issuer's TLS."),
          }),
          "The token issuer.",
        ),
        claimValidationRules: f(
          listOf(
            struct({
              claim: f(string, "Claim."),
              requiredValue: f(string, "Required value."),
              expression: f(string, "CEL expression."),
              message: f(string, "Message on failure."),
            }),
          ),
          "Rules a token's claims must satisfy.",
        ),
        claimMappings: f(
          struct({
            username: f(claimMapping, "How the username is derived."),
            groups: f(claimMapping, "How groups are derived."),
            uid: f(
              struct({ claim: f(string, "Claim."), expression: f(string, "CEL expression.") }),
              "How the uid is derived.",
            ),
            extra: f(
              listOf(
                struct({ key: f(string, "Key."), valueExpression: f(string, "CEL expression.") }),
              ),
              "Extra attributes.",
            ),
          }),
          "How claims become user attributes.",
        ),
        userValidationRules: f(
          listOf(
            struct({ expression: f(string, "CEL expression."), message: f(string, "Message.") }),
          ),
          "Rules on the final user.",
        ),
      }),
    ),
    "JWT authenticators.",
  ),
  anonymous: f(
    struct({
      enabled: f(boolean, "Whether anonymous requests are allowed."),
      conditions: f(
        listOf(struct({ path: f(string, "An endpoint path.") })),
        "Endpoints open to anonymous requests.",
      ),
    }),
    "Anonymous authentication (replaces --anonymous-auth).",
  ),
});
/** An AuthenticationConfiguration (`--authentication-config`). */
export type AuthenticationConfiguration = TypeOf<typeof authenticationConfigurationSchema>;

const keys = listOf(struct({ name: f(string, "Key name."), secret: f(string, "Base64 key.") }));
const provider = struct({
  identity: f(struct({}), "No encryption."),
  aescbc: f(struct({ keys: f(keys, "Keys; the first encrypts.") }), "AES-CBC with PKCS#7 padding."),
  aesgcm: f(struct({ keys: f(keys, "Keys; the first encrypts.") }), "AES-GCM (rotate keys often)."),
  secretbox: f(struct({ keys: f(keys, "Keys; the first encrypts.") }), "XSalsa20 and Poly1305."),
  kms: f(
    struct({
      apiVersion: f(enumOf(["v2"]), "KMS plugin API version."),
      name: f(string, "Plugin name."),
      endpoint: f(string, "The plugin's gRPC endpoint, e.g. unix:///tmp/kms.sock."),
      timeout: f(duration, "Call timeout."),
    }),
    "An external KMS plugin.",
  ),
});

/** EncryptionConfiguration schema (encryption at rest). */
export const encryptionConfigurationSchema = struct({
  apiVersion: f(API_VERSION, "apiserver.config.k8s.io/v1"),
  kind: f(enumOf(["EncryptionConfiguration"]), "EncryptionConfiguration"),
  resources: f(
    listOf(
      struct({
        resources: f(listOf(string), "Resources, e.g. secrets."),
        providers: f(listOf(provider), "Providers; the first encrypts."),
      }),
    ),
    "Which resources are encrypted and how.",
  ),
});
/** An EncryptionConfiguration (`--encryption-provider-config`). */
export type EncryptionConfiguration = TypeOf<typeof encryptionConfigurationSchema>;

function validateWith<T>(
  schema: { check: (v: unknown, p: string) => Issue[] },
  extra: (v: Record<string, unknown>, path: string) => Issue[],
) {
  return (value: unknown, path: string): E.Either<Issue[], T> => {
    const issues = schema.check(value, path);
    if (issues.length === 0) issues.push(...extra(value as Record<string, unknown>, path));
    return issues.length > 0 ? E.left(issues) : E.right(value as T);
  };
}

/** Checks an AuthorizationConfiguration: schema, unique names, webhook settings where needed. */
export const validateAuthorizationConfiguration = validateWith<AuthorizationConfiguration>(
  authorizationConfigurationSchema,
  (v, path) => {
    const issues: Issue[] = [];
    const seen = new Set<unknown>();
    ((v["authorizers"] as Array<Record<string, unknown>> | undefined) ?? []).forEach((a, i) => {
      if (seen.has(a["name"]))
        issues.push({
          path: `${path}.authorizers[${i}].name`,
          message: `duplicate name ${JSON.stringify(a["name"])}`,
        });
      seen.add(a["name"]);
      if (a["type"] === "Webhook" && a["webhook"] === undefined)
        issues.push({
          path: `${path}.authorizers[${i}].webhook`,
          message: "a Webhook authorizer needs webhook settings",
        });
      if (a["type"] !== "Webhook" && a["webhook"] !== undefined)
        issues.push({
          path: `${path}.authorizers[${i}].webhook`,
          message: `only Webhook authorizers take webhook settings, not ${String(a["type"])}`,
        });
    });
    return issues;
  },
);

/** Checks an AuthenticationConfiguration: schema and https issuers. */
export const validateAuthenticationConfiguration = validateWith<AuthenticationConfiguration>(
  authenticationConfigurationSchema,
  (v, path) =>
    ((v["jwt"] as Array<{ issuer?: { url?: string } }> | undefined) ?? []).flatMap((j, i) =>
      j.issuer?.url !== undefined && !j.issuer.url.startsWith("https://")
        ? [{ path: `${path}.jwt[${i}].issuer.url`, message: "the issuer URL must use https" }]
        : [],
    ),
);

/** Checks an EncryptionConfiguration: schema and exactly one kind per provider entry. */
export const validateEncryptionConfiguration = validateWith<EncryptionConfiguration>(
  encryptionConfigurationSchema,
  (v, path) =>
    (
      (v["resources"] as Array<{ providers?: Array<Record<string, unknown>> }> | undefined) ?? []
    ).flatMap((r, i) =>
      (r.providers ?? []).flatMap((p, j) =>
        Object.keys(p).length === 1
          ? []
          : [
              {
                path: `${path}.resources[${i}].providers[${j}]`,
                message: `a provider entry names exactly one kind, got ${Object.keys(p).length}`,
                hint: "identity, aescbc, aesgcm, secretbox or kms",
              },
            ],
      ),
    ),
);
