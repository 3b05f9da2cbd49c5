/**
 * When an HTTP session goes quiet: it counts requests being handled and
 * response streams still open, and calls `onIdle` once none has been open
 * for `idleMs`. A client that vanished stops sending and its streams close,
 * so its session ends instead of keeping the daemon alive forever.
 */

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // The timer alone must not keep a process alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class IdleWatch {
  private active: number;
  private timer: unknown;
  private disposed = false;

  /** `idleMs` 0 never fires. Starts with `active` things open (1: the request creating the session). */
  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
    active = 0,
    private readonly timers: Timers = realTimers,
  ) {
    this.active = active;
    this.arm();
  }

  begin(): void {
    if (this.disposed) return;
    this.active++;
    this.disarm();
  }

  end(): void {
    if (this.disposed || this.active === 0) return;
    this.active--;
    this.arm();
  }

  get open(): number {
    return this.active;
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.idleMs === 0 || this.active > 0 || this.disposed) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (this.disposed || this.active > 0) return;
      this.dispose();
      this.onIdle();
    }, this.idleMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}

/**
 * The same response, whose body calls `done` once when it ends, fails or is
 * cancelled (the client went away); at once when there is no body.
 */
export function onResponseDone(response: Response, done: () => void): Response {
  let called = false;
  const finish = (): void => {
    if (called) return;
    called = true;
    done();
  };
  const body = response.body;
  if (body === null) {
    finish();
    return response;
  }
  const reader = body.getReader();
  const wrapped = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(wrapped, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
