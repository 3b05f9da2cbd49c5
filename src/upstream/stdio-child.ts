/**
 * An upstream MCP server run as a child process speaking NDJSON on stdio.
 * The child gets its own process group, so stopping it reaches everything it
 * started; it is stopped by closing stdin, then SIGTERM, then SIGKILL.
 * Messages are handed out parsed once and otherwise untouched.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Transport } from "@modelcontextprotocol/server";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { frame, LineSplitter } from "../protocol/ndjson.ts";
import { logger, type Logger } from "../log.ts";
import { trackGroup, untrackGroup } from "./process-groups.ts";

export interface ChildSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

const TERM_GRACE_MS = 2000;
const STDERR_DRAIN_MS = 200;
const KILL_GRACE_MS = 3000;

export class StdioChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  /** The child's last line on stderr: often the reason it could not start. */
  lastStderr: string | undefined;
  private closed = false;
  private ended = false;
  private readonly log: Logger;

  constructor(
    private readonly name: string,
    private readonly spec: ChildSpec,
  ) {
    this.log = logger(`server ${name}`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.spec.command, this.spec.args, {
        env: this.spec.env,
        ...(this.spec.cwd === undefined ? {} : { cwd: this.spec.cwd }),
        stdio: ["pipe", "pipe", "pipe"],
        detached: true, // own process group: a stop reaches grandchildren too
        windowsHide: true,
      });
      this.child = child;
      if (child.pid !== undefined) trackGroup(child.pid);
      const stdout = new LineSplitter(
        (line) => this.receive(line),
        () => this.onerror?.(new Error("a message from the server exceeded the size limit")),
      );
      const stderr = new LineSplitter(
        (line) => {
          if (line.trim() !== "") this.lastStderr = line.trim();
          this.log.info(line);
        },
        () => undefined,
      );
      child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.stdin?.on("error", (err) => this.onerror?.(err));
      child.once("error", (err) => {
        reject(new Error(`could not start \`${this.spec.command}\`: ${err.message}`));
        this.finish();
      });
      child.once("spawn", () => resolve());
      child.once("exit", (code, signal) => {
        if (!this.closed) this.log.warn(`exited (${signal ?? `code ${code}`})`);
        // Its last words on stderr (why it failed) may still be in the pipe: read them first, briefly.
        const stderrDone = child.stderr?.readableEnded !== false;
        if (stderrDone) return this.finish();
        const timer = setTimeout(() => this.finish(), STDERR_DRAIN_MS);
        child.stderr?.once("end", () => {
          clearTimeout(timer);
          stderr.flush();
          this.finish();
        });
      });
    });
  }

  private receive(line: string): void {
    let message: JSONRPCMessage;
    try {
      message = JSON.parse(line) as JSONRPCMessage;
    } catch {
      this.log.warn(`ignored a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    this.onmessage?.(message);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (stdin === undefined || stdin === null || stdin.destroyed || this.closed) {
      return Promise.reject(new Error(`server ${this.name} is not running`));
    }
    return new Promise((resolve, reject) => {
      stdin.write(frame(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Runs once, whether the child exited by itself or was stopped. */
  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.closed = true;
    const child = this.child;
    this.child = undefined;
    child?.stdout?.removeAllListeners("data");
    // Whatever the leader left running in its group goes with it.
    killGroup(child?.pid, "SIGKILL");
    if (child?.pid !== undefined) untrackGroup(child.pid);
    this.onclose?.();
  }

  async close(): Promise<void> {
    const child = this.child;
    this.closed = true;
    if (child === undefined) return;
    await stopProcessGroup(child);
    this.finish();
  }
}

/** Close stdin, then SIGTERM, then SIGKILL the whole process group. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(pid, "SIGKILL"); // reap anything the exited leader left behind
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const within = (ms: number) =>
    Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref?.()),
    ]);
  child.stdin?.end();
  if (!(await within(TERM_GRACE_MS))) {
    killGroup(pid, "SIGTERM");
    if (!(await within(KILL_GRACE_MS))) killGroup(pid, "SIGKILL");
  }
  killGroup(pid, "SIGKILL");
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
