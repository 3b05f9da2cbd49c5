/**
 * A plugin host's stdout carries MCP messages and nothing else, yet plugin
 * code (and the libraries it uses) will `console.log`. Everything printed
 * goes to stderr instead, where mcpmux logs it; the MCP transport writes
 * through a stream of its own to the real stdout.
 */
import { Console } from "node:console";
import { Writable } from "node:stream";

/** Sends console output and `process.stdout.write` to stderr; returns the stream MCP may write to. */
export function reserveStdoutForMcp(): Writable {
  const stdout = process.stdout;
  const writeToStdout = stdout.write.bind(stdout) as (
    chunk: unknown,
    encoding: BufferEncoding,
    done: (err?: Error | null) => void,
  ) => boolean;
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  // Bun's console writes to fd 1 natively, around process.stdout: replace its methods too.
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  const methods = toStderr as unknown as Record<string, unknown>;
  for (const key of Object.keys(methods)) {
    const method = methods[key];
    if (typeof method === "function")
      (console as unknown as Record<string, unknown>)[key] = method.bind(toStderr);
  }
  return new Writable({
    write(chunk: Buffer, encoding, done) {
      writeToStdout(chunk, encoding, done);
    },
  });
}
