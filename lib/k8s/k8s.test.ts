import { describe, expect, it } from "vitest";
import { checkDuration, parseDuration } from "./duration.js";
import { suggest } from "../suggest.js";

describe("Go durations", () => {
  it("parses the units Kubernetes accepts", () => {
    expect(parseDuration("604800s")).toBe(604800e9);
    expect(parseDuration("168h")).toBe(604800e9);
    expect(parseDuration("1h30m")).toBe(5400e9);
    expect(parseDuration("300ms")).toBe(300e6);
    expect(parseDuration("1.5s")).toBe(1.5e9);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("-2m")).toBe(-120e9);
  });
  it("rejects what Go rejects", () => {
    for (const bad of ["7d", "10", "1w", "s", "", "1h 30m", "h1"])
      expect(parseDuration(bad), bad).toBeUndefined();
  });
  it("explains 7d with the fix", () => {
    expect(checkDuration("7d", "kubelet.imageMaximumGCAge")).toEqual([
      {
        path: "kubelet.imageMaximumGCAge",
        message: '"7d" is not a Go duration: there is no "d" unit',
        hint: 'write "168h"',
      },
    ]);
    expect(checkDuration(10, "x")[0]!.message).toBe(
      'expected a duration string such as "10s", got 10',
    );
    expect(checkDuration("10 s", "x")[0]!.hint).toMatch(/units ns, us, ms, s, m, h/);
  });
});

describe("did you mean", () => {
  const fields = [
    "imageMaximumGCAge",
    "imageMinimumGCAge",
    "clusterDomain",
    "clusterDNS",
    "cgroupDriver",
  ];
  it("suggests the field a typo meant", () => {
    expect(suggest("imageMaximumGcAge", fields)).toBe("imageMaximumGCAge");
    expect(suggest("clusterDomian", fields)).toBe("clusterDomain");
    expect(suggest("cgroupdriver", fields)).toBe("cgroupDriver");
  });
  it("suggests nothing for unrelated names", () => {
    expect(suggest("podCIDR", fields)).toBeUndefined();
  });
});
