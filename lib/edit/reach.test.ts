/**
 * The classes of issue 21, each a regression test: paths through calls, list indices, `let`,
 * formals, refusals, removed comments, the file's own style, `lostComments`.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { n } from "../ast/build.js";
import { NixEmitError } from "../errors.js";
import { describeWithNix, nixEvalJson, nixParse } from "../testing/nix.js";
import { editNix, type NixDocument } from "./index.js";

const open = (src: string, options = {}): NixDocument => {
  const d = editNix(src, options);
  if (E.isLeft(d)) throw new Error(d.left.formatted);
  return d.right;
};
/** The message of the refusal `f` throws (and that it is a NixEmitError). */
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof NixEmitError) return err.message;
    throw err;
  }
  throw new Error("no refusal");
};
/** Asserts the edit is refused and leaves the text as it was. */
const refused = (src: string, f: (d: NixDocument) => unknown, message: RegExp) => {
  const d = open(src);
  expect(refusal(() => f(d))).toMatch(message);
  expect(d.toString()).toBe(src);
};

const option = `{ lib, ... }:
{
  options.x = lib.mkOption {
    type = lib.types.int;
    default = 1;
  };
}
`;

describe("paths through calls (issue 21: 'attribute already defined')", () => {
  it("sets and adds inside lib.mkOption { … }", () => {
    const d = open(option).set("options.x.default", 2).set("options.x.description", "the x");
    expect(d.toString()).toBe(`{ lib, ... }:
{
  options.x = lib.mkOption {
    type = lib.types.int;
    default = 2;
    description = "the x";
  };
}
`);
    expect(d.get("options.x.default")).toMatchObject({ type: "int" });
  });

  it("goes into mkIf c { … }, mkDefault, mkForce, mkOverride n, mkBefore/mkAfter, mkMerge [ … ]", () => {
    for (const call of [
      "lib.mkIf cfg.enable",
      "mkDefault",
      "lib.mkForce",
      "lib.mkOverride 50",
      "mkBefore",
      "mkAfter",
      "lib.mkMerge [",
      'mkPackageOption pkgs "hello"',
    ]) {
      const close = call.endsWith("[") ? " ]" : "";
      const src = `{ config = ${call} { a = 1; }${close}; }\n`;
      const d = open(src).set("config.a", 2).set("config.b", 3);
      expect(d.toString(), call).toBe(`{ config = ${call} { a = 2; b = 3; }${close}; }\n`);
    }
  });

  it("adds to the set the path already goes through in mkOption { default = { … }; }", () => {
    const src = "{ options.x = mkOption { default = { a = 1; }; }; }\n";
    expect(open(src).set("options.x.default.b", 2).toString()).toBe(
      "{ options.x = mkOption { default = { a = 1; b = 2; }; }; }\n",
    );
  });

  it("refuses other calls, naming them: 'options.x is a call to lib.mkFoo'", () => {
    refused(
      "{ options.x = lib.mkFoo { a = 1; }; }\n",
      (d) => d.set("options.x.a", 2),
      /options\.x is a call to lib\.mkFoo/,
    );
    refused(
      '{ x = lib.mkEnableOption "x"; }\n',
      (d) => d.set("x.y", 2),
      /x is a call to lib\.mkEnableOption/,
    );
  });
});

describe('list items (issue 21: after."0" duplicates)', () => {
  const src = '{ after = [ "a" "b" ]; imports = [ ./a.nix ./b.nix ]; }\n';
  it("sets and gets an item by index", () => {
    const d = open(src).set("after.0", "x");
    expect(d.toString()).toBe('{ after = [ "x" "b" ]; imports = [ ./a.nix ./b.nix ]; }\n');
    expect(d.get("after.1")).toMatchObject({ type: "string" });
  });
  it("refuses an index past the end and a name on a list", () => {
    refused(src, (d) => d.set("imports.4", "x"), /imports is a list of 2 items, with no item 4/);
    refused(src, (d) => d.set("after.x", 1), /after is a list/);
  });
  it("append, insert, removeItem by index and by value; imports get an item once", () => {
    const d = open(src);
    expect(d.append("imports", n.path("./etcd.nix"))).toBe(true);
    expect(d.append("imports", n.path("./etcd.nix"))).toBe(false);
    d.insert("after", 0, "first");
    expect(d.toString()).toBe(
      '{ after = [ "first" "a" "b" ]; imports = [ ./a.nix ./b.nix ./etcd.nix ]; }\n',
    );
    expect(d.removeItem("imports", { value: n.path("./etcd.nix") })).toBe(true);
    expect(d.removeItem("after", 1)).toBe(true);
    expect(d.toString()).toBe('{ after = [ "first" "b" ]; imports = [ ./a.nix ./b.nix ]; }\n');
  });
  it("one item per line in a list written so; a one-item list that gets a second is laid out as nixfmt does", () => {
    const d = open("{\n  imports = [\n    ./a.nix\n  ];\n}\n");
    d.append("imports", n.path("./b.nix"));
    expect(d.toString()).toBe("{\n  imports = [\n    ./a.nix\n    ./b.nix\n  ];\n}\n");
    const e = open("{\n  imports = [ ./a.nix ];\n}\n");
    e.append("imports", n.path("./b.nix"));
    expect(e.toString()).toBe("{\n  imports = [\n    ./a.nix\n    ./b.nix\n  ];\n}\n");
  });
  it("append creates a missing list; a value that is not a list is refused", () => {
    expect(open("{ }\n").append("imports", n.path("./a.nix")) && true).toBe(true);
    refused(
      "{ imports = [ ./a.nix ] ++ extra; }\n",
      (d) => d.append("imports", 1),
      /imports: is a \+\+ expression, not a list/,
    );
  });
});

describe("let bindings (issue 21: set('port') added a body attribute)", () => {
  const src = "{ config, ... }:\nlet\n  port = 80;\nin\n{\n  services.x.port = port;\n}\n";
  it("doc.let(name) reads, sets, adds and removes let bindings; the body is untouched", () => {
    const d = open(src);
    expect(d.let("port").get()).toMatchObject({ type: "int" });
    d.let("port").set(8080);
    expect(d.toString()).toBe(src.replace("80;", "8080;"));
    d.let("host").set("h");
    expect(d.toString()).toContain('  port = 8080;\n  host = "h";\nin\n');
    expect(d.let("host").remove()).toBe(true);
    expect(d.toString()).toBe(src.replace("80;", "8080;"));
    // The path API never touches let bindings.
    expect(d.has("port")).toBe(false);
  });
  it("set(name) where name is only a let binding is refused, naming doc.let; nothing added", () => {
    refused(src, (d) => d.set("port", 8080), /port is a let binding, not an attribute of the body/);
    refused(src, (d) => d.set("port.x", 1), /doc\.let\("port\.x"\)/);
    refused(src, (d) => d.append("port", 1), /port is a let binding/);
    // A name the body binds too, or one no let binds, is a body path as before.
    const both = "let\n  port = 80;\nin\n{\n  port = port;\n}\n";
    expect(open(both).set("port", 1).toString()).toBe(both.replace("port = port;", "port = 1;"));
    expect(open(src).set("services.x.enable", true).toString()).toContain("enable = true;");
  });
});

describe("function formals", () => {
  it("adds and removes pkgs in { config, lib, ... }:", () => {
    const d = open("{ config, lib, ... }:\n{ }\n");
    expect(d.addFormal("pkgs")).toBe(true);
    expect(d.toString()).toBe("{ config, lib, pkgs, ... }:\n{ }\n");
    expect(d.addFormal("pkgs")).toBe(false);
    expect(d.removeFormal("pkgs")).toBe(true);
    expect(d.toString()).toBe("{ config, lib, ... }:\n{ }\n");
  });
  it("one formal per line stays so; a formal still used is not removed", () => {
    const d = open("{\n  config,\n  lib,\n  ...\n}:\n{ x = lib.id 1; }\n");
    d.addFormal("pkgs");
    expect(d.toString()).toBe("{\n  config,\n  lib,\n  pkgs,\n  ...\n}:\n{ x = lib.id 1; }\n");
    expect(refusal(() => d.removeFormal("lib"))).toMatch(/lib: is still used/);
  });
});

describe("refusals for what cannot be edited faithfully", () => {
  it("//, if, strings, numbers, inherit, computed keys: named, text unchanged", () => {
    refused("{ a = { b = 1; } // x; }\n", (d) => d.set("a.b", 2), /a is an update \(\/\/\)/);
    refused(
      "{ a = if c then { } else { }; }\n",
      (d) => d.set("a.b", 2),
      /a is an if … then … else/,
    );
    refused('{ a = "s"; }\n', (d) => d.set("a.b", 2), /a is a string/);
    refused("{ a = 1; }\n", (d) => d.set("a.b", 2), /a is an integer/);
    refused("{ inherit (x) a; }\n", (d) => d.set("a.b", 2), /a is inherited \(inherit \(x\) a;\)/);
    refused("{ inherit a; }\n", (d) => d.set("a", 2), /a is inherited/);
    refused('{ "${k}" = 1; }\n', (d) => d.set("a", 2), /a may be bound by the computed name/);
  });
  it("with scopes and let bodies are looked through (their keys are static)", () => {
    expect(open("with lib; { a = 1; }\n").set("a", 2).toString()).toBe("with lib; { a = 2; }\n");
  });
});

describe("removed bindings take their own leading comments", () => {
  it("the comment lines right above go, a comment after a blank line stays", () => {
    const src = "{\n  # about a\n  # more\n  a = 1;\n\n  # about b\n\n  b = 2;\n}\n";
    const d = open(src);
    d.remove("a");
    expect(d.toString()).toBe("{\n\n  # about b\n\n  b = 2;\n}\n");
    expect(d.lostComments).toEqual(["# about a", "# more"]);
    d.remove("b");
    expect(d.toString()).toBe("{\n\n  # about b\n\n}\n");
  });
  it("lostComments is exactly the comments missing from the text", () => {
    const src = "{\n  a = {\n    # inner\n    x = 1; # trailing\n  };\n  # kept\n  b = 1;\n}\n";
    const d = open(src, { comments: "allow" });
    d.set("a", 2);
    const missing = ["# inner", "# trailing"];
    expect(d.lostComments).toEqual(missing);
    for (const c of missing) expect(d.toString()).not.toContain(c);
    expect(d.toString()).toContain("# kept");
  });
});

describe("lostComments lists no comment that was kept (issue 21)", () => {
  it("a one-line set expanded for a long binding: its bindings' own comments are kept and not listed", () => {
    const src = "{ /* c */ a = { x = 1; /* kept */ }; }\n";
    const d = open(src, { comments: "allow" }).set("b", { p: 1, q: 2 });
    expect(d.toString()).toContain("/* kept */");
    expect(d.lostComments).toEqual(["/* c */"]);
  });
});

describe("removals that would leave a variable undefined are refused", () => {
  it("a let binding or a rec binding still used", () => {
    refused(
      "let port = 80; in { p = port; }\n",
      (d) => d.let("port").remove(),
      /port is still used \(line 1\)/,
    );
    refused("rec { a = 1; b = a; }\n", (d) => d.remove("a"), /a is still used/);
    refused("let a = 1; in { inherit a; }\n", (d) => d.let("a").remove(), /a is still used/);
    expect(open("let port = 80; in { p = 1; }\n").let("port").remove()).toBe(true);
  });
  it("a binding's trailing comment goes with it, with its leading comments", () => {
    const d = open("{\n  # lead\n  a = 1; # trail\n  b = 2;\n}\n");
    d.remove("a");
    expect(d.toString()).toBe("{\n  b = 2;\n}\n");
    expect([...d.lostComments].sort()).toEqual(["# lead", "# trail"]);
  });
});

describe("the file's own style", () => {
  it("tabs and CRLF in inserted text", () => {
    const src = "{\r\n\ta = {\r\n\t\tb = 1;\r\n\t};\r\n}\r\n";
    const d = open(src).set("a.c", { d: 1, e: 2 });
    expect(d.toString()).toBe(
      "{\r\n\ta = {\r\n\t\tb = 1;\r\n\t\tc = {\r\n\t\t\td = 1;\r\n\t\t\te = 2;\r\n\t\t};\r\n\t};\r\n}\r\n",
    );
  });
  it("a four-space unit", () => {
    const src = "{\n    a = {\n        b = 1;\n    };\n}\n";
    const d = open(src).set("a.c", { d: 1, e: 2 });
    expect(d.toString()).toBe(
      "{\n    a = {\n        b = 1;\n        c = {\n            d = 1;\n            e = 2;\n        };\n    };\n}\n",
    );
  });
});

describeWithNix("edits judged by Nix", () => {
  it("a multi-line string set in a CRLF, tab-indented file keeps its value", () => {
    const src = "{\r\n\ta = {\r\n\t\tb = 1;\r\n\t};\r\n}\r\n";
    const value = "line one\n  line two\nthree ${x}\n";
    const d = open(src).set("a.s", value).set("a.t", { u: value });
    expect(nixEvalJson(`(${d.toString()}).a`)).toEqual({ b: 1, s: value, t: { u: value } });
  });

  it("the mkOption, let and list edits parse and evaluate to the new values", () => {
    const d = open(
      'let\n  lib = { mkOption = x: x; mkIf = c: x: x; };\n  port = 80;\nin\n{\n  options.x = lib.mkOption { default = 1; };\n  config = lib.mkIf true { after = [ "a" "b" ]; p = port; };\n}\n',
    );
    d.set("options.x.default", 2).set("config.after.0", "x").let("port").set(8080);
    d.append("config.after", "c");
    expect(nixParse(d.toString())).toBeTruthy();
    expect(nixEvalJson(`(${d.toString()})`)).toEqual({
      options: { x: { default: 2 } },
      config: { after: ["x", "b", "c"], p: 8080 },
    });
  });
});
