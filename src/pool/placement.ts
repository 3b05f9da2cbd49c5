/**
 * Which instance a call goes to, by the server's sharing policy:
 * - `shared`: any instance with a free slot, as the strategy picks;
 * - `affinity`: the session's pinned instance (a new pin goes to the least
 *   loaded), so a stateful server sees one session on one process;
 * - `session`: the session's own instance, handed out from a warm spare
 *   (another spare is started when it runs low), stopped with the session.
 * Undefined means the call must wait. Written over a small view of the pool,
 * so it is unit-tested with plain objects.
 */
import type { SharePolicy } from "../config/schema.ts";
import type { Balancer } from "../balance/strategies.ts";
import { PinTable } from "../balance/pin-table.ts";
import type { InstanceSnapshot } from "../balance/snapshot.ts";

export interface Member {
  readonly id: string;
  readonly state: string;
}

/** What placement needs to know of the pool, and may ask of it. */
export interface PoolView<M extends Member> {
  all(): readonly M[];
  /** Ready instances whose circuit lets a call through now. */
  available(): readonly M[];
  free(m: M): number;
  snapshot(m: M): InstanceSnapshot;
  /** Starts a new instance, if the pool may grow. */
  spawn(): M | undefined;
  /** At least this many spares stay warm under `session`. */
  spares(): number;
}

export class Placement<M extends Member> {
  private readonly pins = new PinTable();
  /** `share: "session"`: the instance each session owns. */
  private readonly owned = new Map<string, M>();

  constructor(
    private readonly share: SharePolicy,
    private readonly view: PoolView<M>,
  ) {}

  choose(sessionId: string, target: string | undefined, balancer: Balancer): M | undefined {
    if (this.share === "session") {
      const own = this.owned.get(sessionId) ?? this.adoptSpare(sessionId);
      return own !== undefined && this.view.free(own) > 0 ? own : undefined;
    }
    const ready = this.view.available();
    // The common case, one instance and a free slot, needs no balancing.
    if (this.share === "shared" && ready.length === 1 && ready[0] !== undefined) {
      return this.view.free(ready[0]) > 0 ? ready[0] : undefined;
    }
    const all = ready.map((m) => this.view.snapshot(m));
    // A call goes only to an instance that lists what it asks for (when any does):
    // a tool added at run time lives on the instance that added it.
    const offering = target === undefined ? [] : all.filter((c) => c.offers?.(target) === true);
    const candidates = offering.length > 0 ? offering : all;
    if (this.share === "affinity") {
      const id = this.pins.pin(sessionId, candidates);
      const pinned = this.view.all().find((m) => m.id === id);
      return pinned !== undefined && this.view.free(pinned) > 0 ? pinned : undefined;
    }
    const id = balancer.pick(candidates, target === undefined ? {} : { tool: target });
    return this.view.all().find((m) => m.id === id);
  }

  /** Whether this instance belongs to a session (it is then never retired for idling). */
  isOwned(m: M): boolean {
    return [...this.owned.values()].includes(m);
  }

  /** A session ended: its pin goes; under `session` its own instance is returned for stopping. */
  release(sessionId: string): M | undefined {
    this.pins.unpin(sessionId);
    const own = this.owned.get(sessionId);
    this.owned.delete(sessionId);
    return own;
  }

  /** An instance left the pool: pins to it go (their sessions get a new pin on the next call). */
  forget(m: M): void {
    this.pins.dropInstance(m.id);
    for (const [session, own] of this.owned) if (own === m) this.owned.delete(session);
  }

  /** Hands the session a spare (ready first), starting one if none is left; keeps spares warm. */
  private adoptSpare(sessionId: string): M | undefined {
    const owners = new Set(this.owned.values());
    const unowned = (m: M) => !owners.has(m);
    const spare =
      this.view.available().find(unowned) ?? this.view.all().find(unowned) ?? this.view.spawn();
    if (spare === undefined) return undefined;
    this.owned.set(sessionId, spare);
    owners.add(spare);
    const sparesLeft = this.view.all().filter((m) => !owners.has(m)).length;
    if (sparesLeft < this.view.spares()) this.view.spawn();
    return spare;
  }
}
