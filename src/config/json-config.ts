/**
 * Parsing a JSON config, and when it is not JSON, a problem with the place
 * (FILE:LINE:COL and the line) and the reason in words, whichever runtime
 * parses it (see json-syntax.ts).
 */
import { ConfigError } from "../validation/problems.ts";
import { lineAt, positionAt } from "../validation/source-text.ts";
import { findJsonSyntaxError } from "./json-syntax.ts";

export function parseJsonConfig(text: string, file: string): unknown {
  // Some Windows editors start a UTF-8 file with a byte-order mark; it is not part of the JSON.
  const json = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (err) {
    const found = findJsonSyntaxError(json);
    if (found === undefined)
      throw new ConfigError(file, [
        { path: "", message: `not valid JSON: ${(err as Error).message}` },
      ]);
    const { line, column } = positionAt(json, found.offset);
    const lineText = lineAt(json, line);
    throw new ConfigError(file, [
      {
        path: "",
        message: `not valid JSON: ${found.reason}`,
        at: lineText === undefined ? { file, line, column } : { file, line, column, lineText },
        hint: "fix it there and save; a config written in TypeScript (mcp.config.ts, see `mcpmux init`) may have comments and trailing commas",
      },
    ]);
  }
}
