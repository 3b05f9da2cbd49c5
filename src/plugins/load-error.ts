/**
 * Why a plugin did not load, as one line mcpmux shows as the instance's last
 * error: `FILE:LINE:COL: message` when a position is known. Syntax errors
 * carry one (tsx's esbuild in its message, Bun on the error); for a throw
 * while loading, the first stack frame inside the plugin file is the place.
 */
import { pathToFileURL } from "node:url";

export interface LoadFailure {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** The host's exit status when a plugin cannot be loaded (EX_CONFIG: the plugin is wrong, not the host). */
export const LOAD_ERROR_EXIT_CODE = 78;

export const LOAD_ERROR_PREFIX = "plugin load error: ";

export function formatLoadFailure(failure: LoadFailure): string {
  const at =
    failure.line === undefined
      ? failure.file
      : `${failure.file}:${failure.line}:${failure.column ?? 1}`;
  return `${LOAD_ERROR_PREFIX}${at}: ${oneLine(failure.message)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** What went wrong importing `file`, with the best position we can find. */
export function failureFromError(err: unknown, file: string): LoadFailure {
  if (!(err instanceof Error) && !isErrorLike(err)) return { file, message: String(err) };
  const error = err as Error & { position?: unknown };
  return (
    fromBunPosition(error) ??
    fromEsbuildMessage(error.message) ??
    fromStackFrame(error, file) ?? { file, message: firstLine(error.message) }
  );
}

function isErrorLike(err: unknown): err is { message: string } {
  return typeof err === "object" && err !== null && typeof (err as Error).message === "string";
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

/** Bun's BuildMessage: `position: { file, line, column }`, both 1-based. */
function fromBunPosition(error: { message: string; position?: unknown }): LoadFailure | undefined {
  const position = error.position as { file?: unknown; line?: unknown; column?: unknown } | null;
  if (typeof position !== "object" || position === null) return undefined;
  if (typeof position.file !== "string" || typeof position.line !== "number") return undefined;
  const failure: LoadFailure = { file: position.file, line: position.line, message: error.message };
  if (typeof position.column === "number") failure.column = position.column;
  return failure;
}

/** esbuild (under tsx): "Transform failed with 1 error:\nFILE:LINE:COL: ERROR: message", its column 0-based. */
function fromEsbuildMessage(message: string): LoadFailure | undefined {
  const match = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  if (match === null) return undefined;
  const [, file, line, column, text] = match as unknown as [string, string, string, string, string];
  return { file, line: Number(line), column: Number(column) + 1, message: text };
}

/** A throw while loading: the first place in the plugin file, from the stack (or a Deno-style message). */
function fromStackFrame(error: Error, file: string): LoadFailure | undefined {
  const places = [file, pathToFileURL(file).href].map(escapeRegExp).join("|");
  const pattern = new RegExp(`(?:${places}):(\\d+):(\\d+)`);
  const match = pattern.exec(error.stack ?? "") ?? pattern.exec(error.message);
  if (match === null) return undefined;
  return {
    file,
    line: Number(match[1]),
    column: Number(match[2]),
    message: firstLine(error.message),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
