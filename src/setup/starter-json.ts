/**
 * The starter config as JSON, for `mcpmux init --out mcp.config.json`: the
 * same servers and settings as STARTER_CONFIG (a unit test loads both and
 * compares), without what JSON cannot hold, which init prints instead.
 */
export const STARTER_JSON = {
  servers: {
    memory: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      env: { MEMORY_FILE_PATH: "${env:HOME}/.mcpmux-memory.jsonl" },
      pool: { max: 1 },
    },
    hello: { plugin: "./plugins/hello.ts" },
  },
  daemon: { idleTimeout: 600000 },
};

export const STARTER_JSON_TEXT = `${JSON.stringify(STARTER_JSON, null, 2)}\n`;

/** What the TypeScript starter says that its JSON twin cannot: comments. */
export const STARTER_JSON_DROPPED = `JSON has no comments, so this starter lacks the TypeScript one's notes and
commented-out examples. The two examples, to add by hand if you want them:
  a remote server, under "servers":
    "search": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer \${SEARCH_TOKEN}" } }
  also serving HTTP (Streamable HTTP at /mcp, SSE at /sse), at the top level:
    "http": { "host": "127.0.0.1", "port": 7780 }
(\`mcpmux init\` without --out, or with a .ts file, writes the commented TypeScript starter.)
`;
