// An example plugin: a TypeScript module that mcpmux runs as an MCP server.
// In a config: `servers: { hello: { plugin: "plugins/hello.ts" } }` gives the tool `hello__greet`.
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
        await ctx.log("info", `greeting ${name}`);
        return `Hello, ${name}${excited ? "!" : "."}`;
      },
    },
  },
});
