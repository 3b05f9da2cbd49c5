/**
 * Watches a set of files and calls back once per burst of real edits.
 * Editors save in odd ways: in place, several writes in a row, or a temp
 * file renamed over the original (which ends a watch on the file itself).
 * So the folders are watched, not the files; events are debounced; and a
 * burst counts only if some watched file's content actually changed (a
 * `touch`, or a save of the same text, is not an edit).
 */
import { createHash } from "node:crypto";
import { readFileSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

export interface FileWatch {
  /** Watch these files from now on (a reload may add or drop imports). */
  setFiles(files: readonly string[]): void;
  close(): void;
}

export function watchFiles(
  files: readonly string[],
  onChange: (changed: string[]) => void,
  debounceMs = 100,
): FileWatch {
  const hashes = new Map<string, string | undefined>();
  const watchers = new Map<string, FSWatcher>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const settle = (): void => {
    timer = undefined;
    const changed: string[] = [];
    for (const [file, before] of hashes) {
      const now = hashOf(file);
      // Missing mid-save (deleted before the new copy lands): wait for the event that brings it back.
      if (now === undefined || now === before) continue;
      changed.push(file);
      hashes.set(file, now);
    }
    if (changed.length > 0 && !closed) onChange(changed);
  };
  const poke = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
  };
  const watchFolder = (folder: string): void => {
    if (watchers.has(folder)) return;
    try {
      const watcher = watch(folder, (_event, name) => {
        // Some platforms give no name; then any event in the folder is worth a look.
        if (name === null || [...hashes.keys()].some((f) => isIn(f, folder, String(name)))) poke();
      });
      watcher.on("error", () => undefined); // a folder that vanished: its files read as missing
      watcher.unref?.();
      watchers.set(folder, watcher);
    } catch {
      // an unwatchable folder (gone, no permission): nothing to report until it exists
    }
  };
  const setFiles = (next: readonly string[]): void => {
    const wanted = new Set(next);
    for (const file of [...hashes.keys()]) if (!wanted.has(file)) hashes.delete(file);
    for (const file of wanted) if (!hashes.has(file)) hashes.set(file, hashOf(file));
    const folders = new Set([...wanted].map((f) => dirname(f)));
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) watchFolder(folder);
  };

  setFiles(files);
  return {
    setFiles,
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isIn(file: string, folder: string, name: string): boolean {
  return dirname(file) === folder && basename(file) === basename(name);
}

function hashOf(file: string): string | undefined {
  try {
    return createHash("sha1").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined; // missing for now (mid-rename): a later event will find it
  }
}
