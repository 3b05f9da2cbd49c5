/**
 * `npm run soak [-- --seconds N] [--sessions N] [--binary [PATH]]`: mixed load
 * against one shared daemon for a while, then whether it leaked.
 *
 * The daemon serves two probe servers (test/fixtures/probe-server.ts):
 * `main` (two instances) and `crashy` (one). Meanwhile:
 *   - `sessions` workers, each a shim session (`mcpmux stdio`) that lives for
 *     a bounded number of calls and seconds, then closes and is replaced by a
 *     new one: `main__whoami`; `main__sleep` with a progress token (progress
 *     must arrive); `main__sleep` cancelled mid-flight with
 *     notifications/cancelled (it must get no answer or an error, and the
 *     session goes on working); `crashy__whoami`;
 *   - a chaos loop that calls `crashy__crash` now and then (the server exits;
 *     mcpmux restarts it with backoff) and rewrites the config file now and
 *     then (saved by rename: adds or removes a third server and changes
 *     `main`'s pool idle timeout), waiting for each reload to apply.
 * Calls to `crashy` that fail while it restarts (from the crash until its
 * next answered call) are expected and counted apart, as are cancelled calls.
 *
 * After a warm-up under the same load, and again at the end, the load stops,
 * the config is put back as it was, and once processes settle the daemon's
 * RSS (VmRSS), its open fds and the run's processes (shims, daemon, watchdog,
 * servers; one observer session open both times) are read.
 * Goals: RSS growth under 10%, the same fds and processes at the end.
 * Exit code 1 when a goal is missed or an unexpected failure happened.
 * Every loop is bounded in count and time; every process started is stopped.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DaemonRun, saveByRename, type DaemonStatus } from "../test/helpers/daemon-run.ts";
import { FROM_SOURCES } from "../test/helpers/mux.ts";
import { ROOT, servers, tempDir } from "../test/helpers/paths.ts";
import { processesWithMarker, type Proc } from "../test/helpers/proc.ts";
import type { Message, RawSession } from "../test/helpers/raw-session.ts";

export interface SoakOptions {
  /** How long the measured load runs (after the warm-up). */
  seconds: number;
  /** Worker sessions at once. */
  sessions: number;
  /** How to run mcpmux: its sources on Node with tsx unless given (e.g. [dist/mcpmux]). */
  launcher?: string[];
  /** Warm-up under the same load before the first reading; default min(15, max(5, seconds / 6)). */
  warmupSeconds?: number;
  /** Seconds between crashes of `crashy` (counted from its recovery); default 20. */
  crashEverySeconds?: number;
  /** Seconds between config rewrites; default 7. */
  reloadEverySeconds?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface Reading {
  /** Daemon pid (the same at both readings, or the daemon was replaced). */
  pid: number;
  rssKb: number;
  fds: number;
  processes: number;
  /** Sessions the daemon counts (the observer only, at a reading). */
  sessions: number;
}

export interface SoakReport {
  seconds: number;
  sessions: number;
  start: Reading;
  end: Reading;
  rssGrowthPct: number;
  /** Every tools/call sent in the measured phase (warm-up not counted). */
  calls: number;
  progressCalls: number;
  cancelledCalls: number;
  crashes: number;
  /** Calls to `crashy` that failed while it restarted: expected. */
  failuresDuringRestart: number;
  reloads: number;
  sessionsOpened: number;
  /** Everything else that went wrong; must be 0. */
  failures: number;
  /** The first few unexpected failures, for the message. */
  failureSamples: string[];
  goals: { failures: boolean; rss: boolean; fds: boolean; processes: boolean };
  ok: boolean;
}

const RSS_GOAL_PCT = 10;
/** The longest one call may take before it counts as failed. */
const CALL_TIMEOUT_MS = 15_000;
/** A worker's session closes after this many operations or this long, whichever first. */
const SESSION_MAX_OPS = 120;
const SESSION_MAX_MS = 8_000;
/** Cancelled sleeps run this long upstream; a session closes only after its last one would have answered. */
const CANCELLED_SLEEP_MS = 800;
/** How long a reading waits for processes and fds to settle. */
const SETTLE_MS = 20_000;
const SAMPLES_KEPT = 10;
/** A reading's RSS is the lowest of this many samples, this far apart, with the load stopped. */
const RSS_SAMPLES = 20;
const RSS_SAMPLE_EVERY_MS = 500;
/** The longest a crashed server may take to answer again (restart backoff is at most 30 s). */
const RESTART_MAX_MS = 45_000;

type Json = Record<string, unknown>;

interface ConfigShape {
  extra: boolean;
  mainIdle: number;
}

function configText(shape: ConfigShape): string {
  const probe = servers.probe();
  const config = {
    servers: {
      main: { ...probe, pool: { min: 2, max: 2, idleTimeout: shape.mainIdle } },
      crashy: { ...probe, pool: { min: 1, max: 1 } },
      ...(shape.extra ? { extra: { ...probe, pool: { min: 1, max: 1 } } } : {}),
    },
    daemon: { idleTimeout: 0 },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
const BASE: ConfigShape = { extra: false, mainIdle: 60_000 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const pick = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
/** For progress lines: the RSS now, in MB, or "gone". */
function currentRss(pid: number): string {
  try {
    return `${(rssKb(pid) / 1024).toFixed(1)} MB`;
  } catch {
    return "gone";
  }
}
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** The counts of one measured phase, and when `crashy` is down. */
class Tally {
  calls = 0;
  progressCalls = 0;
  cancelledCalls = 0;
  crashes = 0;
  failuresDuringRestart = 0;
  reloads = 0;
  sessionsOpened = 0;
  failures = 0;
  readonly samples: string[] = [];
  /** From a crash until `crashy` answers again; calls overlapping one may fail. */
  readonly restarts: Array<{ from: number; to: number | null }> = [];

  fail(what: string): void {
    this.failures++;
    if (this.samples.length < SAMPLES_KEPT)
      this.samples.push(`${new Date().toISOString()} ${what}`);
  }

  crashyDownDuring(start: number, end: number): boolean {
    return this.restarts.some((r) => start <= (r.to ?? Infinity) && end >= r.from);
  }

  crashyAnswered(at: number): void {
    for (const r of this.restarts) if (r.to === null && at > r.from) r.to = at;
  }

  get crashyDown(): boolean {
    return this.restarts.some((r) => r.to === null);
  }
}

/** One phase of load: workers and the chaos loop until `until`. */
class Load {
  private nextId = 0;
  constructor(
    private readonly daemon: DaemonRun,
    private readonly tally: Tally,
    private readonly until: number,
    private readonly shape: { current: ConfigShape },
    private readonly options: Required<Omit<SoakOptions, "launcher" | "log">> & {
      log: (line: string) => void;
    },
  ) {}

  async run(): Promise<void> {
    const workers = Array.from({ length: this.options.sessions }, (_, i) => this.worker(i));
    await Promise.all([...workers, this.crasher(), this.reloader()]);
  }

  private id(): number {
    return ++this.nextId;
  }

  /** One tools/call; the response, or an Error (timeout, closed transport). */
  private async call(
    session: RawSession,
    name: string,
    args: Json = {},
    meta?: Json,
  ): Promise<Message | Error> {
    this.tally.calls++;
    const params: Json = { name, arguments: args };
    if (meta !== undefined) params["_meta"] = meta;
    try {
      return await session.request(this.id(), "tools/call", params, CALL_TIMEOUT_MS);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  private describe(reply: Message | Error): string {
    if (reply instanceof Error) return reply.message.slice(0, 300);
    if (reply.error !== undefined) return JSON.stringify(reply.error).slice(0, 300);
    if (reply.result?.["isError"] === true) return JSON.stringify(reply.result).slice(0, 300);
    return "ok";
  }

  private failed(reply: Message | Error): boolean {
    return (
      reply instanceof Error || reply.error !== undefined || reply.result?.["isError"] === true
    );
  }

  private async worker(index: number): Promise<void> {
    // Bounded: one session per iteration, each at least ~0.5 s long.
    for (let round = 0; round < 10_000 && Date.now() < this.until; round++) {
      let session: RawSession;
      try {
        session = await this.daemon.session(`soak-${index}-${round}`);
        this.tally.sessionsOpened++;
      } catch (err) {
        this.tally.fail(`worker ${index}: session did not open: ${String(err)}`);
        await sleep(1000);
        continue;
      }
      const sessionEnd = Math.min(
        this.until,
        Date.now() + pick(SESSION_MAX_MS / 4, SESSION_MAX_MS),
      );
      const cancelledIds: number[] = [];
      let lastCancelAt = 0;
      for (let op = 0; op < SESSION_MAX_OPS && Date.now() < sessionEnd; op++) {
        const roll = Math.random();
        if (roll < 0.45) await this.whoami(session, `worker ${index}`);
        else if (roll < 0.7) await this.progress(session, index);
        else if (roll < 0.82) {
          const id = await this.cancel(session);
          cancelledIds.push(id);
          lastCancelAt = Date.now();
        } else await this.crashyCall(session, index);
        await sleep(pick(0, 40));
      }
      // Long enough for a cancelled sleep to have answered, had it not been dropped.
      await sleep(lastCancelAt + CANCELLED_SLEEP_MS + 300 - Date.now());
      for (const id of cancelledIds) {
        const answer = session.received.find((m) => m.method === undefined && m.id === id);
        if (answer !== undefined && answer.error === undefined)
          this.tally.fail(
            `worker ${index}: cancelled call ${id} was answered: ${JSON.stringify(answer).slice(0, 200)}`,
          );
      }
      await session.close().catch((err: unknown) => {
        this.tally.fail(`worker ${index}: close failed: ${String(err)}`);
      });
    }
  }

  private async whoami(session: RawSession, who: string): Promise<void> {
    const reply = await this.call(session, "main__whoami", { who });
    const sc = reply instanceof Error ? undefined : (reply.result?.["structuredContent"] as Json);
    if (this.failed(reply) || typeof sc?.["pid"] !== "number")
      this.tally.fail(`main__whoami: ${this.describe(reply)}`);
  }

  private async progress(session: RawSession, index: number): Promise<void> {
    this.tally.progressCalls++;
    const token = `p-${index}-${this.id()}`;
    const reply = await this.call(
      session,
      "main__sleep",
      { ms: pick(120, 300) },
      {
        progressToken: token,
      },
    );
    if (this.failed(reply)) {
      this.tally.fail(`main__sleep with progress: ${this.describe(reply)}`);
      return;
    }
    const heard = () =>
      session.received.some(
        (m) => m.method === "notifications/progress" && m.params?.["progressToken"] === token,
      );
    if (!heard()) await sleep(200); // a notification may trail its response by a little
    if (!heard()) this.tally.fail(`main__sleep: no progress for token ${token}`);
  }

  /** Starts a sleep and cancels it mid-flight; returns its id (checked before the session closes). */
  private async cancel(session: RawSession): Promise<number> {
    this.tally.calls++;
    this.tally.cancelledCalls++;
    const id = this.id();
    await session.send({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: {
        name: "main__sleep",
        arguments: { ms: CANCELLED_SLEEP_MS },
        _meta: { progressToken: `c-${id}` },
      },
    });
    await sleep(pick(20, 250));
    await session.notify("notifications/cancelled", { requestId: id, reason: "soak" });
    // The session must keep working right after.
    await this.whoami(session, "after-cancel");
    return id;
  }

  private async crashyCall(session: RawSession, index: number): Promise<void> {
    const started = Date.now();
    const reply = await this.call(session, "crashy__whoami", { who: `worker ${index}` });
    const ended = Date.now();
    if (!this.failed(reply)) {
      this.tally.crashyAnswered(ended);
      return;
    }
    if (this.tally.crashyDownDuring(started, ended)) this.tally.failuresDuringRestart++;
    else this.tally.fail(`crashy__whoami outside a restart: ${this.describe(reply)}`);
  }

  /** Crashes `crashy` every crashEverySeconds after it last recovered. */
  private async crasher(): Promise<void> {
    let session: RawSession | undefined;
    try {
      session = await this.daemon.session("soak-crasher");
    } catch (err) {
      this.tally.fail(`crasher: session did not open: ${String(err)}`);
      return;
    }
    try {
      let recoveredAt = Date.now();
      for (let i = 0; i < 1_000 && Date.now() < this.until; i++) {
        await sleep(
          Math.min(this.until, recoveredAt + this.options.crashEverySeconds * 1000) - Date.now(),
        );
        if (Date.now() >= this.until) break;
        this.tally.restarts.push({ from: Date.now(), to: null });
        this.tally.crashes++;
        const reply = await this.call(session, "crashy__crash");
        if (!this.failed(reply))
          this.tally.fail(`crashy__crash answered without error: ${this.describe(reply)}`);
        // Until crashy answers again (the restart backoff may reach 30 s), or the load ends.
        if (!(await this.untilCrashyAnswers(session, this.until))) break;
        recoveredAt = Date.now();
        this.options.log(
          `crash ${this.tally.crashes}: crashy back after ${recoveredAt - this.tally.restarts.at(-1)!.from} ms`,
        );
      }
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Calls crashy__whoami every 250 ms until it answers (true) or `until` or 45 s pass (false). */
  async untilCrashyAnswers(session: RawSession, until: number): Promise<boolean> {
    const deadline = Math.min(until, Date.now() + RESTART_MAX_MS);
    for (let i = 0; i < 1_000 && this.tally.crashyDown && Date.now() < deadline; i++) {
      const started = Date.now();
      const probe = await this.call(session, "crashy__whoami", { who: "crasher" });
      if (!this.failed(probe)) this.tally.crashyAnswered(Date.now());
      else if (this.tally.crashyDownDuring(started, Date.now())) this.tally.failuresDuringRestart++;
      else this.tally.fail(`crashy__whoami outside a restart: ${this.describe(probe)}`);
      if (this.tally.crashyDown) await sleep(250);
    }
    if (!this.tally.crashyDown) return true;
    if (Date.now() - this.tally.restarts.at(-1)!.from >= RESTART_MAX_MS) {
      this.tally.fail(`crashy did not answer within ${RESTART_MAX_MS} ms of its crash`);
      this.tally.crashyAnswered(Date.now());
    }
    return false;
  }

  /** Rewrites the config every reloadEverySeconds, alternating with the base shape. */
  private async reloader(): Promise<void> {
    for (let i = 0; i < 1_000; i++) {
      await sleep(Math.min(this.options.reloadEverySeconds * 1000, this.until - Date.now()));
      if (Date.now() >= this.until) break;
      const current = this.shape.current;
      const next: ConfigShape =
        current.extra || current.mainIdle !== BASE.mainIdle
          ? BASE
          : { extra: i % 4 === 0, mainIdle: BASE.mainIdle + 1_000 * pick(1, 30) };
      try {
        await applyConfig(this.daemon, this.shape, next);
        this.tally.reloads++;
      } catch (err) {
        this.tally.fail(`reload: ${String(err)}`);
      }
    }
  }
}

/** Saves `next` (by rename) and waits until the daemon applied it. */
async function applyConfig(
  daemon: DaemonRun,
  shape: { current: ConfigShape },
  next: ConfigShape,
): Promise<DaemonStatus> {
  const savedAt = Date.now();
  saveByRename(daemon.configFile, configText(next));
  shape.current = next;
  return daemon.settled(savedAt - 1, false, 30_000);
}

/**
 * The run's processes (shims, daemon, watchdog, servers), without the helpers
 * that come and go on their own: tsx's esbuild service (started by a Node
 * process on its first compile that misses tsx's cache, so a restarted server
 * may have none) and a `sleep` of a polling shell watchdog.
 */
function counted(marker: string): Proc[] {
  return processesWithMarker(marker).filter(
    (p) => !/(^|\/)esbuild --service/.test(p.cmdline) && !/^(\/\S*\/)?sleep /.test(p.cmdline),
  );
}

/** After a phase: the base config applied, and crashy answering (it may have crashed late). */
async function settle(
  daemon: DaemonRun,
  shape: { current: ConfigShape },
  load: Load,
  observer: RawSession,
): Promise<void> {
  if (shape.current !== BASE) await applyConfig(daemon, shape, BASE);
  await load.untilCrashyAnswers(observer, Date.now() + RESTART_MAX_MS);
}

/** Stops nothing: waits until the run's processes and the daemon's fds stop changing, then reads. */
async function read(
  daemon: DaemonRun,
  marker: string,
  log: (line: string) => void,
): Promise<Reading> {
  const deadline = Date.now() + SETTLE_MS;
  let last: Reading | undefined;
  let steady = 0;
  for (;;) {
    const status = await daemon.status();
    const instances = status.servers.flatMap((s) => s.instances);
    const now: Reading = {
      pid: (status as DaemonStatus & { pid: number }).pid,
      rssKb: 0,
      fds: 0,
      processes: counted(marker).length,
      sessions: (status as DaemonStatus & { sessions: unknown[] }).sessions.length,
    };
    now.fds = fdCount(now.pid);
    now.rssKb = rssKb(now.pid);
    const ready =
      instances.every((i) => i.pid !== null) &&
      status.servers
        .map((s) => s.name)
        .sort()
        .join() === "crashy,main" &&
      now.sessions === 1;
    steady =
      ready && last !== undefined && last.fds === now.fds && last.processes === now.processes
        ? steady + 1
        : 0;
    last = now;
    if (steady >= 3 || Date.now() > deadline) {
      log(
        `processes: ${counted(marker)
          .map((p) => `${p.pid} ${p.cmdline.replace(/\s+/g, " ").slice(0, 100)}`)
          .join("; ")}`,
      );
      // V8 frees memory lazily: the lowest of several samples while idle is the figure that compares.
      for (let i = 0; i < RSS_SAMPLES; i++) {
        await sleep(RSS_SAMPLE_EVERY_MS);
        now.rssKb = Math.min(now.rssKb, rssKb(now.pid));
      }
      return now;
    }
    await sleep(500);
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const opts = {
    seconds: options.seconds,
    sessions: options.sessions,
    warmupSeconds: options.warmupSeconds ?? Math.min(15, Math.max(5, options.seconds / 6)),
    crashEverySeconds: options.crashEverySeconds ?? 20,
    reloadEverySeconds: options.reloadEverySeconds ?? 7,
    log,
  };
  const dir = tempDir("mcpmux-soak-");
  const configFile = join(dir, "mcp.config.json");
  const shape = { current: BASE };
  saveByRename(configFile, configText(BASE));
  const daemon = new DaemonRun(configFile, options.launcher ?? FROM_SOURCES);
  running.add(daemon);
  const marker = daemon.env["MCPMUX_TEST_MARKER"] ?? "";
  try {
    const observer = await daemon.session("soak-observer");
    const first = await observer.request("warm", "tools/call", { name: "main__whoami" }, 60_000);
    if (first.error !== undefined) throw new Error(`first call failed: ${JSON.stringify(first)}`);

    log(`warm-up: ${opts.warmupSeconds} s`);
    const warm = new Tally();
    const warmLoad = new Load(daemon, warm, Date.now() + opts.warmupSeconds * 1000, shape, opts);
    await warmLoad.run();
    await settle(daemon, shape, warmLoad, observer);
    const start = await read(daemon, marker, log);
    log(`after warm-up: ${JSON.stringify(start)} (${warm.calls} calls, ${warm.failures} failures)`);

    const tally = new Tally();
    const until = Date.now() + opts.seconds * 1000;
    const ticker = setInterval(
      () =>
        log(
          `${Math.round((until - Date.now()) / 1000)} s left: ${tally.calls} calls, ${tally.failures} failures, ` +
            `${tally.crashes} crashes, ${tally.reloads} reloads, ${tally.sessionsOpened} sessions, ` +
            `daemon RSS ${currentRss(start.pid)}`,
        ),
      30_000,
    );
    const load = new Load(daemon, tally, until, shape, opts);
    try {
      await load.run();
    } finally {
      clearInterval(ticker);
    }
    await settle(daemon, shape, load, observer);
    // The observer must still work after all that.
    const last = await observer.request("last", "tools/call", { name: "main__whoami" });
    if (last.error !== undefined) tally.fail(`observer's last call: ${JSON.stringify(last.error)}`);
    const end = await read(daemon, marker, log);
    log(`at the end: ${JSON.stringify(end)}`);
    if (end.pid !== start.pid)
      tally.fail(`the daemon was replaced: pid ${start.pid} -> ${end.pid}`);

    const rssGrowthPct = ((end.rssKb - start.rssKb) / start.rssKb) * 100;
    const goals = {
      failures: tally.failures === 0 && warm.failures === 0,
      rss: rssGrowthPct < RSS_GOAL_PCT,
      fds: end.fds === start.fds,
      processes: end.processes === start.processes,
    };
    return {
      seconds: opts.seconds,
      sessions: opts.sessions,
      start,
      end,
      rssGrowthPct,
      calls: tally.calls,
      progressCalls: tally.progressCalls,
      cancelledCalls: tally.cancelledCalls,
      crashes: tally.crashes,
      failuresDuringRestart: tally.failuresDuringRestart,
      reloads: tally.reloads,
      sessionsOpened: tally.sessionsOpened,
      failures: tally.failures + warm.failures,
      failureSamples: [...warm.samples.map((s) => `warm-up: ${s}`), ...tally.samples],
      goals,
      ok: Object.values(goals).every(Boolean),
    };
  } finally {
    await daemon.close();
    running.delete(daemon);
  }
}

/** Daemons of runs in progress, stopped (with every process of theirs) if the driver is interrupted. */
const running = new Set<DaemonRun>();

export function formatReport(r: SoakReport): string {
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  const lines = [
    `| ${r.seconds} s, ${r.sessions} sessions | after warm-up | at the end | change |`,
    `| --- | --- | --- | --- |`,
    `| daemon RSS MB | ${mb(r.start.rssKb)} | ${mb(r.end.rssKb)} | ${r.rssGrowthPct >= 0 ? "+" : ""}${r.rssGrowthPct.toFixed(1)}% |`,
    `| daemon open fds | ${r.start.fds} | ${r.end.fds} | ${sign(r.end.fds - r.start.fds)} |`,
    `| processes | ${r.start.processes} | ${r.end.processes} | ${sign(r.end.processes - r.start.processes)} |`,
    ``,
    `| calls | with progress | cancelled | crashes | failed while crashy restarted | reloads | sessions opened | unexpected failures |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- |`,
    `| ${r.calls} | ${r.progressCalls} | ${r.cancelledCalls} | ${r.crashes} | ${r.failuresDuringRestart} | ${r.reloads} | ${r.sessionsOpened} | ${r.failures} |`,
    ``,
  ];
  const missed = [
    r.goals.failures ? "" : `${r.failures} unexpected failures`,
    r.goals.rss ? "" : `RSS grew ${r.rssGrowthPct.toFixed(1)}% (goal under ${RSS_GOAL_PCT}%)`,
    r.goals.fds ? "" : `fds ${r.start.fds} -> ${r.end.fds}`,
    r.goals.processes ? "" : `processes ${r.start.processes} -> ${r.end.processes}`,
  ].filter((s) => s !== "");
  lines.push(
    r.ok
      ? `verdict: PASS (RSS growth under ${RSS_GOAL_PCT}%, fds and processes stable, no unexpected failures)`
      : `verdict: FAIL (${missed.join("; ")})`,
  );
  for (const s of r.failureSamples) lines.push(`  failure: ${s}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "60" },
      sessions: { type: "string", default: "4" },
      binary: { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  const sessions = Number(values.sessions);
  if (!(seconds > 0) || !(sessions >= 1))
    throw new Error("--seconds and --sessions take positive numbers");
  const launcher = values.binary === undefined ? undefined : [resolve(ROOT, values.binary)];
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.error(`soak: ${signal}, stopping the daemon and its processes`);
      process.on("unhandledRejection", () => undefined); // the load's calls fail as the daemon goes
      void Promise.all([...running].map((d) => d.close())).finally(() => process.exit(130));
    });
  const started = Date.now();
  const report = await runSoak({
    seconds,
    sessions,
    ...(launcher === undefined ? {} : { launcher }),
    log: (line) => console.error(`[soak ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
  });
  console.log(formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(ROOT, "bench/soak.ts"))
  await main();
