/**
 * Command-line flags as name→value maps: the names Kubernetes components use (kebab case) and how
 * values are spelt on the command line. The modules pass these maps to Nix, which builds the words.
 */

/** `nodeIp` → `node-ip`: flag names are the typed field names in kebab case. */
export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A flag's value as the command line spells it: lists comma-separated, maps as `k=v,...`. */
export function flagText(value: unknown): string {
  if (Array.isArray(value)) return value.map(flagText).join(",");
  if (typeof value === "object" && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${k}=${flagText(v)}`)
      .join(",");
  return String(value);
}

/**
 * Typed flags by command-line name (`{ "secure-port": "6443" }`): the typed ones in declaration
 * order, then `extra` (any other flag, by name without `--`).
 */
export function flagValuesWithExtra(
  flags: Readonly<Record<string, unknown>> & { readonly extra?: Readonly<Record<string, string>> },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(flags))
    if (value !== undefined && key !== "extra") out[kebab(key)] = flagText(value);
  for (const [name, value] of Object.entries(flags.extra ?? {})) out[name] = value;
  return out;
}
