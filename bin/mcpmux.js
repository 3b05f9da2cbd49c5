#!/usr/bin/env node
// Node launcher: registers tsx so mcpmux's TypeScript sources and the user's
// mcp.config.ts load directly, then runs the CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
