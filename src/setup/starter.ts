/** The commented starter config `mcpmux init` writes, and the plugin it names. */
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
      // One process: its graph is state that parallel copies would not share.
      pool: { max: 1 },
    },

    // A plugin: an MCP server written as a TypeScript module beside this config.
    // mcpmux runs it; saving the file reloads it without dropping a session.
    // Try \`mcpmux dev plugins/hello.ts\` while you edit it. Its tool: hello__greet.
    hello: { plugin: "./plugins/hello.ts" },

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

/** The example plugin \`mcpmux init\` writes to plugins/hello.ts (the repository's plugins/hello.ts). */
export const STARTER_PLUGIN = `// An example plugin: a TypeScript module that mcpmux runs as an MCP server.
// In a config: \`servers: { hello: { plugin: "plugins/hello.ts" } }\` gives the tool \`hello__greet\`.
import { definePlugin } from "mcpmux";
import * as v from "valibot";

export default definePlugin({
  name: "hello",
  version: "1.0.0",
  instructions: "Greets people by name.",
  tools: {
    greet: {
      description: "Greets someone by name",
      input: v.object({
        name: v.pipe(v.string(), v.nonEmpty(), v.description("Who to greet")),
        excited: v.optional(v.boolean(), false),
      }),
      annotations: { readOnlyHint: true },
      handler: async ({ name, excited }, ctx) => {
        await ctx.log("info", \`greeting \${name}\`);
        return \`Hello, \${name}\${excited ? "!" : "."}\`;
      },
    },
  },
});
`;
