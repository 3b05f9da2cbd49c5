/**
 * What `serve` and `daemon` say when their HTTP port cannot be bound: the
 * address, why in plain words (not "EADDRINUSE"), and what to change.
 */
import { errorText } from "../log.ts";

const PORT_ADVICE = (file: string) =>
  `choose another port with --port PORT, or http.port in ${file} (0 picks a free one)`;

const REASONS: Record<string, { reason: string; advice: (file: string) => string }> = {
  EADDRINUSE: { reason: "the port is already in use", advice: PORT_ADVICE },
  EACCES: { reason: "permission denied (ports below 1024 need privileges)", advice: PORT_ADVICE },
  EADDRNOTAVAIL: {
    reason: "this machine has no such address",
    advice: (file) => `choose another address with --host HOST, or http.host in ${file}`,
  },
};

export function cannotListen(host: string, port: number, cause: unknown, file: string): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? REASONS[code] : undefined;
  const reason = known?.reason ?? errorText(cause);
  const advice = (known?.advice ?? PORT_ADVICE)(file);
  return `cannot listen on ${host}:${port}: ${reason}; ${advice}. No server was started.`;
}
