/** `mcpmux check`: validate a config and report each problem with its path. */
import { ConfigError, formatProblem } from "../validation/problems.ts";
import { loadConfig } from "../config/load.ts";
import { statefulWarnings } from "../config/stateful.ts";
import { poolLimits } from "../pool/endpoints.ts";

export async function runCheck(file: string): Promise<void> {
  try {
    const { config } = await loadConfig(file, process.env);
    const names = Object.keys(config.servers);
    process.stdout.write(`${file}: ok, ${names.length} server(s): ${names.join(", ")}\n`);
    const max = (name: string) => {
      const server = config.servers[name];
      return server === undefined ? 1 : poolLimits(server).max;
    };
    for (const warning of statefulWarnings(config, max))
      process.stdout.write(`warning: ${warning}\n`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stdout.write(
      `${file}: ${err.problems.length} problem(s)\n${err.problems.map(formatProblem).join("\n")}\n`,
    );
    process.exit(1);
  }
}
