/**
 * Which known key an unknown one was meant to be: a typo (`pagesize` for
 * `pageSize`, `prot` for `port`), a longer spelling of a short key (`enviroment` for `env`,
 * `commandLine` for `command`), or the word another tool uses for it
 * (Claude's `mcpServers` for `servers`).
 */
import { closestWord } from "./did-you-mean.ts";

/** Other tools' words (lower case) for mcpmux's keys. */
const SYNONYMS: Record<string, string> = {
  mcpservers: "servers",
  environment: "env",
  arguments: "args",
  argv: "args",
  workdir: "cwd",
  workingdirectory: "cwd",
  directory: "cwd",
  endpoint: "url",
  uri: "url",
};

/** A short key is taken as the start of a longer word only from this length on (not `a` in `abc`). */
const MIN_PREFIX = 3;

export function suggestKey(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = word.toLowerCase();
  const synonym = SYNONYMS[lower];
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  const typo = closestWord(word, known) ?? known.find((key) => swapped(lower, key.toLowerCase()));
  if (typo !== undefined) return typo;
  // The longest known key the word starts with: the user wrote out what the key abbreviates.
  const starts = known
    .filter((key) => key.length >= MIN_PREFIX && lower.startsWith(key.toLowerCase()))
    .sort((a, b) => b.length - a.length);
  return starts[0];
}

/**
 * Two neighbouring letters swapped (`prot`, `hsot`): one slip of the
 * fingers, though edit distance counts it as two, too many for a short key.
 */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}
