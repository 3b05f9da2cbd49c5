/** Where things are, for tests: the repo, its CLI entry, and how to run TypeScript on this Node. */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = join(ROOT, "src/cli/main.ts");
/** tsx's loader, resolved here: mcpmux runs servers in their config's folder, where "tsx" would not resolve. */
export const TSX = import.meta.resolve("tsx");
/** The Node running the tests (the machine's Node 20), with tsx for TypeScript. */
export const TS_NODE = [process.execPath, "--import", TSX];

import { tempDir } from "./temp.ts";

export const servers = {
  probe: () => ({
    command: process.execPath,
    args: ["--import", TSX, join(ROOT, "test/fixtures/probe-server.ts")],
  }),
  everything: () => ({
    command: process.execPath,
    args: [
      join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js"),
      "stdio",
    ],
  }),
  memory: (file: string) => ({
    command: process.execPath,
    args: [join(ROOT, "node_modules/@modelcontextprotocol/server-memory/dist/index.js")],
    env: { MEMORY_FILE_PATH: file },
  }),
  filesystem: (dir: string) => ({
    command: process.execPath,
    args: [join(ROOT, "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"), dir],
  }),
};

/** A server config with one instance only (pool.max 1), for tests about one process's state. */
export function single<T extends object>(server: T): T & { pool: { max: number } } {
  return { ...server, pool: { max: 1 } };
}

export { tempDir } from "./temp.ts";

/**
 * Lists in tests wait for every server's first start (however loaded the
 * machine), unless a test is about slow starts and says otherwise: the
 * default `listWait` of 500 ms answers with what is ready.
 */
export const TEST_LIST_WAIT_MS = 30_000;

/** Writes a JSON config into a fresh temp dir and returns its path. */
export function writeConfig(config: object): string {
  const file = join(tempDir(), "mcp.config.json");
  writeFileSync(file, JSON.stringify({ listWait: TEST_LIST_WAIT_MS, ...config }, null, 2));
  return file;
}
