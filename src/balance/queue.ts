/**
 * The pool's central wait queue: calls that found every instance busy wait
 * here, first come first served, each until its own deadline. Bounded, so
 * an overloaded pool refuses at once instead of growing without limit. Pure:
 * the caller passes the time and arms one timer for `nextDeadline()`.
 */
interface Entry<T> {
  item: T;
  deadline: number;
}

export class WaitQueue<T> {
  private entries: Entry<T>[] = [];

  constructor(private max: number) {}

  /** A new bound for offers from now on; items already waiting stay. */
  resize(max: number): void {
    this.max = max;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Enqueue `item` until `now + timeoutMs`; false when the queue is full and the caller must reject. */
  offer(item: T, now: number, timeoutMs: number): boolean {
    if (this.entries.length >= this.max) return false;
    this.entries.push({ item, deadline: now + timeoutMs });
    return true;
  }

  /** The longest-waiting item, removed; undefined when empty. */
  take(): T | undefined {
    return this.entries.shift()?.item;
  }

  /**
   * Remove and return, in queue order, the items whose deadline has come.
   * A deadline equal to `now` counts as passed: a timer armed for
   * `nextDeadline()` fires at exactly that time and must find the item.
   */
  expire(now: number): T[] {
    const expired: Entry<T>[] = [];
    const kept: Entry<T>[] = [];
    for (const entry of this.entries) (entry.deadline <= now ? expired : kept).push(entry);
    if (expired.length === 0) return [];
    this.entries = kept;
    return expired.map((e) => e.item);
  }

  /** Remove an item (its caller gave up); false if it was not queued. */
  /** The waiting items, oldest first (a copy: the caller may remove while iterating). */
  items(): T[] {
    return this.entries.map((e) => e.item);
  }

  remove(item: T): boolean {
    const index = this.entries.findIndex((e) => e.item === item);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }

  /**
   * The earliest deadline, or undefined when nothing is queued with a finite
   * one. Infinite deadlines are left out because setTimeout(Infinity) would
   * fire after 1 ms, not never.
   */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const { deadline } of this.entries) {
      if (Number.isFinite(deadline) && (next === undefined || deadline < next)) next = deadline;
    }
    return next;
  }
}
