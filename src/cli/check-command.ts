/** `mcpmux check`: validate a config and report each problem with its path. */
import { ConfigError, formatProblem } from "../validation/problems.ts";
import { loadConfig } from "../config/load.ts";

export async function runCheck(file: string): Promise<void> {
  try {
    const { config } = await loadConfig(file, process.env);
    const names = Object.keys(config.servers);
    process.stdout.write(`${file}: ok, ${names.length} server(s): ${names.join(", ")}\n`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stdout.write(
      `${file}: ${err.problems.length} problem(s)\n${err.problems.map(formatProblem).join("\n")}\n`,
    );
    process.exit(1);
  }
}
