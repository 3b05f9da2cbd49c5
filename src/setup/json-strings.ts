/**
 * Where each string value of a JSON text is, so a few of them can be
 * replaced while every other byte of the file (indentation, key order,
 * number spelling, line endings) stays as the user or Claude Code wrote it.
 * The text must already have passed JSON.parse: this walks, it does not
 * validate.
 */
export interface StringAt {
  /** Keys and array indexes from the root to the string. */
  path: Array<string | number>;
  /** The string's literal in the text, quotes included: text.slice(start, end). */
  start: number;
  end: number;
  value: string;
}

const WHITESPACE = /[ \t\n\r]*/y;
const SCALAR = /-?[0-9][0-9.eE+-]*|true|false|null/y;

export function jsonStrings(text: string): StringAt[] {
  const found: StringAt[] = [];
  // A byte order mark is not JSON, but editors write one; it is kept.
  let at = text.startsWith("\uFEFF") ? 1 : 0;

  const skip = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const literal = (): { value: string; start: number } => {
    const start = at;
    at++;
    while (text[at] !== '"') {
      if (at >= text.length) throw new Error("not JSON: a string does not end");
      at += text[at] === "\\" ? 2 : 1;
    }
    at++;
    return { value: JSON.parse(text.slice(start, at)) as string, start };
  };
  const value = (path: Array<string | number>): void => {
    skip();
    const char = text[at];
    if (char === '"') {
      const { value: parsed, start } = literal();
      found.push({ path, start, end: at, value: parsed });
    } else if (char === "{") {
      at++;
      skip();
      while (text[at] !== "}") {
        if (at >= text.length) throw new Error("not JSON: an object does not end");
        const key = literal().value;
        skip();
        at++; // :
        value([...path, key]);
        skip();
        if (text[at] === ",") at++;
        skip();
      }
      at++;
    } else if (char === "[") {
      at++;
      skip();
      for (let i = 0; text[at] !== "]"; i++) {
        if (at >= text.length) throw new Error("not JSON: an array does not end");
        value([...path, i]);
        skip();
        if (text[at] === ",") at++;
        skip();
      }
      at++;
    } else {
      SCALAR.lastIndex = at;
      if (SCALAR.exec(text) === null) throw new Error(`not JSON at offset ${at}`);
      at = SCALAR.lastIndex;
    }
  };
  value([]);
  return found;
}

/** `text` with the string literals at the given places replaced by the JSON of new values. */
export function replaceStrings(
  text: string,
  replacements: Array<{ start: number; end: number; value: string }>,
): string {
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.start - a.start))
    out = out.slice(0, r.start) + JSON.stringify(r.value) + out.slice(r.end);
  return out;
}
