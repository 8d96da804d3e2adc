/**
 * Kubeconfig (`v1`, `Config`): clusters, users, contexts and the current context. A different
 * kind of file from the KubeletConfiguration, with its own type, so the two cannot be confused.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import {
  boolean,
  enumOf,
  field as f,
  listOf,
  mapOf,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const cluster = struct({
  server: f(string, "The address of the Kubernetes API server (https://hostname:port)."),
  "certificate-authority": f(string, "Path to a cert file for the certificate authority."),
  "certificate-authority-data": f(
    string,
    "PEM-encoded certificate authority certificates (base64).",
  ),
  "insecure-skip-tls-verify": f(
    boolean,
    "Skips the validity check for the server's certificate. Insecure.",
  ),
  "tls-server-name": f(string, "Server name used to check the server certificate."),
  "proxy-url": f(string, "Proxy used for all requests to this cluster."),
});

const user = struct({
  "client-certificate": f(string, "Path to a client cert file for TLS."),
  "client-certificate-data": f(
    string,
    "PEM-encoded data from a client cert file for TLS (base64).",
  ),
  "client-key": f(string, "Path to a client key file for TLS."),
  "client-key-data": f(string, "PEM-encoded data from a client key file for TLS (base64)."),
  token: f(string, "Bearer token for authentication."),
  tokenFile: f(string, "Path to a file containing a bearer token."),
  username: f(string, "Username for basic authentication."),
  password: f(string, "Password for basic authentication."),
});

const context = struct({
  cluster: f(string, "Name of the cluster for this context."),
  user: f(string, "Name of the user (authInfo) for this context."),
  namespace: f(string, "Default namespace for requests in this context."),
});

/** The kubeconfig schema (`apiVersion: v1`, `kind: Config`). */
export const kubeconfigSchema = struct({
  apiVersion: f(enumOf(["v1"]), "Always v1."),
  kind: f(enumOf(["Config"]), "Always Config."),
  clusters: f(
    listOf(
      struct({
        name: f(string, "Name of this cluster."),
        cluster: f(cluster, "The cluster's connection settings."),
      }),
    ),
    "Named clusters.",
  ),
  users: f(
    listOf(
      struct({ name: f(string, "Name of this user."), user: f(user, "The user's credentials.") }),
    ),
    "Named users (authInfos).",
  ),
  contexts: f(
    listOf(
      struct({
        name: f(string, "Name of this context."),
        context: f(context, "A cluster, a user and a namespace."),
      }),
    ),
    "Named contexts.",
  ),
  "current-context": f(string, "The context used by default."),
  preferences: f(mapOf(string), "Preferences (unused by the kubelet)."),
});

declare const kubeconfigBrand: unique symbol;

/** A kubeconfig; branded so that it cannot be passed where a KubeletConfiguration is expected. */
export type Kubeconfig = TypeOf<typeof kubeconfigSchema> & {
  readonly [kubeconfigBrand]?: "Kubeconfig";
};

/** Checks a kubeconfig: the schema, references between contexts, clusters and users. */
export function validateKubeconfig(
  value: unknown,
  path = "kubeconfig",
): E.Either<Issue[], Kubeconfig> {
  const issues = kubeconfigSchema.check(value, path);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if ("enableServer" in v || "authentication" in v || v["kind"] === "KubeletConfiguration")
      return E.left([
        {
          path,
          message: "this looks like a KubeletConfiguration, not a kubeconfig",
          hint: "a kubeconfig has apiVersion v1, kind Config, clusters, users and contexts",
        },
      ]);
    const names = (key: string) =>
      Array.isArray(v[key]) ? (v[key] as Array<{ name?: unknown }>).map((x) => x?.name) : [];
    const clusters = names("clusters");
    const users = names("users");
    const contexts = names("contexts");
    (Array.isArray(v["contexts"])
      ? (v["contexts"] as Array<{ context?: { cluster?: unknown; user?: unknown } }>)
      : []
    ).forEach((c, i) => {
      if (c?.context?.cluster !== undefined && !clusters.includes(c.context.cluster))
        issues.push({
          path: `${path}.contexts[${i}].context.cluster`,
          message: `no cluster named ${JSON.stringify(c.context.cluster)}`,
        });
      if (c?.context?.user !== undefined && !users.includes(c.context.user))
        issues.push({
          path: `${path}.contexts[${i}].context.user`,
          message: `no user named ${JSON.stringify(c.context.user)}`,
        });
    });
    const current = v["current-context"];
    if (current !== undefined && !contexts.includes(current))
      issues.push({
        path: `${path}.current-context`,
        message: `no context named ${JSON.stringify(current)}`,
      });
  }
  return issues.length > 0 ? E.left(issues) : E.right(value as Kubeconfig);
}
