import { readFileSync, statSync, chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffLines } from "diff";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fromValue } from "../ast/fromValue.js";
import { NixEmitError } from "../errors.js";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { parseOrThrow } from "../parse/index.js";
import { print } from "../print/print.js";
import { describeWithNix, nixEvalJson, nixParse } from "../testing/nix.js";
import { editNix, findByPath, type NixDocument, parseAttrPath, visit } from "./index.js";
import { tempDirs } from "../testing/tempDirs.js";
const editDir = tempDirs("nix-emit-edit-");
const cliDir = tempDirs("nix-emit-edit-cli-");

const alejandra = `{
  config,
  lib,
  pkgs,
  ...
}: {
  networking.firewall = {
    enable = true;
    checkReversePath = "loose";
    logReversePathDrops = true;
  };
  virtualisation.containerd = {
    enable = true;
    settings = {
      version = 2;
      plugins."io.containerd.grpc.v1.cri" = {
        cni.bin_dir = "/opt/cni/bin";
      };
    };
  };
}
`;

const nixfmtStyle = `{ config, lib, ... }:
let
  cfg = config.services.k8s;
in
{
  # Kubernetes needs these.
  networking.firewall = {
    enable = true;
    checkReversePath = "loose";
    logReversePathDrops = true;
  };

  virtualisation.containerd = {
    enable = true;
    settings.plugins."io.containerd.grpc.v1.cri".cni.bin_dir = "/opt/cni/bin";
  };
}
`;

const handAligned = `{ config, lib, pkgs, ... }:

with lib;

{
  # The firewall
  networking.firewall.enable              = true;
  networking.firewall.checkReversePath    = "loose";   # k8s needs loose
  networking.firewall.logReversePathDrops = true;

  virtualisation.containerd.enable = true;   /* the runtime */
  virtualisation.containerd.settings.plugins."io.containerd.grpc.v1.cri".cni.bin_dir = "/opt/cni/bin";
}
`;

const styles = { alejandra, nixfmtStyle, handAligned };

function open(source: string): NixDocument {
  const d = editNix(source, { file: "test.nix" });
  if (E.isLeft(d)) throw new Error(d.left.formatted);
  return d.right;
}

/** Lines added and removed between two texts. */
function changes(before: string, after: string): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (part.added) added.push(...lines);
    if (part.removed) removed.push(...lines);
  }
  return { added, removed };
}

const comments = (text: string) => text.match(/#[^\n]*|\/\*[\s\S]*?\*\//g) ?? [];

describe("editNix on hand-written modules", () => {
  for (const [name, source] of Object.entries(styles)) {
    describe(name, () => {
      it("prints an untouched document exactly", () => {
        expect(open(source).toString()).toBe(source);
      });
      it("changes a value: one line out, one line in, comments kept", () => {
        const doc = open(source).set("networking.firewall.checkReversePath", false);
        const { added, removed } = changes(source, doc.toString());
        expect(removed).toHaveLength(1);
        expect(added).toHaveLength(1);
        expect(removed[0]).toContain("checkReversePath");
        expect(added[0]).toMatch(/checkReversePath = false;/);
        expect(comments(doc.toString())).toEqual(comments(source));
      });
      it("adds a binding: lines in only", () => {
        const doc = open(source).set("networking.firewall.allowedTCPPorts", [10250, 4240]);
        const { added, removed } = changes(source, doc.toString());
        expect(removed).toEqual([]);
        expect(added.join("\n")).toMatch(/allowedTCPPorts = \[\s*10250\s*4240\s*\];/);
        expect(comments(doc.toString())).toEqual(comments(source));
      });
      it("removes a binding: lines out only", () => {
        const doc = open(source);
        expect(doc.remove("networking.firewall.logReversePathDrops")).toBe(true);
        const { added, removed } = changes(source, doc.toString());
        expect(added).toEqual([]);
        expect(removed).toHaveLength(1);
        expect(removed[0]).toContain("logReversePathDrops");
      });
      it("reads and sets through quoted segments", () => {
        const doc = open(source);
        const path =
          'virtualisation.containerd.settings.plugins."io.containerd.grpc.v1.cri".cni.bin_dir';
        expect(print(doc.get(path)!)).toBe('"/opt/cni/bin"\n');
        doc.set(path, "/var/lib/cni/bin");
        expect(print(doc.get(path)!)).toBe('"/var/lib/cni/bin"\n');
      });
    });
  }
});

describeWithNix("edited files, judged by Nix", () => {
  for (const [name, source] of Object.entries(styles)) {
    it(`${name}: parses and evaluates to the edited values`, () => {
      const doc = open(source)
        .set("networking.firewall.checkReversePath", false)
        .set("networking.firewall.allowedTCPPorts", [10250, 4240])
        .set("virtualisation.containerd.settings.metrics.address", "[::]:9200");
      doc.remove("networking.firewall.logReversePathDrops");
      const text = doc.toString();
      expect(() => nixParse(text)).not.toThrow();
      const dir = editDir();
      writeFileSync(join(dir, "m.nix"), text);
      const out = nixEvalJson(
        `let m = import ${dir}/m.nix { config.services.k8s = { }; lib = { }; pkgs = { }; }; in { f = m.networking.firewall; c = m.virtualisation.containerd.settings.metrics; }`,
      );
      expect(out).toEqual({
        f: { enable: true, checkReversePath: false, allowedTCPPorts: [10250, 4240] },
        c: { address: "[::]:9200" },
      });
    });
  }
});

describe("editNix paths and wrappers", () => {
  it("looks through lib.mkIf and mkMerge, and adds dotted keys to the innermost set", () => {
    const src =
      "{ config, lib, ... }:\n{\n  config = lib.mkIf config.x.enable (lib.mkMerge [\n    { a = 1; }\n    { b.c = 2; }\n  ]);\n}\n";
    const doc = open(src);
    expect(print(doc.get("config.b.c")!)).toBe("2\n");
    doc.set("config.b.d.e", true);
    expect(doc.toString()).toContain("{ b.c = 2; b.d.e = true; }");
  });
  it("expands a one-line set that gets a binding over several lines", () => {
    const doc = open("{ a = { x = 1; }; }\n").set("a.y", { p: [1, 2], q: "r" });
    expect(doc.toString()).toBe(
      '{ a = {\n  x = 1;\n  y = {\n    p = [\n      1\n      2\n    ];\n    q = "r";\n  };\n}; }\n',
    );
    expect(() => parseOrThrow(doc.toString())).not.toThrow();
  });
  it("refuses to delete a comment inside the edited binding unless allowed", () => {
    const src = "{\n  a = [\n    1 # one\n  ];\n}\n";
    expect(() => open(src).set("a", [2])).toThrow(/would delete a comment: "# one"/);
    const d = editNix(src, { comments: "allow" });
    const doc = E.isRight(d) ? d.right : undefined;
    doc!.set("a", [2]);
    expect(doc!.lostComments).toEqual(["# one"]);
    expect(doc!.toString()).toBe("{\n  a = [ 2 ];\n}\n");
  });
  it("reports a deleted comment as written, even with text the parser masks (`|>`, `~/`)", () => {
    const src = "{\n  a = [\n    1 # x |> f ~/y\n  ];\n}\n";
    const d = editNix(src, { comments: "allow" });
    const doc = E.isRight(d) ? d.right : undefined;
    doc!.set("a", [2]);
    expect(doc!.lostComments).toEqual(["# x |> f ~/y"]);
  });
  it("a set on a path defined by dotted bindings replaces them; bad paths are refused", () => {
    expect(open("{ a.b = 1; x = 0; a.c = 2; }\n").set("a", 1).toString()).toBe(
      "{ a = 1; x = 0; }\n",
    );
    const doc = open("{ a.b = 1; a.c = 2; }\n");
    expect(doc.remove("a")).toBe(true);
    expect(doc.toString()).toBe("{ }\n");
    expect(() => doc.set('a."b', 1)).toThrow(NixEmitError);
    expect(E.isLeft(parseAttrPath("a..b"))).toBe(true);
    expect(parseAttrPath('x."y.z".w')).toEqual(E.right(["x", "y.z", "w"]));
  });
  it("refuses a file that is not an attribute set", () => {
    expect(() => open("[ 1 ]\n").set("a", 1)).toThrow(/not an attribute set/);
    expect(E.isLeft(editNix("{ a = ; }"))).toBe(true);
  });
});

describe("tree utilities", () => {
  it("findByPath and visit work on the AST", () => {
    const e = parseOrThrow("{ lib, ... }: { a.b = lib.mkIf true { c = [ 1 2 ]; }; }").expr;
    expect(print(findByPath(e, ["a", "b", "c"])!)).toBe("[\n  1\n  2\n]\n");
    let ints = 0;
    visit(e, (x) => {
      if (x.type === "int") ints++;
    });
    expect(ints).toBe(2);
  });
});

describe("properties", () => {
  const key = fc.constantFrom("a", "b", "c", "x-y", "a.b", "in");
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 4 }),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(key, tie("v"), { maxKeys: 3, minKeys: 1 }),
    ),
  })).v;
  const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
  const path = fc.array(key, { minLength: 1, maxLength: 3 });
  const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 6 }));
  it("set then get gives the value back (500 generated documents and paths)", () => {
    let checked = 0;
    fc.assert(
      fc.property(doc, path, value, (d, p, v) => {
        const e = editNix(print(fromValue(d)));
        if (E.isLeft(e)) throw new Error(e.left.formatted);
        try {
          e.right.set(p, v);
        } catch (err) {
          // A path through a non-set value or defined by dotted bindings is refused, not mangled.
          if (err instanceof NixEmitError) return;
          throw err;
        }
        // Compared as trees (strict printing ignores the layout the file kept).
        expect(print(e.right.get(p)!, { strict: true })).toBe(
          print(fromValue(v), { strict: true }),
        );
        checked++;
      }),
      { numRuns: 500, seed: 11 },
    );
    // Most cases must reach the check (the others are refused paths, not skipped silently).
    expect(checked).toBeGreaterThan(300);
  });
  it("remove after set of a new path gives back the original text (500 cases)", () => {
    let checked = 0;
    fc.assert(
      fc.property(doc, path, scalar, (d, p, v) => {
        const source = print(fromValue(d));
        const e = editNix(source);
        if (E.isLeft(e)) throw new Error(e.left.formatted);
        if (e.right.has(p)) return;
        try {
          e.right.set(p, v);
        } catch (err) {
          if (err instanceof NixEmitError) return;
          throw err;
        }
        expect(e.right.remove(p)).toBe(true);
        expect(e.right.toString()).toBe(source);
        checked++;
      }),
      { numRuns: 500, seed: 12 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});

describe("nix-emit edit", () => {
  const run = async (args: string[], cwd: string) => {
    const io = memoryIO("", { cwd });
    const code = await main(["edit", ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  const withFile = (text: string) => {
    const cwd = cliDir();
    writeFileSync(join(cwd, "m.nix"), text);
    return cwd;
  };
  it("edits in place, keeping the file's mode", async () => {
    const cwd = withFile(handAligned);
    chmodSync(join(cwd, "m.nix"), 0o640);
    const r = await run(
      [
        "m.nix",
        "--set",
        "networking.firewall.checkReversePath=false",
        "--remove",
        "networking.firewall.logReversePathDrops",
      ],
      cwd,
    );
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, "m.nix"), "utf8");
    expect(text).toContain("networking.firewall.checkReversePath = false;   # k8s needs loose");
    expect(text).not.toContain("logReversePathDrops");
    expect(statSync(join(cwd, "m.nix")).mode & 0o777).toBe(0o640);
  });
  it("--check prints the diff and writes nothing", async () => {
    const cwd = withFile(alejandra);
    const r = await run(
      ["m.nix", "--set", 'networking.firewall.checkReversePath="strict"', "--check"],
      cwd,
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('-    checkReversePath = "loose";');
    expect(r.out).toContain('+    checkReversePath = "strict";');
    expect(readFileSync(join(cwd, "m.nix"), "utf8")).toBe(alejandra);
  });
  it("bad JSON or a bad path: a clear error naming the path, exit 1, file untouched", async () => {
    const cwd = withFile(alejandra);
    const bad = await run(["m.nix", "--set", "networking.firewall.enable=yes"], cwd);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /networking\.firewall\.enable: the value is neither JSON nor a Nix path/,
    );
    const through = await run(["m.nix", "--set", "networking.firewall.checkReversePath.x=1"], cwd);
    expect(through.code).toBe(1);
    expect(through.err).toMatch(/networking\.firewall\.checkReversePath is a string/);
    expect(readFileSync(join(cwd, "m.nix"), "utf8")).toBe(alejandra);
    const syntax = await run(["m.nix", "--set", 'a."b=1'], cwd);
    expect(syntax.code).toBe(1);
    expect(syntax.err).toMatch(/unterminated quoted segment/);
  });
  it("usage errors exit 2", async () => {
    const cwd = withFile(alejandra);
    expect((await run([], cwd)).code).toBe(2);
    expect((await run(["m.nix"], cwd)).code).toBe(2);
    expect((await run(["m.nix", "--set"], cwd)).code).toBe(2);
    expect((await run(["m.nix", "--bogus"], cwd)).code).toBe(2);
  });
});
