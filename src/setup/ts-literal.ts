/**
 * A JSON value as TypeScript source, written the way a person writes a
 * config (and the way prettier leaves it): objects one key per line,
 * indented by two spaces, keys unquoted where they can be; arrays of plain
 * values on one line when it fits in 80 columns, else one item per line;
 * trailing commas. The layout is prettier's (default options), so a user's
 * formatter leaves the file as it is. Strings are double-quoted JSON strings, which are also
 * valid TypeScript strings whatever they hold (quotes, backslashes, `${`).
 */
const WIDTH = 80;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsKey(key: string): string {
  // `__proto__: x`, quoted or not, would set the object's prototype instead.
  if (key === "__proto__") return `[${tsString(key)}]`;
  return IDENTIFIER.test(key) ? key : tsString(key);
}

/** JSON leaves U+2028 and U+2029 raw; escaped, the file survives any editor or tool. */
export function tsString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const isPlain = (value: unknown): boolean =>
  value === null || (typeof value !== "object" && typeof value !== "undefined");

const isEmpty = (value: unknown): boolean =>
  typeof value === "object" && value !== null && Object.keys(value).length === 0;

/** What may share a line: plain values, `[]`, `{}` and arrays of those (an object with keys never). */
const isFlat = (value: unknown): boolean =>
  isPlain(value) || isEmpty(value) || (Array.isArray(value) && value.every(isFlat));

/** Prettier's rule for matrices: two or more arrays of two or more items are one per line. */
const isMatrix = (items: unknown[]): boolean =>
  items.length > 1 && items.every((item) => Array.isArray(item) && item.length > 1);

function plain(value: unknown): string {
  return typeof value === "string" ? tsString(value) : String(value);
}

/**
 * `value` as source, to be placed after `column` characters of its first line
 * (indent and key) and followed by a comma; `indent` is the current line's.
 */
export function tsLiteral(value: unknown, indent = "", column = indent.length): string {
  if (isPlain(value)) return plain(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isFlat) && !isMatrix(value)) {
      const line = `[${value.map((item) => tsLiteral(item)).join(", ")}]`;
      if (column + line.length + 1 <= WIDTH) return line;
    }
    const items = value.map((item) => `${inner}${tsLiteral(item, inner)},`);
    return `[\n${items.join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined,
  );
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${tsKey(key)}: `;
    return `${head}${tsLiteral(item, inner, head.length)},`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}
