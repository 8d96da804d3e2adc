/** The example cluster (shipped with the CLI as `nix-emit generate`'s default). */
export { exampleCluster } from "../lib/cli/exampleCluster.js";
