/**
 * Why a server could not start, for the log and `mcpmux status`: the error,
 * with the process's last line on stderr (usually the real reason); a
 * plugin's own load error (FILE:LINE:COL: reason) says it best alone.
 */
import { errorText } from "../log.ts";
import { PLUGIN_LOAD_ERROR } from "../runtime/self-command.ts";

export function startError(err: unknown, lastStderr: string | undefined): string {
  if (lastStderr?.startsWith(PLUGIN_LOAD_ERROR) === true) return lastStderr;
  const text = errorText(err);
  return lastStderr === undefined ? text : `${text} (its last words on stderr: ${lastStderr})`;
}
