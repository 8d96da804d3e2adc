/**
 * The one write path of nix-emit: atomic replacement of files (`atomic.ts`), the folder lock
 * (`lock.ts`) and the containment rule of folder entries (`paths.ts`). The CLI commands and the
 * tree writer import it; nothing else writes files.
 *
 * @module
 */
export * from "./atomic.js";
export * from "./lock.js";
export * from "./paths.js";
