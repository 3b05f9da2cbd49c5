/**
 * Newline-delimited JSON framing, as MCP's stdio transport uses it. Shared by
 * the stdio front door, the upstream child processes and (later) the unix
 * socket, so every byte stream is framed the same way. Lines are handed out
 * raw: the caller parses each once.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private buffer = "";

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
    private readonly maxLength = MAX_LINE_BYTES,
  ) {}

  push(chunk: Uint8Array | string): void {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      let line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line.trim() !== "") this.onLine(line);
      newline = this.buffer.indexOf("\n");
    }
    if (this.buffer.length > this.maxLength) {
      this.buffer = "";
      this.onOverflow();
    }
  }

  /** Hands out a last line that never got its newline (the stream ended). */
  flush(): void {
    const rest = this.buffer.trim();
    this.buffer = "";
    if (rest !== "") this.onLine(rest);
  }
}

export function frame(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
