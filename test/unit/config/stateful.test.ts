import assert from "node:assert/strict";
import { test } from "node:test";
import type { Config } from "../../../src/config/schema.ts";
import { statefulWarnings } from "../../../src/config/stateful.ts";

const memory = { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] };

test("a known stateful server pooled and shared is warned about; one process or affinity is not", () => {
  const config: Config = {
    servers: {
      shared: memory,
      single: { ...memory, pool: { max: 1 } },
      pinned: { ...memory, share: "affinity" },
      browser: { command: "npx", args: ["@playwright/mcp"] },
      fs: { command: "npx", args: ["@modelcontextprotocol/server-filesystem", "/tmp"] },
    },
  };
  const max = (name: string) => (name === "single" ? 1 : 4);
  const warnings = statefulWarnings(config, max);
  assert.deepEqual(
    warnings.map((w) => w.path),
    ["servers.shared", "servers.browser"],
  );
  assert.match(warnings[0]!.message, /^it keeps state .* 4 instances/);
  assert.match(warnings[0]!.hint ?? "", /pool: \{ max: 1 \}/);
});
