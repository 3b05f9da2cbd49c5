/**
 * What the daemon and its shims (and `mcpmux restart`) agree on besides MCP.
 * Kept apart so the shim imports no more than it needs.
 */

/**
 * The notification a daemon sends each shim just before it closes the
 * connection; the shim keeps it from the client. `reason: "stop"` (mcpmux
 * stop) ends the session; anything else (`"restart"`) makes the shim
 * reconnect to the daemon that replaces this one.
 */
export const STOPPING_METHOD = "mcpmux/stopping";

/** Set for a daemon started by `mcpmux restart`: the pid of the daemon it replaces. */
export const REPLACE_ENV = "MCPMUX_REPLACE_DAEMON";
