/**
 * `mcpmux check`'s checks beyond the schema, against an injected machine
 * (files, permissions, ports): never the real PATH or filesystem.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lookupCommand } from "../../../src/config/command-lookup.ts";
import { formatCheckReport } from "../../../src/config/check-report.ts";
import {
  preflight,
  type ListenResult,
  type PreflightInput,
  type PreflightReport,
  type PreflightSystem,
} from "../../../src/config/preflight.ts";
import type { Config } from "../../../src/config/schema.ts";

/** A machine with these files (path → executable?) and folders, and these ports' answers. */
function machine(
  files: Record<string, boolean>,
  dirs: string[],
  ports: Record<string, ListenResult> = {},
): PreflightSystem & { listened: string[] } {
  const listened: string[] = [];
  return {
    listened,
    kind: (path) => (path in files ? "file" : dirs.includes(path) ? "directory" : "missing"),
    executable: (path) => files[path] === true,
    listenable: async (host, port) => {
      listened.push(`${host}:${port}`);
      return ports[`${host}:${port}`] ?? "free";
    },
  };
}

const PROJECT = "/project";
const SYSTEM = machine(
  {
    "/usr/bin/node": true,
    "/usr/bin/npx": true,
    "/project/run.sh": false,
    "/project/plugins/ok.ts": false,
  },
  ["/", "/project", "/usr/bin", "/project/tools"],
);

function run(
  config: Config,
  system: PreflightSystem = SYSTEM,
  extra: Partial<PreflightInput> = {},
): Promise<PreflightReport> {
  return preflight({ config, env: { PATH: "/usr/bin" }, maxInstances: () => 4, ...extra }, system);
}

const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe("preflight: commands", () => {
  test("a command found on the PATH, or by its path, is fine", async () => {
    const report = await run({
      servers: {
        a: { command: "node", cwd: PROJECT },
        b: { command: "/usr/bin/npx", cwd: PROJECT },
      },
    });
    assert.deepEqual(report, { errors: [], warnings: [] });
  });

  test("a command that is nowhere is an error naming it, with a hint", async () => {
    const { errors } = await run({ servers: { ghost: { command: "mcp-ghost", cwd: PROJECT } } });
    assert.deepEqual(paths(errors), ["servers.ghost.command"]);
    assert.match(errors[0]!.message, /"mcp-ghost" is not found on the PATH the server gets/);
    assert.match(errors[0]!.hint ?? "", /a typo\?.*Searched: \/usr\/bin/);
  });

  test("a well-known launcher says where it comes from", async () => {
    const { errors } = await run({ servers: { fetch: { command: "uvx", cwd: PROJECT } } });
    assert.match(errors[0]!.hint ?? "", /uvx comes with uv/);
  });

  test("the server's own env PATH is the one searched", async () => {
    const { errors } = await run({
      servers: { a: { command: "node", cwd: PROJECT, env: { PATH: "/opt/bin" } } },
    });
    assert.deepEqual(paths(errors), ["servers.a.command"]);
    assert.match(errors[0]!.hint ?? "", /Searched: \/opt\/bin$/);
  });

  test("a relative command is looked for from the server's cwd; not executable, or a folder, is said so", async () => {
    const { errors } = await run({
      servers: {
        missing: { command: "./bin/server", cwd: PROJECT },
        script: { command: "./run.sh", cwd: PROJECT },
        folder: { command: "tools", cwd: PROJECT, env: { PATH: "" } },
      },
    });
    assert.deepEqual(paths(errors), [
      "servers.missing.command",
      "servers.script.command",
      "servers.folder.command",
    ]);
    assert.match(errors[0]!.message, /looked at \/project\/bin\/server/);
    assert.match(errors[1]!.hint ?? "", /chmod \+x \/project\/run\.sh/);
    assert.match(errors[2]!.message, /is a folder/);
  });

  test("lookupCommand: PATH order, an empty entry as the cwd, past a file it may not run", () => {
    const fs = machine({ "/a/tool": false, "/b/tool": true, "/w/local": true }, ["/a", "/b", "/w"]);
    assert.deepEqual(lookupCommand("tool", "/w", "/a:/b", fs), { found: "/b/tool" });
    assert.deepEqual(lookupCommand("tool", "/w", "/a", fs), {
      notProgram: "/a/tool",
      why: "not-executable",
    });
    assert.deepEqual(lookupCommand("local", "/w", "/a::/b", fs), { found: "/w/local" });
    assert.deepEqual(lookupCommand("nope", "/w", "/a:/a:/b", fs), {
      missing: "search",
      searched: ["/a", "/b"],
    });
    assert.deepEqual(lookupCommand("tool", "/w", undefined, fs), {
      missing: "search",
      searched: ["/usr/bin", "/bin"],
    });
  });
});

describe("preflight: folders, plugins, URLs, variants, disabled servers", () => {
  test("each problem at its path", async () => {
    const { errors } = await run({
      servers: {
        cwd: { command: "node", cwd: "/project/nowhere" },
        plugin: { plugin: "/project/plugins/gone.ts" },
        good: { plugin: "/project/plugins/ok.ts" },
        ws: { url: "ws://example.com/mcp" },
        web: { url: "https://example.com/mcp" },
        variants: {
          variants: [
            { command: "node", cwd: PROJECT },
            { command: "nodee", cwd: PROJECT },
          ],
        },
        off: { command: "not-installed", cwd: PROJECT, disabled: true },
      },
    });
    assert.deepEqual(paths(errors), [
      "servers.cwd.cwd",
      "servers.plugin.plugin",
      "servers.ws.url",
      "servers.variants.variants.1.command",
    ]);
    assert.match(errors[0]!.message, /folder \/project\/nowhere does not exist/);
    assert.match(errors[2]!.message, /not an http:\/\/ or https:\/\/ URL/);
  });
});

describe("preflight: a config that serves nothing", () => {
  test("no servers is an error that says how to add one", async () => {
    const { errors } = await run({ servers: {} });
    assert.deepEqual(paths(errors), ["servers"]);
    assert.match(errors[0]!.message, /no servers/);
    assert.match(errors[0]!.hint ?? "", /command: "npx"/);
  });

  test("every server disabled is a warning", async () => {
    const report = await run({ servers: { a: { command: "node", cwd: PROJECT, disabled: true } } });
    assert.deepEqual(paths(report.errors), []);
    assert.deepEqual(paths(report.warnings), ["servers"]);
  });
});

describe("preflight: the HTTP port", () => {
  const withHttp = (http: Config["http"]): Config => ({
    servers: { a: { command: "node", cwd: PROJECT } },
    http,
  });

  test("checked only with an http section, at its defaults, never for port 0", async () => {
    const system = machine({ "/usr/bin/node": true }, [PROJECT]);
    await run({ servers: { a: { command: "node", cwd: PROJECT } } }, system);
    await run(withHttp({}), system);
    await run(withHttp({ host: "::1", port: 9000 }), system);
    await run(withHttp({ port: 0 }), system);
    assert.deepEqual(system.listened, ["127.0.0.1:7780", "::1:9000"]);
  });

  test("taken: an error naming the port, hinting at a running daemon", async () => {
    const system = machine({ "/usr/bin/node": true }, [PROJECT], { "127.0.0.1:7780": "in-use" });
    const { errors } = await run(withHttp({}), system);
    assert.deepEqual(paths(errors), ["http.port"]);
    assert.match(errors[0]!.message, /port 7780 on 127\.0\.0\.1 is already in use/);
    assert.match(errors[0]!.hint ?? "", /mcpmux status/);
  });

  test("taken while this config's daemon runs: a warning, since the daemon holds it", async () => {
    const system = machine({ "/usr/bin/node": true }, [PROJECT], { "127.0.0.1:7780": "in-use" });
    const report = await run(withHttp({}), system, { daemonPid: 4242 });
    assert.deepEqual(paths(report.errors), []);
    assert.match(report.warnings[0]!.message, /running daemon \(pid 4242\)/);
  });

  test("not permitted, or not an address of this machine", async () => {
    const system = machine({ "/usr/bin/node": true }, [PROJECT], {
      "127.0.0.1:80": "denied",
      "10.9.9.9:7780": "no-such-address",
    });
    const denied = await run(withHttp({ port: 80 }), system);
    assert.match(denied.errors[0]!.message, /not allowed to listen on port 80/);
    const foreign = await run(withHttp({ host: "10.9.9.9", auth: { token: "t" } }), system);
    assert.deepEqual(paths(foreign.errors), ["http.host"]);
  });
});

describe("preflight: warnings", () => {
  test("a stateful server pooled is a warning, not an error", async () => {
    const report = await run({
      servers: {
        memory: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-memory"],
          cwd: PROJECT,
        },
      },
    });
    assert.deepEqual(paths(report.errors), []);
    assert.deepEqual(paths(report.warnings), ["servers.memory"]);
  });
});

describe("formatCheckReport", () => {
  test("ok with the servers, then the warnings apart and labelled", () => {
    const text = formatCheckReport("/p/mcp.config.ts", ["a", "b"], {
      errors: [],
      warnings: [{ path: "servers.a", message: "careful", hint: "do this" }],
    });
    assert.equal(
      text,
      "/p/mcp.config.ts: ok, 2 server(s): a, b\n\n1 warning (not fatal):\n  servers.a: careful\n    hint: do this\n",
    );
  });

  test("errors first, counted, each with its path and hint; then the warnings", () => {
    const text = formatCheckReport("/p/c.json", ["a"], {
      errors: [
        { path: "servers.a.command", message: "missing", hint: "install it" },
        { path: "http.port", message: "taken" },
      ],
      warnings: [{ path: "servers.a", message: "careful" }],
    });
    assert.equal(
      text,
      [
        "/p/c.json: 2 errors",
        "  servers.a.command: missing",
        "    hint: install it",
        "  http.port: taken",
        "",
        "1 warning (not fatal):",
        "  servers.a: careful",
        "",
      ].join("\n"),
    );
  });
});
