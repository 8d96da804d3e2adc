import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { formatCidr, nthAddress, parseCidr, subnet } from "./cidr.js";

const cidr = (s: string) => {
  const r = parseCidr(s);
  if (E.isLeft(r)) throw new Error(r.left);
  return r.right;
};

describe("CIDR arithmetic", () => {
  it("carves each node's subnet from the cluster range, IPv4 and IPv6", () => {
    const at = (range: string, prefix: number, i: number) =>
      E.map(formatCidr)(subnet(cidr(range), prefix, i));
    expect(at("10.244.0.0/16", 24, 0)).toEqual(E.right("10.244.0.0/24"));
    expect(at("10.244.0.0/16", 24, 3)).toEqual(E.right("10.244.3.0/24"));
    expect(at("fd00:10:244::/56", 64, 0)).toEqual(E.right("fd00:10:244::/64"));
    expect(at("fd00:10:244::/56", 64, 2)).toEqual(E.right("fd00:10:244:2::/64"));
    expect(at("10.244.0.0/30", 31, 2)).toEqual(E.left("10.244.0.0/30 holds only 2 subnets of /31"));
    expect(E.isLeft(subnet(cidr("10.0.0.0/24"), 16, 0))).toBe(true);
  });
  it("takes the n-th address of a service range (1: the API server, 10: cluster DNS)", () => {
    expect(nthAddress(cidr("10.96.0.0/12"), 10)).toEqual(E.right("10.96.0.10"));
    expect(nthAddress(cidr("fd00:10:96::/108"), 10)).toEqual(E.right("fd00:10:96::a"));
    expect(nthAddress(cidr("fd00:10:96::/108"), 1)).toEqual(E.right("fd00:10:96::1"));
    expect(E.isLeft(nthAddress(cidr("10.0.0.0/29"), 10))).toBe(true);
  });
  it("refuses ranges with host bits or bad text, naming the fix", () => {
    expect(parseCidr("10.244.1.0/16")).toEqual(
      E.left('"10.244.1.0/16" has host bits set: the range starts at 10.244.0.0/16'),
    );
    expect(E.isLeft(parseCidr("fd00::zz/64"))).toBe(true);
    expect(E.isLeft(parseCidr("10.0.0.0/33"))).toBe(true);
    expect(E.isLeft(parseCidr("10.0.0.0"))).toBe(true);
    expect(formatCidr(cidr("::/0"))).toBe("::/0");
    expect(formatCidr(cidr("fd00:0:0:1::/64"))).toBe("fd00:0:0:1::/64");
  });
});
