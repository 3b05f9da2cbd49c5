/**
 * Loading a config again while mcpmux runs. A `.ts` config and the local
 * modules it imports are evaluated in a short-lived child process of this
 * same mcpmux: a runtime caches a module by path (the compiled binary even
 * ignores query strings), so only a fresh process is sure to see every edit,
 * and a config that hangs or throws at load cannot touch the running daemon.
 * The child prints the config's value as JSON; it is validated here.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CONFIG_JSON_COMMAND, selfCommand } from "../runtime/self-command.ts";
import { ConfigError, type ConfigProblem } from "../validation/problems.ts";
import { configFromRaw, loadConfig, readRaw, type LoadedConfig } from "./load.ts";

const CHILD_TIMEOUT_MS = 20_000;

/** What the child prints: the raw config value, or the problems that stopped it. */
type ChildAnswer = { ok: true; raw: unknown } | { ok: false; problems: ConfigProblem[] };

export async function loadConfigFresh(
  file: string,
  env: Record<string, string | undefined>,
): Promise<LoadedConfig> {
  if (file.endsWith(".json") || !existsSync(file)) return loadConfig(file, env);
  const answer = await evaluateInChild(file, env);
  if (!answer.ok) throw new ConfigError(file, answer.problems);
  return configFromRaw(answer.raw, file, env);
}

/** The child's side: evaluate the module, print one JSON answer on stdout. */
export async function printConfigJson(file: string): Promise<void> {
  let answer: ChildAnswer;
  try {
    answer = { ok: true, raw: await readRaw(file) };
  } catch (err) {
    answer = {
      ok: false,
      problems:
        err instanceof ConfigError
          ? err.problems
          : [{ path: "", message: `could not load: ${String(err)}` }],
    };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

/** The child's last lines on stderr, without stack frames: the reason, not the trace. */
function lastWords(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "" && !/^\s+at /.test(line));
  return lines.slice(-3).join(" ").trim();
}

function evaluateInChild(
  file: string,
  env: Record<string, string | undefined>,
): Promise<ChildAnswer> {
  const self = selfCommand();
  return new Promise((resolve) => {
    const child = spawn(self.command, [...self.args, CONFIG_JSON_COMMAND, "--config", file], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const fail = (message: string) => resolve({ ok: false, problems: [{ path: "", message }] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(`could not load: evaluating the config took over ${CHILD_TIMEOUT_MS} ms`);
    }, CHILD_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", (e) => {
      clearTimeout(timer);
      fail(`could not load: ${e.message}`);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out) as ChildAnswer);
      } catch {
        fail(`could not load (exit ${code}): ${lastWords(err)}`);
      }
    });
  });
}
