/**
 * The dashboard in a real headless browser (Debian's chromium through
 * playwright-core, which downloads no browser): `serve` with the probe and a
 * token, the page loaded with ?token=, calls from an SDK client seen live,
 * a broken config's reload error seen live, no console errors; and the
 * same page with JavaScript disabled, a static snapshot. Skipped when
 * /usr/bin/chromium is missing (.ci/run installs it where it can).
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import { StreamableHTTPClientTransport, type Client } from "@modelcontextprotocol/client";
import { chromium, type Browser, type Page } from "playwright-core";
import { newClient, serve, type Served } from "../helpers/mux.ts";
import { servers, tempDir } from "../helpers/paths.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the dashboard's browser tests`;
const TOKEN = "dashboard-token-for-tests";
const WAIT_MS = 15_000;

describe("the dashboard at GET /", () => {
  let mux: Served;
  let browser: Browser | undefined;
  const clients: Client[] = [];

  before(async () => {
    mux = await serve(
      {
        servers: { probe: servers.probe() },
        http: { auth: { token: "${env:MCPMUX_TEST_HTTP_TOKEN}" } },
      },
      { ...process.env, MCPMUX_TEST_HTTP_TOKEN: TOKEN },
    );
    if (HAVE_CHROMIUM)
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
  });
  after(async () => {
    await browser?.close();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  async function connect(name: string): Promise<Client> {
    const client = newClient(name);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${mux.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  /** Every console error and uncaught exception of the page, to fail on. */
  function watchErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    return errors;
  }

  test("takes the token as ?token= on / and /events only, never a wrong one", async () => {
    const status = async (path: string): Promise<number> => {
      const response = await fetch(`${mux.url}${path}`, { headers: { accept: "text/html" } });
      await response.body?.cancel();
      return response.status;
    };
    assert.equal(await status("/"), 401);
    assert.equal(await status("/?token=wrong"), 401);
    assert.equal(await status("/events?token=wrong"), 401);
    assert.equal(await status(`/metrics?token=${TOKEN}`), 401);
    assert.equal(await status(`/?token=${TOKEN}`), 200);
  });

  test("GET /events streams the status report as JSON, as server-sent events", async () => {
    const abort = new AbortController();
    const response = await fetch(`${mux.url}/events?token=${TOKEN}`, { signal: abort.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    assert.ok(response.body !== null);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    // The first tick comes at once: read until its status event is whole.
    while (!/event: status\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      assert.ok(!done, "the stream ended before the first status event");
      text += value;
    }
    abort.abort();
    const data = /event: status\ndata: (.*)\n/.exec(text)?.[1] ?? "";
    const report = JSON.parse(data) as { servers: { name: string }[] };
    assert.deepEqual(
      report.servers.map((s) => s.name),
      ["probe"],
    );
  });

  test("shows servers, sessions and tools, and follows calls and a reload error live", async (t: TestContext) => {
    if (browser === undefined) return t.skip(SKIP);
    const started = Date.now();
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${mux.url}/?token=${TOKEN}`);
    assert.equal(await page.locator('[data-server="probe"]').count(), 1);
    await page.waitForFunction(
      () => document.getElementById("live")?.textContent === "live",
      null,
      {
        timeout: WAIT_MS,
      },
    );

    const alpha = await connect("alpha-client");
    for (let i = 0; i < 3; i++) await alpha.callTool({ name: "probe__whoami", arguments: {} });
    // The page was loaded before the calls: only the live updates can show them.
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll("[data-tool]")).some(
          (row) =>
            (row.getAttribute("data-tool") ?? "").includes("whoami") &&
            Number(row.querySelector(".calls")?.textContent) >= 3,
        ),
      null,
      { timeout: WAIT_MS },
    );
    await page.waitForFunction(
      () => document.getElementById("sessions")?.textContent?.includes("alpha-client") === true,
      null,
      { timeout: WAIT_MS },
    );

    const file = await page.locator("#config-file").textContent();
    assert.ok(file !== null && existsSync(file), `config file ${file} shown on the page`);
    writeFileSync(file, "{ this is not JSON");
    await page.waitForSelector("#config-error", { timeout: WAIT_MS });
    assert.ok(((await page.locator("#config-error").textContent()) ?? "").length > 0);

    await page.screenshot({ path: join(tempDir(), "dashboard.png"), fullPage: true });
    await page.close();
    assert.deepEqual(errors, []);
    t.diagnostic(`browser test took ${Date.now() - started} ms`);
  });

  test("works without JavaScript as a server-rendered snapshot", async (t: TestContext) => {
    if (browser === undefined) return t.skip(SKIP);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${mux.url}/?token=${TOKEN}`);
    assert.equal(await page.locator('[data-server="probe"]').count(), 1);
    assert.equal(await page.locator("#live").textContent(), "snapshot");
    await context.close();
    assert.deepEqual(errors, []);
  });
});
