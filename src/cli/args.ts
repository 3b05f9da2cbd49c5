/** Command-line parsing: errors are values, so the CLI can print them with the help hint. */
import { parseArgs } from "node:util";
import { PLUGIN_HOST_COMMAND } from "../runtime/self-command.ts";

export interface CliArgs {
  command: string | undefined;
  config: string | undefined;
  host: string | undefined;
  port: number | undefined;
  help: boolean;
  version: boolean;
  json: boolean;
  standalone: boolean;
  /** dev: serve over HTTP instead of stdio. */
  http: boolean;
  force: boolean;
  out: string | undefined;
  /** The positional after the command (`mcpmux import FILE`, `mcpmux __plugin-host FILE`). */
  target: string | undefined;
}

export type ParsedArgs = { ok: true; args: CliArgs } | { ok: false; error: string };

export function parseCli(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string", short: "c" },
        host: { type: "string" },
        port: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
        json: { type: "boolean" },
        standalone: { type: "boolean" },
        force: { type: "boolean" },
        out: { type: "string", short: "o" },
        http: { type: "boolean" },
      },
    });
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const { values, positionals } = parsed;
  const takesTarget =
    positionals[0] === "import" ||
    positionals[0] === "dev" ||
    positionals[0] === PLUGIN_HOST_COMMAND;
  if (positionals.length > (takesTarget ? 2 : 1)) {
    return { ok: false, error: `unexpected argument: ${positionals[takesTarget ? 2 : 1]}` };
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return { ok: false, error: `--port must be a number from 0 to 65535, got "${values.port}"` };
  }
  return {
    ok: true,
    args: {
      command: positionals[0],
      config: values.config,
      host: values.host,
      port,
      help: values.help === true,
      version: values.version === true,
      json: values.json === true,
      standalone: values.standalone === true,
      http: values.http === true,
      force: values.force === true,
      out: values.out,
      target: takesTarget ? positionals[1] : undefined,
    },
  };
}
