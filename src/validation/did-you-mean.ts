/**
 * "Did you mean": the known word closest to a misspelt one, if it is close
 * enough to be a likely typo (`enviroment` for `environment`, `pagesize` for
 * `pageSize`, `stauts` for `status`), else nothing. Case is ignored.
 */
import { distance } from "fastest-levenshtein";

export function closestWord(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A third of the word's length, at least 1, at most 3: close enough to be a slip, not a different word.
  const allowed = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** " (did you mean `x`?)" or "", to append to a message. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const guess = closestWord(word, known);
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}
