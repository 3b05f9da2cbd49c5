/**
 * Prometheus metrics and tool analytics, end to end: `serve` with the probe
 * over HTTP, known calls (some failing) from two named clients, GET /metrics
 * parsed by a real exposition-format parser; then a daemon without an HTTP
 * listener, through `status --metrics` and `status --tools`.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { DaemonRun } from "../helpers/daemon-run.ts";
import { FROM_SOURCES, newClient, serve, type Served } from "../helpers/mux.ts";
import { servers, writeConfig } from "../helpers/paths.ts";

interface Sample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
}
interface Family {
  name: string;
  type: string;
  metrics: Sample[];
}
// The parser ships CommonJS without types: what it returns is typed here.
const parse = createRequire(import.meta.url)("parse-prometheus-text-format") as (
  text: string,
) => Family[];

function family(families: Family[], name: string): Family {
  const found = families.find((f) => f.name === name);
  assert.ok(found !== undefined, `no ${name} in the exposition`);
  return found;
}

/**
 * One histogram series (the one whose label pairs include `pairs`, as
 * written) parsed alone: the parser flattens a histogram family as prom2json
 * does for an unlabelled one, merging its series, so each is given to it
 * alone, without the labels that tell it apart.
 */
function histogram(text: string, name: string, pairs: string): Sample {
  const lines = text
    .split("\n")
    .filter((l) => l.startsWith(`${name}_`) && l.includes(pairs))
    .map((l) => l.replace(pairs, "").replace(/\{,/, "{").replace(/,\}/, "}").replace("{}", ""));
  const [series] = family(parse(`# TYPE ${name} histogram\n${lines.join("\n")}\n`), name).metrics;
  assert.ok(series !== undefined, `no ${name} series with ${pairs}`);
  return series;
}

/** The value of the sample whose labels include `labels`, 0 when there is none. */
function valueOf(f: Family, labels: Record<string, string>): number {
  const sample = f.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  return sample === undefined ? 0 : Number(sample.value ?? sample.count);
}

async function call(client: Client, tool: string): Promise<void> {
  await client.callTool({ name: tool, arguments: {} }).catch(() => undefined); // "fail" throws
}

/** Known calls: alpha 3 whoami + 2 fail, beta 2 whoami + 1 fail. */
async function makeCalls(alpha: Client, beta: Client): Promise<void> {
  for (let i = 0; i < 3; i++) await call(alpha, "probe__whoami");
  for (let i = 0; i < 2; i++) await call(alpha, "probe__fail");
  for (let i = 0; i < 2; i++) await call(beta, "probe__whoami");
  await call(beta, "probe__fail");
}

describe("GET /metrics", () => {
  const TOKEN = "metrics-token-for-tests";
  const auth = { authorization: `Bearer ${TOKEN}` };
  let mux: Served;
  const clients: Client[] = [];

  async function connect(name: string): Promise<Client> {
    const client = newClient(name);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${mux.url}/mcp`), {
        requestInit: { headers: auth },
      }),
    );
    clients.push(client);
    return client;
  }

  async function scrape(): Promise<string> {
    const response = await fetch(`${mux.url}/metrics`, { headers: auth });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  before(async () => {
    mux = await serve(
      {
        servers: { probe: servers.probe() },
        http: { auth: { token: "${env:MCPMUX_TEST_HTTP_TOKEN}" } },
      },
      { ...process.env, MCPMUX_TEST_HTTP_TOKEN: TOKEN },
    );
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  test("needs the bearer token like every other route", async () => {
    const response = await fetch(`${mux.url}/metrics`);
    assert.equal(response.status, 401);
    await response.body?.cancel();
  });

  test("counts calls by tool and outcome, times them, and shows sessions and instances", async () => {
    const alpha = await connect("alpha");
    const beta = await connect("beta");
    // A scrape while calls run must not disturb them.
    const scraping = scrape();
    await makeCalls(alpha, beta);
    await scraping;
    const text = await scrape();
    const families = parse(text);

    const calls = family(families, "mcpmux_calls_total");
    assert.equal(calls.type, "COUNTER");
    assert.equal(valueOf(calls, { server: "probe", tool: "whoami", outcome: "ok" }), 5);
    assert.equal(valueOf(calls, { server: "probe", tool: "fail", outcome: "error" }), 3);
    assert.equal(valueOf(calls, { server: "probe", tool: "whoami", outcome: "error" }), 0);

    const latency = family(families, "mcpmux_call_duration_seconds");
    assert.equal(latency.type, "HISTOGRAM");
    const whoami = histogram(text, latency.name, 'server="probe",tool="whoami"');
    assert.ok(Object.keys(whoami.buckets ?? {}).length > 3);
    assert.equal(whoami.buckets?.["+Inf"], "5");
    assert.equal(whoami.count, "5");
    assert.equal(histogram(text, latency.name, 'server="probe",tool="fail"').count, "3");
    // Every call found the probe free: 8 waits, all in the lowest bucket.
    const wait = histogram(text, "mcpmux_queue_wait_seconds", 'server="probe"');
    assert.equal(wait.count, "8");
    assert.equal(wait.buckets?.["0.001"], "8");
    assert.equal(valueOf(family(families, "mcpmux_queue_length"), { server: "probe" }), 0);

    const sessions = family(families, "mcpmux_sessions");
    assert.equal(valueOf(sessions, { front: "http", client: "alpha" }), 1);
    assert.equal(valueOf(sessions, { front: "http", client: "beta" }), 1);

    const instances = family(families, "mcpmux_instances");
    assert.ok(valueOf(instances, { server: "probe", state: "ready" }) >= 1);
    const circuit = family(families, "mcpmux_circuit_state");
    assert.ok(valueOf(circuit, { server: "probe", state: "closed" }) >= 1);
    assert.equal(valueOf(family(families, "mcpmux_server_restarts"), { server: "probe" }), 0);
    assert.ok(valueOf(family(families, "process_resident_memory_bytes"), {}) > 0);
    assert.ok(valueOf(family(families, "process_open_fds"), {}) > 0);
  });
});

describe("status --metrics and status --tools (a daemon without an HTTP listener)", () => {
  let daemon: DaemonRun;

  before(() => {
    daemon = new DaemonRun(writeConfig({ servers: { probe: servers.probe() } }), FROM_SOURCES);
  });
  after(() => daemon.close());

  test("print the exposition text and the per-tool analytics", async () => {
    const gamma = await daemon.session("gamma");
    const delta = await daemon.session("delta");
    const tool = (name: string) => ({ name, arguments: {} });
    await gamma.request(11, "tools/call", tool("probe__whoami"));
    await gamma.request(12, "tools/call", tool("probe__fail"));
    await delta.request(21, "tools/call", tool("probe__whoami"));

    const families = parse((await daemon.mcpmux("status", "--metrics")).stdout);
    const calls = family(families, "mcpmux_calls_total");
    assert.equal(valueOf(calls, { tool: "whoami", outcome: "ok" }), 2);
    assert.equal(valueOf(calls, { tool: "fail", outcome: "error" }), 1);
    const sessions = family(families, "mcpmux_sessions");
    assert.equal(valueOf(sessions, { client: "gamma" }), 1);
    assert.equal(valueOf(sessions, { client: "delta" }), 1);

    const json = JSON.parse((await daemon.mcpmux("status", "--json")).stdout) as {
      tools: Array<{
        tool: string;
        calls: number;
        errors: number;
        p50Ms: number;
        clients: string[];
      }>;
    };
    const whoami = json.tools.find((t) => t.tool === "probe__whoami");
    assert.deepEqual(
      { calls: whoami?.calls, errors: whoami?.errors, clients: whoami?.clients },
      { calls: 2, errors: 0, clients: ["delta", "gamma"] },
    );
    assert.equal(typeof whoami?.p50Ms, "number");
    const fail = json.tools.find((t) => t.tool === "probe__fail");
    assert.deepEqual({ calls: fail?.calls, errors: fail?.errors }, { calls: 1, errors: 1 });

    const table = (await daemon.mcpmux("status", "--tools")).stdout;
    assert.match(table, /^TOOL\s+CALLS\s+ERRORS\s+P50\s+P99\s+CLIENTS/);
    assert.match(table, /probe__whoami\s+2\s+0\s+\S+ms\s+\S+ms\s+delta, gamma/);
    assert.match(table, /probe__fail\s+1\s+1\s+/);
  });
});
