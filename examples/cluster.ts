/**
 * The example cluster (`examples/cluster.json`): one controller (also a worker, with the
 * control-plane taint) and two workers on IPv6, with the settings of the article this project grew
 * from ("Kubernetes the Nix way", part 3). Every host imports the same tree. It is the input of the
 * main job (`npm run generate`) and what `nix-emit generate --print-config` prints.
 */
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import { formatIssue } from "../lib/errors.js";
import { type Cluster, validateCluster } from "../lib/k8s/index.js";

const json: unknown = JSON.parse(readFileSync(new URL("./cluster.json", import.meta.url), "utf8"));
const valid = validateCluster(json);
if (E.isLeft(valid)) throw new Error(valid.left.map((i) => formatIssue(i)).join("\n"));

/** The example cluster, validated. */
export const exampleCluster: Cluster = valid.right;
