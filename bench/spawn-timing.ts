/**
 * Timing a process from its spawn: to its answer to `initialize` (a shim, a
 * server), or to its first output and its exit (a program that needs no
 * input). Every wait is bounded; a process that overstays is killed.
 */
import { spawn } from "node:child_process";
import { initializeLine } from "../test/helpers/initialize.ts";

const TIMEOUT_MS = 30_000;

const INIT = initializeLine("bench");

/** Spawn → the `initialize` answer on stdout, ms; stdin is then closed and the exit awaited. */
export function timeToInitialize(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "ignore"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command}: no initialize answer within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('"id":1')) return;
      const elapsed = performance.now() - started;
      clearTimeout(timer);
      child.stdin.end();
      child.once("exit", () => resolve(elapsed));
    });
    child.stdin.write(INIT);
  });
}

/** Spawn → first output and spawn → exit, ms, of a program that needs no input. */
export function timeToExit(
  program: string,
  env: Record<string, string>,
): Promise<{ out: number; exit: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let out = NaN;
    const child = spawn(program, [], { env, stdio: ["ignore", "pipe", "ignore"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${program} did not exit within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    child.stdout.once("data", () => (out = performance.now() - started));
    child.once("exit", () => {
      clearTimeout(timer);
      resolve({ out, exit: performance.now() - started });
    });
  });
}
