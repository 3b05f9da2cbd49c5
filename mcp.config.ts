// The bundled example: two servers from npm and one plugin behind one mcpmux.
// `npm start` serves it over HTTP on 127.0.0.1:7780; `npm run stdio` as a Claude config runs it.
// Paths are relative to this file's folder, where stdio servers run.
import { defineConfig } from "mcpmux";

export default defineConfig({
  servers: {
    // Tools appear as everything__echo, everything__get-sum, ...
    everything: {
      command: "node",
      args: ["node_modules/@modelcontextprotocol/server-everything/dist/index.js", "stdio"],
    },
    // A knowledge-graph memory kept in a file under the working directory.
    memory: {
      command: "node",
      args: ["node_modules/@modelcontextprotocol/server-memory/dist/index.js"],
      env: { MEMORY_FILE_PATH: "${env:MCPMUX_MEMORY_FILE:-.mcpmux-memory.jsonl}" },
      // One process: its graph is state that parallel copies would not share.
      pool: { max: 1 },
    },
    // A plugin: plugins/hello.ts is a TypeScript module mcpmux runs as a server (hello__greet).
    // Edit and save it while mcpmux runs: it reloads, and no session drops.
    hello: { plugin: "./plugins/hello.ts" },
  },
});
