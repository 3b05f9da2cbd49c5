/**
 * Breaking ties with an injected `random()`: always taking the first of the
 * tied would send every burst to the same instance, while the injected source
 * keeps tests deterministic.
 */
export function pickRandom<T>(items: readonly T[], random: () => number): T | undefined {
  if (items.length <= 1) return items[0];
  // Clamp: a sloppy source returning exactly 1 (or more) must not index past the end.
  const index = Math.min(items.length - 1, Math.max(0, Math.floor(random() * items.length)));
  return items[index];
}
