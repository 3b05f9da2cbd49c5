/**
 * mcpmux's exit codes, stated once for the code and the help. 3 follows the
 * init-script convention for "program is not running", so a script can tell
 * "no daemon" from "the daemon failed to answer".
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notRunning: 3,
} as const;

export const EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [EXIT.ok, "Success (also: stop or restart with no daemon running)."],
  [
    EXIT.failure,
    "Failure: a config that does not load or validate, a port in use, a daemon that did not answer or stop, a file that exists.",
  ],
  [EXIT.usage, "Usage error: unknown command or option, missing or extra argument."],
  [EXIT.notRunning, "No daemon is running for the config (status and reload)."],
];
