/**
 * Newline-delimited JSON framing, as MCP's stdio transport uses it. Shared by
 * the stdio front door, the upstream child processes and the unix socket, so
 * every byte stream is framed the same way. Lines are handed out raw: the
 * caller parses each once.
 *
 * Lines are cut on the byte 0x0A (never part of a multi-byte UTF-8
 * sequence), so the size limit counts bytes and holds however the input is
 * chunked: a line is refused as soon as its buffered part passes the limit,
 * and the rest of it, up to its newline, is dropped as it arrives instead of
 * being kept or parsed as a line of its own. At most `maxBytes` (plus one
 * chunk) is ever held for a line.
 */

/** The default limit, for streams mcpmux trusts (its own servers' output, the shim's daemon). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The default `maxMessageBytes`: the limit on one line from a client (stdio, unix socket). */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;

export class LineSplitter {
  private readonly decoder = new TextDecoder();
  /** The start of the current line, in pieces (not yet joined). */
  private pieces: Uint8Array[] = [];
  private size = 0;
  /** True while the rest of a line already refused for its size is being dropped. */
  private dropping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    /** Called once per line over the limit, as soon as it passes it. */
    private readonly onOverflow: () => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline;
      this.take(bytes.subarray(start, end));
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** Hands out a last line that never got its newline (the stream ended). */
  flush(): void {
    this.endLine();
  }

  private take(part: Uint8Array): void {
    if (this.dropping || part.length === 0) return;
    this.size += part.length;
    if (this.size > this.maxBytes) {
      this.pieces = [];
      this.size = 0;
      this.dropping = true;
      this.onOverflow();
      return;
    }
    this.pieces.push(part);
  }

  private endLine(): void {
    const pieces = this.pieces;
    this.pieces = [];
    this.size = 0;
    if (this.dropping) {
      this.dropping = false;
      return;
    }
    if (pieces.length === 0) return;
    const joined = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    let line = this.decoder.decode(joined);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() !== "") this.onLine(line);
  }
}

export function frame(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
