/**
 * The process's resident memory and open file descriptors, under the names
 * Prometheus' own clients use. Our own gauges rather than prom-client's
 * default metrics: those start observers and timers per registry, and a test
 * process holds several muxes.
 */
import { readdirSync } from "node:fs";
import { Gauge, type Registry } from "prom-client";

function openFds(): number | undefined {
  for (const dir of ["/proc/self/fd", "/dev/fd"]) {
    try {
      return readdirSync(dir).length;
    } catch {
      // not this platform's place
    }
  }
  return undefined;
}

export function registerProcessGauges(registry: Registry): void {
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes",
    registers: [registry],
    collect() {
      this.set(process.memoryUsage().rss);
    },
  });
  new Gauge({
    name: "process_open_fds",
    help: "Number of open file descriptors",
    registers: [registry],
    collect() {
      const fds = openFds();
      if (fds !== undefined) this.set(fds);
    },
  });
}
