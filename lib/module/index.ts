/**
 * NixOS modules in TypeScript: typed options (`t`, `mkOption`), typed references across modules,
 * the config helpers (`mkIf`, `mkMerge`, ...), rendered to a module function whose header lists
 * exactly the arguments the body uses.
 *
 * ```ts
 * import { defineModule, mkOption, mkEnableOption, mkIf, t, renderModuleOrThrow } from "nix-emit/module";
 * const k8s = defineModule({
 *   name: "k8s",
 *   path: ["services", "k8s"],
 *   options: { secretsPath: mkOption(t.path, { default: "/var/lib/kubernetes/secrets" }) },
 * });
 * k8s.cfg.secretsPath; // prints as config.services.k8s.secretsPath, typed as a path (string)
 * ```
 *
 * @module
 */
export { t, type Infer, type OptionType, type OptionsShape, type OrExpr } from "./types.js";
export {
  mkOption,
  mkEnableOption,
  mkPackageOption,
  checkOptions,
  renderOptions,
  type Option,
  type OptionFields,
} from "./option.js";
export {
  mkIf,
  mkMerge,
  mkDefault,
  mkForce,
  mkOverride,
  mkBefore,
  mkAfter,
  mkOrder,
  mkRenamedOptionModule,
  mkRemovedOptionModule,
} from "./config.js";
export {
  defineModule,
  renderModule,
  renderModuleOrThrow,
  referencedModulePaths,
  type AnyModule,
  type Module,
  type ModuleSpec,
  type Ref,
  type Refs,
} from "./module.js";
export { execStart, settingsFile, settingsType, type SettingsFormat } from "./helpers.js";
export { NIXOS_MODULE_ARGS } from "./module.js";
export type { Checked, CheckedType } from "../checked.js";
