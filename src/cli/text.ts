/** Plain-text layout for the help: word wrapping, columns and lists in prose. */

/** `text` wrapped to `width` columns, each line starting with `indent` spaces. */
export function wrap(text: string, width: number, indent = 0): string {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(pad + line);
  return lines.join("\n");
}

/**
 * Two columns: each term, then its text wrapped beside it (or under it,
 * when the term is wider than the column).
 */
export function columns(rows: ReadonlyArray<readonly [string, string]>, width: number): string {
  const left = Math.min(24, Math.max(...rows.map(([term]) => term.length)) + 4);
  return rows
    .map(([term, text]) => {
      const body = wrap(text, width, left);
      const first = `  ${term}`;
      if (first.length + 2 > left) return `${first}\n${body}`;
      return first.padEnd(left) + body.slice(left);
    })
    .join("\n");
}

/** "a", "a and b", "a, b and c". */
export function listed(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
