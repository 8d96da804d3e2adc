/**
 * Files are never damaged (issue 23): every command writes through `lib/io`, tested with real
 * processes where it matters: `kill -9` at random points, 20 concurrent `generate` runs into one
 * folder, another program writing the file while `fmt` or `edit` runs, a full and a closed
 * standard output. Links, set-id bits, the size limit and `--verify` are tested in-process.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import * as E from "../either.js";
import { formatText } from "../print/formatText.js";
import { describeWithNix, nixParse, withFreeVariables } from "../testing/nix.js";
import { describeWithNixpkgsLib } from "../testing/nixos.js";
import { tempDirs } from "../testing/tempDirs.js";
import { memoryIO } from "./io.js";
import { canonicalParse } from "./fmt.js";
import { main } from "./main.js";

// A formatter bug, simulated for `--verify`'s refusal: no input is known any more whose formatting
// changes its meaning (the `''\n` case of issue 23 is kept by lib/nixfmt), so in files holding
// the marker `# simulated formatter bug` the formatted text has its first `1` turned into `2`.
vi.mock("../print/formatText.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../print/formatText.js")>();
  const formatText: typeof real.formatText = (text, options) => {
    const r = real.formatText(text, options);
    return r._tag === "Right" && text.includes("# simulated formatter bug")
      ? { ...r, right: r.right.replace("1", "2") }
      : r;
  };
  return { ...real, formatText };
});

const root = resolve(import.meta.dirname, "../..");
const tsx = pathToFileURL(join(root, "node_modules/tsx/dist/esm/index.mjs")).href;
const mainTs = join(root, "lib/cli/main.ts");
const tempDir = tempDirs("nix-emit-files-");

const ugly = "{ a = 1; b = [ 1 2 ]; }";
const pretty = formatText(ugly);
const prettyText = E.isRight(pretty) ? pretty.right : "";

/** The CLI as one real process (no wrapper process: `kill -9` hits the writer itself). */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", tsx, mainTs, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function finished(p: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = "";
  let err = "";
  p.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  p.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((done) => p.on("close", (code) => done({ code, out, err })));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const temps = (dir: string) => readdirSync(dir).filter((n) => /\.tmp$|\.lock/.test(n));

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(20);
  }
}

describe("links are followed: the target is rewritten and the link kept", () => {
  it("fmt and edit on a symbolic link", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "a.nix"), ugly);
    symlinkSync("real/a.nix", join(dir, "link.nix"));
    expect(await main(["fmt", "link.nix"], memoryIO("", { cwd: dir }))).toBe(0);
    expect(lstatSync(join(dir, "link.nix")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.nix"))).toBe("real/a.nix");
    expect(readFileSync(join(dir, "real", "a.nix"), "utf8")).toBe(prettyText);
    const io = memoryIO("", { cwd: dir });
    expect(await main(["edit", "link.nix", "--set", "a=2"], io)).toBe(0);
    expect(lstatSync(join(dir, "link.nix")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "a.nix"), "utf8")).toMatch(/a = 2;/);
    expect(readdirSync(join(dir, "real"))).toEqual(["a.nix"]);
  });
});

describe.skipIf(process.getuid?.() !== 0)("root keeps set-id bits, owner and group", () => {
  it("fmt and edit of a setuid/setgid file owned by another user", async () => {
    const dir = tempDir();
    const file = join(dir, "a.nix");
    writeFileSync(file, ugly);
    chownSync(file, 1234, 4321);
    chmodSync(file, 0o6755);
    expect(await main(["fmt", "a.nix"], memoryIO("", { cwd: dir }))).toBe(0);
    expect(await main(["edit", "a.nix", "--set", "a=3"], memoryIO("", { cwd: dir }))).toBe(0);
    const st = statSync(file);
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o6755, 1234, 4321]);
    expect(readFileSync(file, "utf8")).toMatch(/a = 3;/);
  });
});
if (process.getuid?.() !== 0) process.stderr.write("SKIPPED (not root): set-id bits kept\n");

describe("large inputs are refused before reading, naming the size and the limit", () => {
  it("with the limit lowered through NIX_EMIT_MAX_BYTES (files and stdin)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "big.nix"), ugly);
    writeFileSync(join(dir, "small.nix"), "{a=1;}");
    const io = memoryIO("", { cwd: dir, env: { NIX_EMIT_MAX_BYTES: "10" } });
    expect(await main(["fmt", "big.nix", "small.nix"], io)).toBe(1);
    expect(io.err()).toBe(
      "nix-emit fmt: big.nix: 23 bytes (0.0 MiB) is over the limit of 10 bytes (0.0 MiB); left as it was (set NIX_EMIT_MAX_BYTES to change the limit)\n",
    );
    expect(readFileSync(join(dir, "big.nix"), "utf8")).toBe(ugly);
    expect(readFileSync(join(dir, "small.nix"), "utf8")).toBe("{ a = 1; }\n");
    const stdin = memoryIO(ugly, { env: { NIX_EMIT_MAX_BYTES: "10" } });
    expect(await main(["fmt"], stdin)).toBe(1);
    expect(stdin.err()).toMatch(/<stdin>: 23 bytes .* over the limit of 10 bytes/);
  });
});

describeWithNix("fmt --verify: Nix must read the formatted text as the input", () => {
  // nixfmt 1.4.0 moves a line that starts with an escape (`''\n`) to a deeper indentation; Nix 2.8
  // then strips the spaces after the escape on another line. LF and CRLF files alike. nix-emit
  // keeps such a string's lines where they were (lib/nixfmt/meaning.test.ts).
  const formerHazard = (nl: string) => `{ a = [ ''    ''\\nd${nl}''\\n  c'' ]; }${nl}`;
  const hazard = (nl: string) => `{ a = 1; } # simulated formatter bug${nl}`;
  it("the formatter keeps the value of a string nixfmt changes (issue 23 point 7)", () => {
    for (const nl of ["\n", "\r\n"]) {
      const out = formatText(formerHazard(nl));
      expect(E.isRight(out)).toBe(true);
      if (E.isRight(out)) {
        expect(out.right).not.toBe(formerHazard(nl));
        expect(canonicalParse(nixParse(withFreeVariables(out.right)))).toBe(
          canonicalParse(nixParse(withFreeVariables(formerHazard(nl)))),
        );
      }
    }
  });
  it("keeps the meaning of `''\\` before CR LF (Nix: the escape takes the CR, the LF is text)", async () => {
    // Nix 2.8 lexer.l: <IND_STRING>\'\'\\{ANY} takes one character, so `''\\` CR LF is an escaped
    // CR and then a line break, while `''\\` LF is an escaped line break.
    for (const src of [
      "{\r\n  a = ''\r\n    x''\\\r\n    y\r\n  '';\r\n}\r\n",
      "{\r\n  a = [ ''''\\\r\n  x''\\\r\n'' ];\r\n}\r\n",
      "{\n  a = ''\n    x''\\\n    y\n  '';\n}\n",
    ]) {
      const dir = tempDir();
      writeFileSync(join(dir, "s.nix"), src);
      const io = memoryIO("", { cwd: dir });
      expect(await main(["fmt", "--verify", "s.nix"], io)).toBe(0);
      expect(io.err()).toBe("");
      const out = readFileSync(join(dir, "s.nix"), "utf8");
      expect(canonicalParse(nixParse(withFreeVariables(out)))).toBe(
        canonicalParse(nixParse(withFreeVariables(src))),
      );
    }
  });
  it("compares string values, not where Nix cuts them into fragments", () => {
    expect(canonicalParse(`[ (("" + "\\r" + "\\n  x")) "a\\" + \\"b" ]`)).toBe(
      `[ "\\r\\n  x" "a\\" + \\"b" ]`,
    );
    expect(canonicalParse(`(("a" + "b"))`)).toBe(canonicalParse(`"ab"`));
    expect(canonicalParse(`("a" + x)`)).not.toBe(canonicalParse(`("a" + "x")`));
  });
  it("refuses to write it, naming the file, and formats the others", async () => {
    for (const nl of ["\n", "\r\n"]) {
      const dir = tempDir();
      writeFileSync(join(dir, "s.nix"), hazard(nl));
      writeFileSync(join(dir, "ok.nix"), `let x = y; in ${ugly}`);
      const io = memoryIO("", { cwd: dir });
      expect(await main(["fmt", "--verify", "s.nix", "ok.nix"], io)).toBe(1);
      expect(io.err()).toMatch(
        /^nix-emit fmt: s\.nix: the formatted text would mean something else/,
      );
      expect(readFileSync(join(dir, "s.nix"), "utf8")).toBe(hazard(nl));
      expect(readFileSync(join(dir, "ok.nix"), "utf8")).toMatch(/^let\n  x = y;\nin\n/);
      const stdin = memoryIO(hazard(nl));
      expect(await main(["fmt", "--verify"], stdin)).toBe(1);
      expect(stdin.out()).toBe("");
    }
  });
});

describe("another program's write between read and rename is detected (real processes)", () => {
  for (const command of ["fmt", "edit"] as const) {
    it(command, async () => {
      const dir = tempDir();
      const file = join(dir, "a.nix");
      writeFileSync(file, ugly);
      const args = command === "fmt" ? ["fmt", "a.nix"] : ["edit", "a.nix", "--set", "a=5"];
      const run = cli(args, dir, { NIX_EMIT_TEST_PAUSE_MS: "1500" });
      const result = finished(run);
      await waitFor(() => readdirSync(dir).some((n) => n.endsWith(".tmp")));
      writeFileSync(file, "{ theirs = true; }\n");
      const r = await result;
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `nix-emit ${command}: a.nix: was changed by another program since it was read; nothing was written (look at the change, then run the command again)\n`,
      );
      expect(readFileSync(file, "utf8")).toBe("{ theirs = true; }\n");
      expect(readdirSync(dir)).toEqual(["a.nix"]);
    });
  }
});

describe("kill -9 at random points (real processes)", () => {
  it("fmt: the file is always exactly old or new; the next run cleans up", async () => {
    let inWindow = 0;
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const dir = tempDir();
      const file = join(dir, "a.nix");
      writeFileSync(file, ugly);
      const run = cli(["fmt", "a.nix"], dir, { NIX_EMIT_TEST_PAUSE_MS: "300" });
      const result = finished(run);
      // Half the rounds kill anywhere in the run, half while the temporary file exists.
      if (round % 2 === 0) await sleep(Math.random() * 1200);
      else await waitFor(() => readdirSync(dir).some((n) => n.endsWith(".tmp")));
      await sleep(Math.random() * 300);
      if (readdirSync(dir).some((n) => n.endsWith(".tmp"))) inWindow++;
      run.kill("SIGKILL");
      await result;
      expect([ugly, prettyText]).toContain(readFileSync(file, "utf8"));
      expect(await main(["fmt", "a.nix"], memoryIO("", { cwd: dir }))).toBe(0);
      expect(readdirSync(dir)).toEqual(["a.nix"]);
      expect(readFileSync(file, "utf8")).toBe(prettyText);
    }
    process.stderr.write(`fmt: ${rounds} kills, ${inWindow} with the temporary file written\n`);
  }, 120_000);

  it("generate: every file is exactly old or new; the next run takes the lock over and cleans up", async () => {
    const example = JSON.parse(readFileSync(join(root, "examples/cluster.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const base = tempDir();
    writeFileSync(
      join(base, "b.json"),
      JSON.stringify({ ...example, secretsPath: "/var/lib/k8s-other" }),
    );
    // The two trees every file must come from.
    for (const [name, config] of [
      ["A", []],
      ["B", ["--config", join(base, "b.json")]],
    ] as const)
      expect(
        (await finished(cli(["generate", "--out", join(base, name), ...config], base))).code,
      ).toBe(0);
    const tree = (name: string) =>
      new Map(
        readdirSync(join(base, name)).map((f) => [f, readFileSync(join(base, name, f), "utf8")]),
      );
    const a = tree("A");
    const b = tree("B");
    let inWindow = 0;
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const dir = join(base, `run${round}`);
      mkdirSync(dir);
      for (const [f, text] of a) writeFileSync(join(dir, f), text);
      const args = ["generate", "--out", dir, "--config", join(base, "b.json")];
      const run = cli(args, base, { NIX_EMIT_TEST_PAUSE_MS: "100" });
      const result = finished(run);
      // Half the rounds kill anywhere in the run, half once the writing has begun.
      if (round % 2 === 0) await sleep(Math.random() * 2000);
      else await waitFor(() => readdirSync(dir).some((n) => n.endsWith(".tmp")));
      await sleep(Math.random() * 1000);
      run.kill("SIGKILL");
      await result;
      const left = readdirSync(dir).filter((n) => !/\.tmp$|\.lock$/.test(n));
      if (
        left.some((f) => readFileSync(join(dir, f), "utf8") === b.get(f)) &&
        left.some((f) => readFileSync(join(dir, f), "utf8") !== b.get(f))
      )
        inWindow++;
      for (const f of readdirSync(dir).filter((n) => !/\.tmp$|\.lock$/.test(n)))
        expect([a.get(f), b.get(f)]).toContain(readFileSync(join(dir, f), "utf8"));
      const again = await finished(cli(args, base));
      expect(again.err).toBe("");
      expect(again.code).toBe(0);
      expect(temps(dir)).toEqual([]);
      expect(tree(`run${round}`)).toEqual(b);
    }
    process.stderr.write(
      `generate: ${rounds} kills, ${inWindow} left a tree of old and new files\n`,
    );
  }, 180_000);
});

describe("20 concurrent generate runs into one folder (real processes)", () => {
  it("all succeed (they queue on the folder's lock), no temporary file is left, the tree is right", async () => {
    const base = tempDir();
    expect((await finished(cli(["generate", "--out", join(base, "ref")], base))).code).toBe(0);
    const runs = await Promise.all(
      Array.from({ length: 20 }, () =>
        finished(cli(["generate", "--out", join(base, "out")], base)),
      ),
    );
    for (const r of runs) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
    }
    // One run wrote the tree (as many files as the reference run); the others found it written.
    const written = `wrote ${readdirSync(join(base, "ref")).filter((f) => f.endsWith(".nix")).length} file(s)`;
    expect(runs.filter((r) => r.out.startsWith(written)).length).toBe(1);
    expect(temps(join(base, "out"))).toEqual([]);
    for (const f of readdirSync(join(base, "ref")))
      expect(readFileSync(join(base, "out", f), "utf8")).toBe(
        readFileSync(join(base, "ref", f), "utf8"),
      );
  }, 180_000);
});

describe("standard output errors (real processes)", () => {
  const shell = (command: string) =>
    spawnSync("bash", ["-c", command], { encoding: "utf8", cwd: root });
  const run = `${JSON.stringify(process.execPath)} --import ${tsx} ${JSON.stringify(mainTs)}`;
  it("a full device (/dev/full): one line, exit 1", () => {
    const r = shell(`echo '{a=1;}' | ${run} fmt > /dev/full`);
    expect(r.stderr).toBe(
      "nix-emit: cannot write to standard output: ENOSPC (no space left on device)\n",
    );
    expect(r.status).toBe(1);
  });
  // A closed standard output (`>&-`) cannot be told apart here: Node opens /dev/null read-write in
  // place of a closed standard stream before any JavaScript runs, exactly as a parent that passes
  // /dev/null does (Node's stdio "ignore", systemd's StandardOutput=null). Treating that as closed
  // made every such run fail (and made the bench's whole-process figures measure the failure).
  it("/dev/null is not a closed output, write-only (>/dev/null) or read-write (stdio ignore)", () => {
    const r = shell(`echo '{a=1;}' | ${run} fmt > /dev/null`);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const dir = tempDir();
    writeFileSync(join(dir, "ugly.nix"), "{a=1;}\n");
    const args = ["--import", tsx, mainTs, "fmt", "--check", "ugly.nix"];
    const ignored = spawnSync(process.execPath, args, {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    });
    // --check found a file to list: exit 1 for that, with nothing on standard error.
    expect([ignored.status, ignored.stderr]).toEqual([1, ""]);
  });
});

describeWithNixpkgsLib("fmt --verify over nixpkgs lib at widths 60 and 40", (lib) => {
  it("every file keeps its meaning (Nix reads the formatted text as the original)", async () => {
    const dir = tempDir();
    const files = readdirSync(lib).filter((f) => f.endsWith(".nix"));
    for (const f of files) writeFileSync(join(dir, f), readFileSync(join(lib, f)));
    for (const width of ["60", "40"]) {
      const io = memoryIO("", { cwd: dir });
      expect(await main(["fmt", "--verify", "--width", width, ...files], io)).toBe(0);
      expect(io.err()).toBe("");
    }
    expect(files.length).toBeGreaterThan(20);
  }, 300_000);
});

const hasSetpriv = spawnSync("setpriv", ["--version"]).status === 0;
// The process as nobody runs this checkout's code: a checkout below a folder only root may enter
// (a clone into `mktemp -d`) cannot be run as nobody.
const asNobody = (command: string, ...args: string[]) =>
  spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", command, ...args]);
const nobodyReads = hasSetpriv && asNobody("test", "-r", mainTs).status === 0;
const nobodySkip =
  process.getuid?.() !== 0
    ? "needs root"
    : !hasSetpriv
      ? "needs setpriv (util-linux)"
      : !nobodyReads
        ? `user nobody cannot read ${mainTs} (a folder above the checkout is closed to others)`
        : undefined;
describe.skipIf(nobodySkip !== undefined)(
  "a user who cannot keep the owner (real process as nobody)",
  () => {
    it("drops the setuid bit with the owner and says what it could not keep", async () => {
      const dir = tempDir();
      chmodSync(dir, 0o777);
      const file = join(dir, "a.nix");
      writeFileSync(file, "{a=1;}");
      chmodSync(file, 0o4766);
      const run = spawn(
        "setpriv",
        [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          process.execPath,
          "--import",
          tsx,
        ].concat([mainTs, "fmt", "a.nix"]),
        { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
      );
      const r = await finished(run);
      expect(r.code).toBe(0);
      expect(r.err).toBe(
        [
          "nix-emit fmt: a.nix: warning: could not keep the file's owner (uid 0; only root can keep it)",
          "nix-emit fmt: a.nix: warning: could not keep the file's group (gid 0)",
          "nix-emit fmt: a.nix: warning: could not keep the file's setuid bit (owner changed)",
          "",
        ].join("\n"),
      );
      const st = statSync(file);
      expect([st.mode & 0o7777, st.uid]).toEqual([0o766, 65534]);
      expect(readFileSync(file, "utf8")).toBe("{ a = 1; }\n");
    });
  },
);
if (nobodySkip !== undefined)
  process.stderr.write(`SKIPPED a user who cannot keep the owner: ${nobodySkip}\n`);
