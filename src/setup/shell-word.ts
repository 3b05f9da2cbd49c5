/**
 * A word as a POSIX shell reads it, for the commands mcpmux prints for a
 * user to paste: as it is when plainly safe, else single-quoted (inside
 * single quotes nothing expands, not `$`, not backticks).
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./~:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
