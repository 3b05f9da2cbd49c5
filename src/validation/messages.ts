/**
 * Shared pieces of the config schemas (servers, routes): readable messages
 * for object-level problems, and the names a config may use.
 */
import * as v from "valibot";

/** Server names (also prefixes): letters, digits, '_' and '-'. */
export const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Messages for object-level issues: valibot reports a missing key, a wrong
 * type and an unknown key through the same message, so tell them apart.
 */
export function objectMessage(what: string) {
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === "never") return "unknown key";
    if (issue.received === "undefined") return "is required";
    return `expected ${what}`;
  };
}

/** valibot's record accepts arrays; a config never means an array as a map. */
export function plainObject(what: string) {
  return v.custom<Record<string, unknown>>(
    (value) => typeof value === "object" && value !== null && !Array.isArray(value),
    (issue) => (issue.received === "undefined" ? "is required" : `expected ${what}`),
  );
}
