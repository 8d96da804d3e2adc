/**
 * The containment rule of every folder entry nix-emit writes: a relative path that stays inside its
 * folder, with names the file system can hold.
 *
 * @module
 */
import type { Issue } from "../errors.js";

/** The longest file name (one path segment) Linux file systems hold, in bytes. */
export const NAME_MAX = 255;

/**
 * Problems with `path` as an entry below a folder (`/`-separated): it must be relative, have no
 * empty, `.` or `..` segment, no NUL, and no segment over {@link NAME_MAX} bytes of UTF-8. Returned,
 * never thrown; empty when the path is contained.
 */
export function containmentIssues(path: string): Issue[] {
  const issues: Issue[] = [];
  const shown = path.replace(/\0/g, "\\0");
  const at = (message: string, hint: string) => issues.push({ path: shown, message, hint });
  if (path === "") return [{ path: "", message: "an empty file name", hint: "name every file" }];
  if (path.includes("\0"))
    at("contains a NUL byte, which no file name can hold", "remove it from the name");
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path))
    at("absolute paths are not allowed", "give a path relative to the output folder");
  const segments = path.split("/");
  if (segments.some((s) => s === ".."))
    at("`..` would leave the output folder", "keep every file inside the output folder");
  if (segments.some((s, i) => (s === "" && i > 0) || s === "."))
    at("empty or `.` path segments are not allowed", "write paths like `dir/name.nix`");
  const long = segments.find((s) => Buffer.byteLength(s, "utf8") > NAME_MAX);
  if (long !== undefined)
    at(
      `the name ${JSON.stringify(long.slice(0, 40) + "…")} is ${Buffer.byteLength(long, "utf8")} bytes; file names are limited to ${NAME_MAX} bytes`,
      "use a shorter name",
    );
  return issues;
}
