/** Bounded waiting: every wait in mcpmux ends, one way or the other. */

/** Resolves like `work`, or rejects with `message` once `ms` have passed. */
export async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `work` to settle, but never longer than `ms`; never rejects. */
export async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  await within(work, ms, "").catch(() => undefined);
}
