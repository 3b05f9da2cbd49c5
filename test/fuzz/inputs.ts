/**
 * Generated bad (and some good) input for the front doors, and an oracle
 * written from JSON-RPC 2.0 and MCP that says what each input must get back:
 * one error with a given code and id, one answer (result or error) for a
 * given id, or nothing at all.
 */
import fc from "fast-check";
import { MAX_NESTING } from "../../src/protocol/jsonrpc.ts";

/** The limit the fuzzed mcpmux runs with, small so oversized lines stay cheap. */
export const FUZZ_MAX_MESSAGE_BYTES = 64 * 1024;

/** Inputs per front: at least 10,000 in CI; FUZZ_INPUTS may only raise it... or lower it locally. */
export const INPUTS_PER_FRONT = Number(process.env["FUZZ_INPUTS"] ?? 10_000);
/** A fixed seed, so a failure reproduces; FUZZ_SEED overrides it. fast-check prints it on failure. */
export const FUZZ_SEED = Number(process.env["FUZZ_SEED"] ?? 20_260_808);

/** Methods mcpmux answers itself, at once, without forwarding to a server. */
const LOCAL = new Set([
  "initialize",
  "ping",
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "logging/setLevel",
  "resources/unsubscribe",
  "tools/call",
  "prompts/get",
]);

export type Expect =
  | { kind: "error"; code: number; id: string | number | null }
  | { kind: "answer"; id: string | number };

export interface Input {
  /** What goes on the wire: never a newline inside. */
  bytes: Buffer;
  label: string;
}

// ---------------------------------------------------------------- the oracle

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function depth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(node)) stack.push([child, d + 1]);
  }
  return max;
}

/** What a front must answer to one parsed JSON value (none, or one reply). */
export function expectFor(value: unknown): Expect[] {
  const error = (code: number, id: string | number | null): Expect[] => [
    { kind: "error", code, id },
  ];
  if (!isObject(value)) return error(-32600, null); // batches included: MCP has none
  const id = value["id"];
  const readable = typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
  const rid = readable ? (id as string | number) : null;
  const hasMethod = "method" in value;
  if (depth(value) > MAX_NESTING) {
    if (hasMethod && rid !== null) return error(-32600, rid);
    if (hasMethod || "result" in value || "error" in value) return [];
    return error(-32600, null);
  }
  if (value["jsonrpc"] !== "2.0") return error(-32600, rid);
  if (id !== undefined && id !== null && !readable) return error(-32600, null);
  if (hasMethod) {
    const method = value["method"];
    if (typeof method !== "string") return error(-32600, rid);
    if (id === null) return error(-32600, null);
    if (id === undefined) return []; // a notification is never answered
    const params = value["params"];
    if (params !== undefined && !isObject(params)) return error(-32602, rid);
    if (LOCAL.has(method)) return [{ kind: "answer", id: rid! }];
    return error(-32601, rid);
  }
  if ("result" in value || "error" in value) return []; // responses are never answered
  return error(-32600, rid);
}

/** The expectation for a line as the NDJSON fronts read it (UTF-8 with replacement, trimmed). */
export function expectForLine(bytes: Buffer, maxBytes: number): Expect[] {
  if (bytes.length > maxBytes) return [{ kind: "error", code: -32600, id: null }];
  let text = new TextDecoder().decode(bytes);
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ kind: "error", code: -32700, id: null }];
  }
  return expectFor(value);
}

// ---------------------------------------------------------------- generators

const raw = (text: string): fc.Arbitrary<string> => fc.constant(text);

/** JSON text of an id, good and bad: huge, negative, fractional, long, beyond float range, wrong types. */
const idText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom("1e400", "-1e400", "1e-400", "-0", "0.0", "9007199254740993", "1E2"),
  fc.string({ maxLength: 30 }).map((s) => JSON.stringify(s)),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => JSON.stringify(`id-${"x".repeat(n)}`)),
  fc.string({ unit: "binary", maxLength: 10 }).map((s) => JSON.stringify(s)),
  raw("null"),
  raw("true"),
  raw("{}"),
  raw("[1]"),
);

const methodText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...LOCAL).map((m) => JSON.stringify(m)),
  fc
    .constantFrom(
      "notifications/initialized",
      "notifications/cancelled",
      "notifications/progress",
      "notifications/roots/list_changed",
      "sampling/createMessage",
      "__proto__",
      "constructor",
      "toString",
      "",
    )
    .map((m) => JSON.stringify(m)),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(`x/${s}`)),
  raw("42"),
  raw("null"),
  raw('["ping"]'),
  raw('{"name":"ping"}'),
);

const nested = (n: number, open: string, close: string, inner = "1"): string =>
  open.repeat(n) + inner + close.repeat(n);

const jsonValue: fc.Arbitrary<string> = fc.json({ maxDepth: 3 });

const paramsText: fc.Arbitrary<string> = fc.oneof(
  raw("{}"),
  jsonValue,
  fc
    .record({ name: fc.string({ maxLength: 10 }), arguments: fc.object({ maxDepth: 2 }) })
    .map((p) => JSON.stringify(p)),
  fc.record({ level: fc.constantFrom("debug", "info", "loud", 3) }).map((p) => JSON.stringify(p)),
  fc
    .record({ requestId: fc.oneof(fc.nat(), fc.string({ maxLength: 5 })) })
    .map((p) => JSON.stringify(p)),
  raw('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{"x":${nested(n, '{"a":', "}")}}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{"x":${nested(n, "[", "]")}}`),
  raw("[]"),
  raw("null"),
  raw('"text"'),
  raw("7"),
);

const field = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string | undefined> =>
  fc.option(
    value.map((v) => `${JSON.stringify(name)}:${v}`),
    { freq: 3, nil: undefined },
  );

/** An object with JSON-RPC's fields, each present or not, each of the right type or not. */
const messageText: fc.Arbitrary<string> = fc
  .tuple(
    field(
      "jsonrpc",
      fc.oneof({ weight: 6, arbitrary: raw('"2.0"') }, raw('"1.0"'), raw("2"), raw("null")),
    ),
    field("id", idText),
    field("method", methodText),
    field("params", paramsText),
    fc.option(
      fc.oneof(
        raw('"result":{}'),
        raw('"result":5'),
        raw('"error":{"code":-1,"message":"no"}'),
        raw('"error":"bad"'),
        raw('"result":{},"error":{"code":1,"message":"both"}'),
      ),
      { freq: 4, nil: undefined },
    ),
    fc.option(raw('"extra":[1,{"b":null}]'), { freq: 5, nil: undefined }),
  )
  .chain((fields) =>
    fc.shuffledSubarray(
      fields.filter((f): f is string => f !== undefined),
      {
        minLength: fields.filter((f) => f !== undefined).length,
      },
    ),
  )
  .map((fields) => `{${fields.join(",")}}`);

/** A request mcpmux answers at once: a valid one, mixed in with the rest. */
const validRequest: fc.Arbitrary<string> = fc
  .tuple(fc.nat(), fc.constantFrom("ping", "tools/list", "resources/list", "prompts/list"))
  .map(([n, method]) => JSON.stringify({ jsonrpc: "2.0", id: `ok-${n}`, method }));

const responseNeverAsked: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.nat(), fc.string({ maxLength: 8 })), fc.boolean())
  .map(([id, ok]) =>
    JSON.stringify(
      ok
        ? { jsonrpc: "2.0", id, result: { content: [] } }
        : { jsonrpc: "2.0", id, error: { code: -32603, message: "never asked" } },
    ),
  );

const notificationWithId: fc.Arbitrary<string> = fc
  .tuple(fc.nat(), fc.constantFrom("notifications/initialized", "notifications/cancelled"))
  .map(([id, method]) => JSON.stringify({ jsonrpc: "2.0", id, method, params: {} }));

const batch: fc.Arbitrary<string> = fc.oneof(
  raw("[]"),
  raw("[[]]"),
  fc
    .array(fc.oneof(messageText, validRequest), { minLength: 1, maxLength: 4 })
    .map((m) => `[${m.join(",")}]`),
);

/** Truncates a text somewhere (never at its full length). */
const truncated: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(messageText, validRequest), fc.nat())
  .map(([text, at]) => text.slice(0, at % Math.max(1, text.length)));

const deep: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
  .map(([n, array]) => (array ? nested(n, "[", "]", "") : nested(n, '{"a":', "}")));

const deepRequest: fc.Arbitrary<string> = fc
  .tuple(fc.nat(), fc.integer({ min: MAX_NESTING - 5, max: 50_000 }))
  .map(
    ([id, n]) =>
      `{"jsonrpc":"2.0","id":"deep-${id}","method":"tools/call","params":{"name":"x","arguments":${nested(n, "[", "]", "")}}}`,
  );

const scalar: fc.Arbitrary<string> = fc.oneof(jsonValue, raw("null"), raw('""'), raw("1e400"));

/** Oversized lines: over the limit, as garbage or as a request with a huge field. */
const oversized: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: FUZZ_MAX_MESSAGE_BYTES + 1, max: FUZZ_MAX_MESSAGE_BYTES * 3 }),
    fc.boolean(),
  )
  .map(([size, json]) =>
    json
      ? `{"jsonrpc":"2.0","id":"big","method":"ping","params":{"pad":"${"p".repeat(size)}"}}`
      : "z".repeat(size),
  );

const NEWLINE = 0x0a;

/** Bytes that are not UTF-8 and not JSON: NULs, lone continuation bytes, overlongs, control bytes. */
const garbage: fc.Arbitrary<Buffer> = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }),
    fc
      .constantFrom(
        [0x00],
        [0xff, 0xfe],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
        [0x7b, 0x00, 0x7d],
        [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
        [0x0d],
        [0x20, 0x09, 0x0d],
      )
      .map((b) => Uint8Array.from(b)),
    fc
      .tuple(messageText, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat())
      .map(([text, junk, at]) => {
        const bytes = Buffer.from(text, "utf8");
        const cutAt = at % (bytes.length + 1);
        return Buffer.concat([bytes.subarray(0, cutAt), junk, bytes.subarray(cutAt)]);
      }),
  )
  .map((b) => Buffer.from(Uint8Array.from(b).filter((x) => x !== NEWLINE)));

const text = (arb: fc.Arbitrary<string>, label: string): fc.Arbitrary<Input> =>
  arb.map((t) => ({ bytes: Buffer.from(t.replace(/\n/g, " "), "utf8"), label }));

/** One input; oversized lines only where `withOversized` (the line fronts). */
export function inputArbitrary(withOversized: boolean): fc.Arbitrary<Input> {
  return fc.oneof(
    { weight: 30, arbitrary: text(messageText, "message") },
    { weight: 10, arbitrary: text(validRequest, "valid") },
    { weight: 8, arbitrary: text(truncated, "truncated") },
    { weight: 8, arbitrary: garbage.map((bytes) => ({ bytes, label: "garbage" })) },
    { weight: 5, arbitrary: text(batch, "batch") },
    { weight: 5, arbitrary: text(responseNeverAsked, "response") },
    { weight: 5, arbitrary: text(notificationWithId, "notification-with-id") },
    { weight: 3, arbitrary: text(deep, "deep") },
    { weight: 3, arbitrary: text(deepRequest, "deep-request") },
    { weight: 3, arbitrary: text(scalar, "scalar") },
    { weight: withOversized ? 1 : 0, arbitrary: text(oversized, "oversized") },
  );
}

// ---------------------------------------------------------------- checking

export type Reply = { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: unknown };

/** A reply is a well-formed JSON-RPC response: "2.0", an id, exactly one of result and error. */
export function wellFormed(reply: Reply): string | undefined {
  if (reply.jsonrpc !== "2.0") return "jsonrpc is not 2.0";
  if (!("id" in reply)) return "no id";
  if ("result" in reply === "error" in reply) return "not exactly one of result and error";
  if ("error" in reply) {
    const e = reply.error as { code?: unknown; message?: unknown };
    if (!Number.isInteger(e?.code) || typeof e?.message !== "string") return "a malformed error";
  }
  return undefined;
}

const key = (id: unknown): string => JSON.stringify(id) ?? "undefined";

/**
 * Matches replies to expectations, strict ones (an error code) first. Returns
 * what is missing and what came unasked; both empty when all is right.
 */
export function match(
  expected: Expect[],
  replies: Reply[],
): { missing: Expect[]; unexpected: Reply[]; malformed: string[] } {
  const malformed = replies.flatMap((r) => {
    const why = wellFormed(r);
    return why === undefined ? [] : [`${why}: ${JSON.stringify(r).slice(0, 300)}`];
  });
  const left = [...replies];
  const missing: Expect[] = [];
  const take = (test: (r: Reply) => boolean): boolean => {
    const at = left.findIndex(test);
    if (at === -1) return false;
    left.splice(at, 1);
    return true;
  };
  const strict = expected.filter((e) => e.kind === "error");
  const loose = expected.filter((e) => e.kind === "answer");
  for (const e of strict) {
    const ok = take(
      (r) => key(r.id) === key(e.id) && (r.error as { code?: number } | undefined)?.code === e.code,
    );
    if (!ok) missing.push(e);
  }
  for (const e of loose) if (!take((r) => key(r.id) === key(e.id))) missing.push(e);
  return { missing, unexpected: left, malformed };
}

/** A short account of a failed match, for an assertion message. */
export function describeMismatch(inputs: Input[], result: ReturnType<typeof match>): string {
  const show = (x: unknown): string => JSON.stringify(x).slice(0, 300);
  return [
    `missing ${result.missing.length}: ${result.missing.slice(0, 5).map(show).join(" | ")}`,
    `unexpected ${result.unexpected.length}: ${result.unexpected.slice(0, 5).map(show).join(" | ")}`,
    `malformed: ${result.malformed.slice(0, 5).join(" | ")}`,
    `inputs (${inputs.length}): ${inputs
      .slice(0, 40)
      .map((i) => `${i.label}:${show(i.bytes.toString("utf8").slice(0, 120))}`)
      .join("\n  ")}`,
  ].join("\n");
}
