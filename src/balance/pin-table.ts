/**
 * Session affinity: a client session whose server keeps state (open files,
 * a browser tab, a transaction) must reach the same instance on every call.
 * A pin only moves when its instance leaves the pool, never because others
 * came or went, and new sessions go to the least-loaded instance so pins
 * spread out.
 */
import type { InstanceSnapshot } from "./snapshot.ts";

export class PinTable {
  private readonly bySession = new Map<string, string>();
  private readonly byInstance = new Map<string, Set<string>>();

  pinned(sessionId: string): string | undefined {
    return this.bySession.get(sessionId);
  }

  /**
   * The instance for this session: its current pin when that instance is
   * still among the candidates (ready or not — a restarting instance keeps
   * its sessions), else a new pin to the ready candidate with the fewest
   * pinned sessions plus calls in flight, first in candidate order on a tie.
   * Undefined, with the table unchanged, when no candidate is ready.
   */
  pin(sessionId: string, candidates: readonly InstanceSnapshot[]): string | undefined {
    const current = this.bySession.get(sessionId);
    if (current !== undefined && candidates.some((c) => c.id === current)) return current;

    let best: InstanceSnapshot | undefined;
    let bestLoad = Infinity;
    for (const candidate of candidates) {
      if (!candidate.ready) continue;
      const load = (this.byInstance.get(candidate.id)?.size ?? 0) + candidate.inFlight;
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    if (best === undefined) return undefined;
    this.unpin(sessionId);
    this.bySession.set(sessionId, best.id);
    let sessions = this.byInstance.get(best.id);
    if (sessions === undefined) {
      sessions = new Set();
      this.byInstance.set(best.id, sessions);
    }
    sessions.add(sessionId);
    return best.id;
  }

  /** Forget a session (it closed); true if it was pinned. */
  unpin(sessionId: string): boolean {
    const id = this.bySession.get(sessionId);
    if (id === undefined) return false;
    this.bySession.delete(sessionId);
    const sessions = this.byInstance.get(id);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.byInstance.delete(id);
    return true;
  }

  /** Remove every pin to an instance that left the pool; returns the sessions that lost theirs. */
  dropInstance(id: string): string[] {
    const sessions = [...(this.byInstance.get(id) ?? [])];
    for (const sessionId of sessions) this.bySession.delete(sessionId);
    this.byInstance.delete(id);
    return sessions;
  }

  /** The sessions pinned to an instance, in the order they were pinned. */
  sessionsOn(id: string): string[] {
    return [...(this.byInstance.get(id) ?? [])];
  }
}
