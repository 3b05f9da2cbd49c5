/**
 * Where a JSON text stops being JSON, and why, in words a config author
 * acts on ("property names need double quotes", "a comma before `}`").
 * Runtimes disagree on what JSON.parse says: Node gives an offset, Bun no
 * position at all. So after JSON.parse has refused a config, this strict
 * scanner of the JSON grammar (RFC 8259) finds the place itself, and the
 * message is the same whichever runtime runs mcpmux.
 */

export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, reason: err.reason };
    if (err instanceof RangeError) return undefined; // nested past the stack: no place to show
    throw err;
  }
}

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.space();
    if (this.i === this.text.length)
      throw new Stop(0, 'the file is empty (a config is an object: { "servers": { ... } })');
    this.value();
    this.space();
    if (this.i < this.text.length)
      throw new Stop(this.i, "unexpected text after the end of the JSON value");
  }

  private value(): void {
    const c = this.text[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    const word = this.word();
    if (word === "true" || word === "false" || word === "null") {
      this.i += word.length;
      return;
    }
    throw this.unexpected("a value");
  }

  private object(): void {
    this.i++; // {
    this.space();
    if (this.text[this.i] === "}") return void this.i++;
    for (;;) {
      this.key();
      this.space();
      if (this.text[this.i] !== ":") throw this.unexpected('":" after the property name');
      this.i++;
      this.space();
      this.value();
      this.space();
      const c = this.text[this.i];
      if (c === "}") return void this.i++;
      if (c !== ",") throw this.unexpected('"," or "}"', "a comma between properties");
      const comma = this.i++;
      this.space();
      if (this.text[this.i] === "}")
        throw new Stop(comma, 'a comma before "}": JSON allows no trailing comma, remove it');
    }
  }

  private key(): void {
    const c = this.text[this.i];
    if (c === '"') return this.string();
    if (c === "'") throw new Stop(this.i, "property names need double quotes, not single quotes");
    if (this.word() !== "")
      throw new Stop(this.i, `property names need double quotes: "${this.word()}"`);
    throw this.unexpected("a property name in double quotes");
  }

  private array(): void {
    this.i++; // [
    this.space();
    if (this.text[this.i] === "]") return void this.i++;
    for (;;) {
      this.value();
      this.space();
      const c = this.text[this.i];
      if (c === "]") return void this.i++;
      if (c !== ",") throw this.unexpected('"," or "]"', "a comma between items");
      const comma = this.i++;
      this.space();
      if (this.text[this.i] === "]")
        throw new Stop(comma, 'a comma before "]": JSON allows no trailing comma, remove it');
    }
  }

  private string(): void {
    const start = this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) throw new Stop(start, 'this string is never closed (a missing ")');
      if (c === '"') return void this.i++;
      if (c === "\n") throw new Stop(start, 'this string is not closed on its line (a missing ")');
      if (c < " ")
        throw new Stop(
          this.i,
          "a control character in a string: write it as an escape (\\t, \\u0000)",
        );
      if (c === "\\") {
        const e = this.text[this.i + 1] ?? "";
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6)))
            throw new Stop(this.i, "\\u needs four hex digits");
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === "")
          throw new Stop(this.i, `"\\${e}" is not a JSON escape (a backslash is written \\\\)`);
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new Stop(this.i, "not a JSON number");
    this.i += match[0].length;
  }

  /** JSON whitespace, and a clear word for what JSON lacks: comments. */
  private space(): void {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.i++;
      else if (c === "/" && (this.text[this.i + 1] === "/" || this.text[this.i + 1] === "*"))
        throw new Stop(
          this.i,
          "JSON has no comments: remove it, or write the config as mcp.config.ts",
        );
      else return;
    }
  }

  private word(): string {
    WORD.lastIndex = this.i;
    return WORD.exec(this.text)?.[0] ?? "";
  }

  /** What was found instead of `expected`; `missing` names the likely slip when a value follows. */
  private unexpected(expected: string, missing?: string): Stop {
    const c = this.text[this.i];
    if (c === undefined)
      return new Stop(
        this.i,
        `the file ends where ${expected} should be (an unclosed "{" or "["?)`,
      );
    if (missing !== undefined && (c === '"' || c === "{" || c === "["))
      return new Stop(this.i, `${missing} is missing before this`);
    if (c === "'") return new Stop(this.i, "strings need double quotes, not single quotes");
    const word = this.word();
    const found = word !== "" ? `"${word}"` : `"${c}"`;
    return new Stop(this.i, `expected ${expected}, found ${found}`);
  }
}
