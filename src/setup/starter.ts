/** The commented starter config `mcpmux init` writes. */
export const STARTER_CONFIG = `// mcpmux config: the MCP servers mcpmux runs once and shares with every
// Claude session. Check it with \`mcpmux check\`; edit freely.
/// <reference path="./mcpmux.d.ts" />
import { defineConfig } from "mcpmux";

export default defineConfig({
  servers: {
    // A stdio server: started once, shared by every session.
    // Its tools appear as memory__create_entities, memory__read_graph, ...
    memory: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      env: { MEMORY_FILE_PATH: "\${env:HOME}/.mcpmux-memory.jsonl" },
    },

    // A remote server over Streamable HTTP ("transport": "sse" for legacy SSE).
    // Secrets come from the environment with \${env:NAME}.
    // search: {
    //   url: "https://mcp.example.com/mcp",
    //   headers: { Authorization: "Bearer \${env:SEARCH_TOKEN}" },
    // },
  },

  // Stop the shared daemon after 10 minutes with no session (0 = never).
  daemon: { idleTimeout: 600_000 },

  // Uncomment to also serve HTTP (Streamable HTTP at /mcp, SSE at /sse):
  // http: { host: "127.0.0.1", port: 7780 },
});
`;
