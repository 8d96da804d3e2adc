/**
 * CIDR arithmetic for the cluster's address plan: parse IPv4 and IPv6 ranges, carve equal subnets
 * (each node's pod CIDR from the cluster CIDR) and take the n-th address of a range (the API
 * server's service IP is the 1st, cluster DNS by convention the 10th). Computed, never copied.
 */
import * as E from "fp-ts/lib/Either.js";

/** A parsed range: the address as a number, its family and prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An address as a number, or undefined. */
export function parseAddress(text: string): { family: 4 | 6; address: bigint } | undefined {
  if (IPV4.test(text))
    return {
      family: 4,
      address: text.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n),
    };
  const v6 = text.includes(":") ? parseIPv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, address: v6 };
}

/** `10.0.0.0/24` or `fd00::/108`, as a range whose address has no host bits. */
export function parseCidr(text: string): E.Either<string, Cidr> {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const parsed = m ? parseAddress(m[1]!) : undefined;
  if (!m || !parsed) return E.left(`${JSON.stringify(text)} is not a CIDR`);
  const prefix = Number(m[2]);
  if (prefix > bits(parsed.family))
    return E.left(`${JSON.stringify(text)}: the prefix is longer than the address`);
  const host = (1n << BigInt(bits(parsed.family) - prefix)) - 1n;
  if ((parsed.address & host) !== 0n)
    return E.left(
      `${JSON.stringify(text)} has host bits set: the range starts at ${formatCidr({ ...parsed, address: parsed.address & ~host, prefix })}`,
    );
  return E.right({ ...parsed, prefix });
}

/** An address as text (IPv6 with the longest run of zero groups written `::`). */
export function formatAddress(family: 4 | 6, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((address >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  return best < 0
    ? hex(groups)
    : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLength))}`;
}

/** A range as text. */
export const formatCidr = (c: Cidr): string => `${formatAddress(c.family, c.address)}/${c.prefix}`;

/** The `index`-th subnet of size `/prefix` inside `range`, or a reason it does not exist. */
export function subnet(range: Cidr, prefix: number, index: number): E.Either<string, Cidr> {
  if (prefix < range.prefix || prefix > bits(range.family))
    return E.left(
      `a /${prefix} does not fit in ${formatCidr(range)} (it must be between /${range.prefix} and /${bits(range.family)})`,
    );
  const count = 1n << BigInt(prefix - range.prefix);
  if (BigInt(index) >= count)
    return E.left(`${formatCidr(range)} holds only ${count} subnets of /${prefix}`);
  const size = 1n << BigInt(bits(range.family) - prefix);
  return E.right({ family: range.family, address: range.address + BigInt(index) * size, prefix });
}

/** The `index`-th address of `range` (1 is the first after the network address), as text. */
export function nthAddress(range: Cidr, index: number): E.Either<string, string> {
  const size = 1n << BigInt(bits(range.family) - range.prefix);
  if (BigInt(index) >= size) return E.left(`${formatCidr(range)} has no address number ${index}`);
  return E.right(formatAddress(range.family, range.address + BigInt(index)));
}
