/**
 * Namespacing of tool and prompt names: `<prefix><sep><name>`, valid per the
 * spec's tool-name rules ([A-Za-z0-9_.-], here at most 64 characters, which
 * is what Claude accepts). Deterministic: the same inputs always give the same
 * exposed name, and a too-long name is shortened with a short hash of the
 * full name so distinct names stay distinct. Reversal is by lookup in the
 * catalog, which records every exposed name it hands out.
 */
export const MAX_NAME_LENGTH = 64;

const INVALID = /[^A-Za-z0-9_.-]/g;

/** 32-bit FNV-1a as 8 hex digits: small, fast and the same on every runtime. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export function exposedName(prefix: string | false, separator: string, name: string): string {
  const full = prefix === false ? name : `${prefix}${separator}${name}`;
  const clean = full.replace(INVALID, "_");
  if (clean === full && clean.length <= MAX_NAME_LENGTH && clean.length > 0) return clean;
  // Altered or shortened: the hash of the original keeps distinct names apart.
  const tag = `_${shortHash(full)}`;
  return clean.slice(0, MAX_NAME_LENGTH - tag.length) + tag;
}
