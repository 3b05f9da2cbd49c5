/**
 * In-flight requests on one upstream connection, keyed by the fresh id the
 * proxy gave them. Each entry remembers which client request it serves (if
 * any) so responses, progress and server-to-client requests find their way
 * back, and has a timeout (all kept by one timer: see deadlines.ts).
 */
import type { Origin } from "../protocol/caller.ts";
import type { RpcResponse } from "../protocol/jsonrpc.ts";
import { Deadlines, type DeadlineClock } from "./deadlines.ts";

export type Outcome = RpcResponse | "cancelled";

export interface PendingEntry {
  id: number;
  method: string;
  origin: Origin | undefined;
  settle(outcome: Outcome): void;
  timeoutMs: number;
  onTimeout(): void;
}

export class PendingTable {
  private readonly entries = new Map<number, PendingEntry>();
  private nextId = 1;
  private readonly settledListeners = new Set<() => void>();
  private readonly deadlines: Deadlines<number>;

  constructor(clock?: DeadlineClock) {
    this.deadlines = new Deadlines(clock);
  }

  allocateId(): number {
    return this.nextId++;
  }

  add(entry: PendingEntry): void {
    this.entries.set(entry.id, entry);
    this.arm(entry);
  }

  get(id: number): PendingEntry | undefined {
    return this.entries.get(id);
  }

  /** Removes the entry and settles it; false when it was already gone. */
  settle(id: number, outcome: Outcome): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    this.entries.delete(id);
    this.deadlines.delete(id);
    entry.settle(outcome);
    if (this.settledListeners.size > 0)
      for (const listener of [...this.settledListeners]) listener();
    return true;
  }

  /** Progress shows the request is alive: restart its timeout. */
  touch(id: number): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) this.arm(entry);
  }

  private arm(entry: PendingEntry): void {
    this.deadlines.set(entry.id, entry.timeoutMs, entry.onTimeout);
  }

  /** The client sessions with requests in flight here (for attribution). */
  callersInFlight(): Origin[] {
    const origins: Origin[] = [];
    for (const entry of this.entries.values())
      if (entry.origin !== undefined) origins.push(entry.origin);
    return origins;
  }

  /** The origin when every client request in flight belongs to one session, else undefined. */
  soleOrigin(): Origin | undefined {
    const origins = this.callersInFlight();
    const callers = new Set(origins.map((o) => o.caller));
    return callers.size === 1 ? origins[origins.length - 1] : undefined;
  }

  /**
   * Like soleOrigin, but when several sessions have requests in flight, waits
   * (within `timeoutMs`) for the others to finish until one session remains.
   */
  soleOriginSoon(timeoutMs: number): Promise<Origin | undefined> {
    const now = this.soleOrigin();
    if (now !== undefined || this.countFromClients() === 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (origin: Origin | undefined): void => {
        clearTimeout(timer);
        this.settledListeners.delete(check);
        resolve(origin);
      };
      const check = (): void => {
        const origin = this.soleOrigin();
        if (origin !== undefined || this.countFromClients() === 0) done(origin);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.settledListeners.add(check);
    });
  }

  countFromClients(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.origin !== undefined) n++;
    return n;
  }

  settleAll(outcome: (entry: PendingEntry) => Outcome): void {
    for (const id of [...this.entries.keys()]) {
      const entry = this.entries.get(id);
      if (entry !== undefined) this.settle(id, outcome(entry));
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
