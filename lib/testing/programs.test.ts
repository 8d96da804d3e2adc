/** The harness's own pure helpers (no program runs here). */
import { describe, expect, it } from "vitest";
import { cidrsOverlap, inCidr } from "./programs.js";

describe("inCidr", () => {
  it("answers for IPv4 and IPv6 addresses and CIDRs, never across families", () => {
    expect(inCidr("10.244.1.5", "10.244.0.0/16")).toBe(true);
    expect(inCidr("10.245.0.1", "10.244.0.0/16")).toBe(false);
    expect(inCidr("fd00:10:244:1::5/64", "fd00:10:244::/56")).toBe(true);
    expect(inCidr("fd00:10:245::5", "fd00:10:244::/56")).toBe(false);
    expect(inCidr("::ffff:10.244.0.1", "10.244.0.0/16")).toBe(false);
    expect(cidrsOverlap("fd00:10:244::/64", "fd00:10:244:1::/64")).toBe(false);
    expect(cidrsOverlap("fd00:10:244::/56", "fd00:10:244:1::/64")).toBe(true);
  });

  it("refuses what is not a CIDR or an address, naming it", () => {
    expect(() => inCidr("10.0.0.1", "undefined")).toThrow(
      '"undefined" is not an IPv4 or IPv6 CIDR',
    );
    expect(() => inCidr("10.0.0.1", "10.0.0.0")).toThrow("is not an IPv4 or IPv6 CIDR");
    expect(() => inCidr("10.0.0.1", "10.0.0.0/33")).toThrow("is not an IPv4 or IPv6 CIDR");
    expect(() => inCidr("nope", "10.0.0.0/8")).toThrow('"nope" is not an IP address');
  });
});
