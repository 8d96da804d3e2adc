/**
 * Validation of a KubeletConfiguration before any Nix is written: the schema (types, enums with
 * their casing, durations, quantities, unknown fields with suggestions) plus the rules types.go
 * states in prose (ranges, field relations), all problems at once.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { type KubeletConfiguration, kubeletConfigurationSchema } from "./kubelet.js";

const KUBECONFIG_KEYS = ["clusters", "users", "contexts", "current-context", "preferences"];

function rangeRule(
  config: Record<string, unknown>,
  path: string,
  name: string,
  lo: number,
  hi: number,
): Issue[] {
  const v = config[name];
  if (typeof v !== "number" || (v >= lo && v <= hi)) return [];
  return [{ path: `${path}.${name}`, message: `must be between ${lo} and ${hi}, got ${v}` }];
}

/** Checks a KubeletConfiguration given as a plain value; `path` prefixes every issue's path. */
export function validateKubeletConfiguration(
  value: unknown,
  path = "kubelet",
): E.Either<Issue[], KubeletConfiguration> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v["kind"] === "Config" || KUBECONFIG_KEYS.some((k) => k in v))
      return E.left([
        {
          path,
          message:
            "this looks like a kubeconfig (kind: Config, clusters/users/contexts), not a KubeletConfiguration",
          hint: "the kubelet's config file is a KubeletConfiguration (kubelet.config.k8s.io/v1beta1); pass the kubeconfig as the kubeconfig",
        },
      ]);
  }
  const issues = kubeletConfigurationSchema.check(value, path);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // The rules below only look at fields of the right type, so they run alongside the schema.
    const c = value as Record<string, unknown>;
    issues.push(
      ...rangeRule(c, path, "port", 1, 65535),
      ...rangeRule(c, path, "readOnlyPort", 0, 65535),
      ...rangeRule(c, path, "healthzPort", 0, 65535),
      ...rangeRule(c, path, "oomScoreAdj", -1000, 1000),
      ...rangeRule(c, path, "imageGCHighThresholdPercent", 0, 100),
      ...rangeRule(c, path, "imageGCLowThresholdPercent", 0, 100),
      ...rangeRule(c, path, "maxPods", 0, 2147483647),
    );
    const high = c["imageGCHighThresholdPercent"];
    const low = c["imageGCLowThresholdPercent"];
    if (typeof high === "number" && typeof low === "number" && low >= high)
      issues.push({
        path: `${path}.imageGCLowThresholdPercent`,
        message: `must be less than imageGCHighThresholdPercent (${high}), got ${low}`,
      });
    const enforce = c["enforceNodeAllocatable"];
    if (Array.isArray(enforce) && enforce.includes("none") && enforce.length > 1)
      issues.push({
        path: `${path}.enforceNodeAllocatable`,
        message: "`none` cannot be combined with other options",
      });
    if (c["serializeImagePulls"] === true && c["maxParallelImagePulls"] !== undefined)
      issues.push({
        path: `${path}.maxParallelImagePulls`,
        message: "cannot be set while serializeImagePulls is true",
        hint: "set serializeImagePulls to false to pull in parallel",
      });
  }
  return issues.length > 0 ? E.left(issues) : E.right(value as KubeletConfiguration);
}
