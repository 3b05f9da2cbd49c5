/**
 * Why a `.ts`/`.js` config did not load, as one problem with its place
 * (FILE:LINE:COL and the line) and what to do. Each runtime throws its own
 * shape, and a user should read the same message whichever runs mcpmux:
 *   - Bun (and the compiled binary): a syntax error is an AggregateError of
 *     BuildMessages, each with `position {file, line, column, lineText}`
 *     (1-based); a missing import is a ResolveMessage with `specifier` and
 *     `referrer`, and no position.
 *   - Node with tsx: a syntax error is esbuild's TransformError, its place
 *     only in the message ("FILE:LINE:COL: ERROR: ...", column 0-based); a
 *     missing import is MODULE_NOT_FOUND (CommonJS: `requireStack`) or
 *     ERR_MODULE_NOT_FOUND ("... imported from FILE").
 *   - A throw while the config runs: the first stack frame in the config's
 *     folder is the place.
 * Never a stack trace: the place and the first line of the message say it.
 */
import { dirname, extname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConfigProblem, SourcePosition } from "../validation/problems.ts";
import { lineAt, positionAt } from "../validation/source-text.ts";

/** Reads a source file to show the line; undefined when it cannot be read. */
export type ReadText = (file: string) => string | undefined;

export function problemFromLoadError(err: unknown, file: string, read: ReadText): ConfigProblem {
  const error = errorLike(err);
  if (error === undefined) return { path: "", message: `could not load: ${String(err)}` };
  return (
    fromBuildMessages(error, file) ??
    fromEsbuild(error.message, file, read) ??
    fromMissingModule(error, file, read) ??
    fromStack(error, file, read) ?? {
      path: "",
      message: `could not load: ${firstLine(error.message)}`,
    }
  );
}

interface ErrorLike {
  message: string;
  stack?: unknown;
  errors?: unknown;
  position?: unknown;
  code?: unknown;
  specifier?: unknown;
  referrer?: unknown;
  requireStack?: unknown;
}

function errorLike(err: unknown): ErrorLike | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  return typeof (err as ErrorLike).message === "string" ? (err as ErrorLike) : undefined;
}

/** Parsers stop where the text stops making sense, which is often just after the slip. */
const SYNTAX_HINT =
  "fix the syntax at that place; a missing or extra bracket, comma or quote is often just before it";

/** Bun: the first BuildMessage with a position (the rest usually follow from it). */
function fromBuildMessages(error: ErrorLike, file: string): ConfigProblem | undefined {
  const messages = Array.isArray(error.errors) ? error.errors : [error];
  for (const message of messages) {
    const p = errorLike(message)?.position as Partial<Record<string, unknown>> | null | undefined;
    if (typeof p !== "object" || p === null) continue;
    if (typeof p["file"] !== "string" || typeof p["line"] !== "number") continue;
    const at: SourcePosition = {
      file: sameModule(p["file"], file),
      line: p["line"],
      column: typeof p["column"] === "number" ? Math.max(1, p["column"]) : 1,
    };
    if (typeof p["lineText"] === "string") at.lineText = p["lineText"];
    const text = (message as ErrorLike).message;
    return { path: "", message: `syntax error: ${text}`, at, hint: SYNTAX_HINT };
  }
  return undefined;
}

/** tsx: esbuild's "FILE:LINE:COL: ERROR: text" in the message, its column 0-based. */
function fromEsbuild(message: string, file: string, read: ReadText): ConfigProblem | undefined {
  const match = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  if (match === null) return undefined;
  const [, where = "", line = "1", column = "0", text = ""] = match;
  const at = withLine(
    { file: sameModule(where, file), line: Number(line), column: Number(column) + 1 },
    read,
  );
  return { path: "", message: `syntax error: ${text}`, at, hint: SYNTAX_HINT };
}

/** An import that does not resolve: the place is where the importing file names it. */
function fromMissingModule(
  error: ErrorLike,
  file: string,
  read: ReadText,
): ConfigProblem | undefined {
  const found = missingModule(error);
  if (found === undefined) return undefined;
  const referrer = found.referrer === undefined ? file : sameModule(found.referrer, file);
  const text = read(referrer);
  const named = text === undefined ? undefined : namedAt(text, referrer, found.specifier);
  const specifier = named?.as ?? found.specifier;
  const problem: ConfigProblem = {
    path: "",
    message: `cannot find module "${specifier}"${named === undefined ? ` imported by ${referrer}` : ""}`,
    hint: isPackage(specifier)
      ? `install it where the config can find it (npm install ${packageName(specifier)} in the config's folder), or fix the name`
      : "a relative import is resolved from the importing file's folder, with its extension (./servers.ts): fix the path or create the file",
  };
  if (text !== undefined && named !== undefined) {
    const { line, column } = positionAt(text, named.offset);
    problem.at = withLine({ file: referrer, line, column }, () => text);
  }
  return problem;
}

function missingModule(error: ErrorLike): { specifier: string; referrer?: string } | undefined {
  if (typeof error.specifier === "string") {
    const found: { specifier: string; referrer?: string } = { specifier: error.specifier };
    if (typeof error.referrer === "string") found.referrer = error.referrer;
    return found;
  }
  if (error.code !== "MODULE_NOT_FOUND" && error.code !== "ERR_MODULE_NOT_FOUND") return undefined;
  const match = /Cannot find (?:module|package) '([^']+)'(?: imported from (.+))?/.exec(
    error.message,
  );
  if (match?.[1] === undefined) return undefined;
  const requireStack = Array.isArray(error.requireStack) ? error.requireStack : [];
  const referrer =
    match[2]?.trim() ?? (typeof requireStack[0] === "string" ? requireStack[0] : undefined);
  return referrer === undefined ? { specifier: match[1] } : { specifier: match[1], referrer };
}

/**
 * Where `text` names the module, and how: as the error says, or (Node's
 * ESM resolver names it resolved) relative to the importer.
 */
function namedAt(
  text: string,
  referrer: string,
  specifier: string,
): { offset: number; as: string } | undefined {
  const candidates = [specifier];
  if (specifier.startsWith("/")) {
    const rel = relative(dirname(referrer), specifier).split(sep).join("/");
    const dotted = rel.startsWith(".") ? rel : `./${rel}`;
    candidates.push(dotted, dotted.slice(0, dotted.length - extname(dotted).length));
  }
  for (const candidate of candidates) {
    for (const quote of ['"', "'", "`"]) {
      const at = text.indexOf(`${quote}${candidate}${quote}`);
      if (at >= 0) return { offset: at + 1, as: candidate };
    }
  }
  return undefined;
}

const isPackage = (specifier: string) => !/^(\.|\/|file:|node:)/.test(specifier);

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** A throw while the config ran: the first stack frame in the config's folder. */
function fromStack(error: ErrorLike, file: string, read: ReadText): ConfigProblem | undefined {
  if (typeof error.stack !== "string") return undefined;
  const folder = dirname(file) + sep;
  const frame = /(?:\(|\s)((?:file:\/\/)?\/[^\s()?:]+)(?:\?[^\s():]*)?:(\d+):(\d+)/g;
  for (const match of error.stack.matchAll(frame)) {
    const where = toPath(match[1] ?? "");
    if (!where.startsWith(folder) || where.includes(`${sep}node_modules${sep}`)) continue;
    const at = withLine({ file: where, line: Number(match[2]), column: Number(match[3]) }, read);
    return {
      path: "",
      message: `the config threw while loading: ${firstLine(error.message)}`,
      at,
      hint: "fix the code at that place (the config runs when mcpmux loads it)",
    };
  }
  return undefined;
}

function toPath(where: string): string {
  return where.startsWith("file://") ? fileURLToPath(where) : where;
}

/**
 * The runtime's name for a file, as the user's: without the `?load=`
 * query mcpmux adds, and tsx names `x.mts` "x.ts" to esbuild, so a name
 * that differs from the config's only in its extension is the config.
 */
function sameModule(where: string, file: string): string {
  const path = toPath(where.replace(/\?.*$/, ""));
  const stem = (p: string) => p.slice(0, p.length - extname(p).length);
  return path !== file && stem(path) === stem(file) ? file : path;
}

function withLine(at: SourcePosition, read: ReadText): SourcePosition {
  const text = read(at.file);
  const line = text === undefined ? undefined : lineAt(text, at.line);
  return line === undefined ? at : { ...at, lineText: line };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
