import { expectTypeOf, it } from "vitest";
import { defineModule, mkOption, t } from "../module/index.js";
import { n, type StrValue } from "./build.js";

const m = defineModule({
  name: "m",
  path: ["services", "m"],
  options: { port: mkOption(t.port, { default: 80 }), dir: mkOption(t.path, { default: "/x" }) },
});

it("n.str accepts string-typed references and refuses number-typed ones at compile time", () => {
  expectTypeOf(m.cfg.dir).toMatchTypeOf<StrValue>();
  expectTypeOf(m.cfg.port).not.toMatchTypeOf<StrValue>();
  expectTypeOf(n.call("toString", m.cfg.port)).toMatchTypeOf<StrValue>();
  // @ts-expect-error a number-typed reference cannot be interpolated: Nix refuses "${1}"
  n.str`:${m.cfg.port}`;
  n.str`:${n.call("toString", m.cfg.port)}`;
});
