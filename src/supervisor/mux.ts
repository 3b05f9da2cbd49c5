/**
 * A running mcpmux for one config: the hub with its world, the port every
 * front door gives its sessions, and the supervisor that reloads the config
 * and plugins when they change (or on SIGHUP, or `mcpmux reload`).
 */
import type { Config } from "../config/schema.ts";
import { Hub } from "../core/hub.ts";
import { sessionPort } from "../core/router.ts";
import type { SessionPort } from "../core/session.ts";
import type { StatusReport } from "../core/status.ts";
import type { MetricsPort } from "../metrics/mux-metrics.ts";
import { Supervisor, type SupervisorOptions } from "./supervisor.ts";

export interface Mux {
  hub: Hub;
  /**
   * The port, with this mux's metrics (its hub keeps one registry per mux)
   * for GET /metrics and its status report for the dashboard at GET /.
   */
  port: SessionPort & MetricsPort & { status: () => StatusReport };
  supervisor: Supervisor;
  stop(): Promise<void>;
}

export function createMux(
  file: string,
  config: Config,
  env: Record<string, string | undefined>,
  options: SupervisorOptions = {},
): Mux {
  const hub = new Hub(config, env);
  const supervisor = new Supervisor(hub, file, env, options);
  const onHangup = (): void => void supervisor.reload("SIGHUP");
  process.on("SIGHUP", onHangup);
  return {
    hub,
    port: sessionPort(hub),
    supervisor,
    stop: async () => {
      process.off("SIGHUP", onHangup);
      supervisor.close();
      await hub.stop();
    },
  };
}
