/** Places in a source text: an offset as the 1-based line and column an editor shows, and a line's text. */

export interface LineColumn {
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): LineColumn {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: before.length - lineStart + 1 };
}

/** The text of a 1-based line, without its line ending; undefined past the end. */
export function lineAt(text: string, line: number): string | undefined {
  const found = text.split("\n")[line - 1];
  return found?.replace(/\r$/, "");
}
