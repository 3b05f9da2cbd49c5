/**
 * `mcpmux check`: load and validate the config, then verify what can be
 * verified without starting anything (src/config/preflight.ts), and print
 * it. Exits 1 on errors, 0 when there are only warnings.
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "../validation/problems.ts";
import { loadConfig } from "../config/load.ts";
import { preflight } from "../config/preflight.ts";
import { systemView } from "../config/preflight-system.ts";
import { formatCheckReport, formatLoadProblems } from "../config/check-report.ts";
import { locate } from "../daemon/locations.ts";
import { processAlive } from "../daemon/lock.ts";
import { poolLimits } from "../pool/endpoints.ts";

export async function runCheck(file: string): Promise<void> {
  let config;
  let loadWarnings;
  try {
    ({ config, warnings: loadWarnings } = await loadConfig(file, process.env));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stdout.write(formatLoadProblems(file, err.problems));
    process.exitCode = 1;
    return;
  }
  const report = await preflight(
    {
      config,
      env: process.env,
      maxInstances: (name) => {
        const server = config.servers[name];
        return server === undefined ? 1 : poolLimits(server).max;
      },
      daemonPid: runningDaemon(file),
    },
    systemView,
  );
  report.warnings.unshift(...loadWarnings);
  process.stdout.write(formatCheckReport(file, Object.keys(config.servers), report));
  process.exitCode = report.errors.length > 0 ? 1 : 0;
}

/** This config's daemon, if one runs (read from its pid file; nothing is contacted). */
function runningDaemon(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(locate(file, process.env).pidFile, "utf8"));
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
