/**
 * KubeSchedulerConfiguration (`kubescheduler.config.k8s.io/v1`), the kube-scheduler's `--config`
 * file, as one schema (TypeScript type and runtime check) with its documentation, following
 * `staging/src/k8s.io/kube-scheduler/config/v1/types.go`.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import {
  anything,
  boolean,
  duration,
  enumOf,
  field as f,
  filePath,
  float64,
  int32,
  int64,
  listOf,
  refine,
  required,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const leaderElection = struct({
  leaderElect: f(
    boolean,
    "Whether a leader is elected before the scheduler runs (for several replicas).",
  ),
  leaseDuration: f(
    duration,
    "How long non-leader candidates wait before trying to take leadership.",
  ),
  renewDeadline: f(duration, "How long the leader tries to renew before it stops leading."),
  retryPeriod: f(duration, "How long clients wait between tries."),
  resourceLock: f(
    enumOf(["leases", "endpointsleases", "configmapsleases"]),
    "The lock object type.",
  ),
  resourceName: f(string, "The name of the lock object."),
  resourceNamespace: f(string, "The namespace of the lock object."),
});

export const clientConnection = struct({
  kubeconfig: f(filePath, "The kubeconfig file the component uses to reach the API server."),
  acceptContentTypes: f(string, "The Accept header sent to the server."),
  contentType: f(string, "The content type of requests sent to the server."),
  qps: f(float64, "Queries per second allowed for this connection."),
  burst: f(int32, "Extra queries allowed over QPS."),
});

const plugin = refine(
  struct({
    name: f(string, "The plugin's name."),
    weight: f(int32, "The plugin's weight (score plugins only)."),
  }),
  required("name"),
);

const pluginSet = struct({
  enabled: f(listOf(plugin), "Plugins enabled in addition to the defaults."),
  disabled: f(listOf(plugin), "Default plugins to disable (`*` disables them all)."),
});

const plugins = struct(
  Object.fromEntries(
    [
      "preEnqueue",
      "queueSort",
      "preFilter",
      "filter",
      "postFilter",
      "preScore",
      "score",
      "reserve",
      "permit",
      "preBind",
      "bind",
      "postBind",
      "multiPoint",
    ].map((point) => [point, f(pluginSet, `Plugins of the ${point} extension point.`)]),
  ),
);

const profile = struct({
  schedulerName: f(
    string,
    "The name pods select this profile by (`default-scheduler` by default).",
  ),
  percentageOfNodesToScore: f(int32, "Nodes to score as a percentage of all nodes (0 to 100)."),
  plugins: f(plugins, "Plugins to enable or disable per extension point."),
  pluginConfig: f(
    listOf(
      refine(
        struct({
          name: f(string, "The plugin's name."),
          args: f(anything, "The plugin's arguments."),
        }),
        required("name"),
      ),
    ),
    "Arguments of plugins.",
  ),
});

/** The schema of KubeSchedulerConfiguration (v1). */
export const kubeSchedulerConfigurationSchema = struct({
  apiVersion: f(enumOf(["kubescheduler.config.k8s.io/v1"]), "The API version."),
  kind: f(enumOf(["KubeSchedulerConfiguration"]), "The kind."),
  parallelism: f(int32, "How many goroutines schedule pods (default 16)."),
  leaderElection: f(leaderElection, "Leader election of the scheduler."),
  clientConnection: f(clientConnection, "The connection to the API server."),
  enableProfiling: f(boolean, "Profiling through the web interface at /debug/pprof/."),
  enableContentionProfiling: f(boolean, "Lock contention profiling, with enableProfiling."),
  percentageOfNodesToScore: f(int32, "Nodes to score as a percentage of all nodes (0 to 100)."),
  podInitialBackoffSeconds: f(int64, "Initial backoff of unschedulable pods (default 1)."),
  podMaxBackoffSeconds: f(int64, "Maximum backoff of unschedulable pods (default 10)."),
  profiles: f(listOf(profile), "Scheduling profiles; each has a schedulerName pods select it by."),
  extenders: f(listOf(anything), "Scheduler extenders (webhooks)."),
  delayCacheUntilActive: f(boolean, "Fill the informer cache only once leader."),
});

/** A KubeSchedulerConfiguration, typed from `kubeSchedulerConfigurationSchema`. */
export type KubeSchedulerConfiguration = TypeOf<typeof kubeSchedulerConfigurationSchema>;

/** Checks a KubeSchedulerConfiguration: the schema, ranges and profile names, all at once. */
export function validateKubeSchedulerConfiguration(
  value: unknown,
  path = "scheduler.settings",
): E.Either<Issue[], KubeSchedulerConfiguration> {
  const issues = kubeSchedulerConfigurationSchema.check(value, path);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const percent = v["percentageOfNodesToScore"];
    if (typeof percent === "number" && (percent < 0 || percent > 100))
      issues.push({
        path: `${path}.percentageOfNodesToScore`,
        message: `must be between 0 and 100, got ${percent}`,
      });
    const initial = v["podInitialBackoffSeconds"];
    const max = v["podMaxBackoffSeconds"];
    if (typeof initial === "number" && typeof max === "number" && max < initial)
      issues.push({
        path: `${path}.podMaxBackoffSeconds`,
        message: `must not be below podInitialBackoffSeconds (${initial}), got ${max}`,
      });
    const profiles = Array.isArray(v["profiles"]) ? (v["profiles"] as unknown[]) : [];
    const names = profiles.map((p) =>
      typeof p === "object" && p !== null
        ? ((p as { schedulerName?: unknown }).schedulerName ?? "default-scheduler")
        : undefined,
    );
    names.forEach((name, i) => {
      if (name !== undefined && names.indexOf(name) !== i)
        issues.push({
          path: `${path}.profiles[${i}].schedulerName`,
          message: `${JSON.stringify(name)} names two profiles`,
          hint: "give each profile its own schedulerName",
        });
    });
    if ("kubeconfig" in v || "clusters" in v)
      issues.push({
        path,
        message: "this looks like a kubeconfig, not a KubeSchedulerConfiguration",
        hint: "the scheduler's kubeconfig goes in clientConnection.kubeconfig",
      });
  }
  return issues.length > 0 ? E.left(issues) : E.right(value as KubeSchedulerConfiguration);
}
