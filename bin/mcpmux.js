#!/usr/bin/env node
// Node launcher: loads tsx (its ES module and CommonJS hooks) so mcpmux's
// TypeScript sources and the user's mcp.config.ts load directly, then runs the CLI.
import "tsx";

await import("../src/cli/main.ts");
