/** mcpmux's own version, as reported in serverInfo and `--version`. */
export const VERSION = "0.1.0";
