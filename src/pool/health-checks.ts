/**
 * Finds hung instances between calls: every `health.interval` ms, each
 * ready instance that has been idle that long gets a ping; one that does
 * not answer within `health.timeout` is replaced (its process stopped, a
 * new one started) and its circuit breaker is told. Busy instances are left
 * alone: their calls' own timeouts already watch them.
 */
import type { Upstream } from "../upstream/upstream.ts";
import type { PoolHealth } from "./health.ts";

export class HealthChecks {
  private timer: ReturnType<typeof setInterval> | undefined;
  private sweeping = false;

  constructor(
    private readonly instances: () => readonly Upstream[],
    private readonly busy: (u: Upstream) => boolean,
    private readonly health: PoolHealth,
  ) {}

  /** (Re)starts the checks every `intervalMs`; 0 turns them off. */
  arm(intervalMs: number): void {
    this.stop();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(intervalMs), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sweep(intervalMs: number): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      const idle = this.instances().filter(
        (u) => u.state === "ready" && !this.busy(u) && now - u.lastActive >= intervalMs,
      );
      await Promise.all(
        idle.map(async (u) => {
          const alive = await u.checkAlive("it was idle");
          if (alive === false)
            this.health.breaker(u.id).failure(Date.now(), "did not answer a health ping");
        }),
      );
    } finally {
      this.sweeping = false;
    }
  }
}
