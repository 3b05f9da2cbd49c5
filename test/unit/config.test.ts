/** Config validation: what a valid config returns, and what a user sees for a bad one. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, type ConfigProblem } from "../../src/validation/problems.ts";
import { validateConfig } from "../../src/config/load.ts";
import { DEFAULT_SEPARATOR } from "../../src/config/schema.ts";

const FILE = "/project/mcp.config.json";

/** The problems a config is refused with; fails the test if it is accepted. */
function problemsOf(raw: unknown, env: Record<string, string | undefined> = {}): ConfigProblem[] {
  try {
    validateConfig(raw, FILE, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.file, FILE);
    assert.ok(err.problems.length > 0);
    return err.problems;
  }
  assert.fail(`expected the config to be refused: ${JSON.stringify(raw)}`);
}

/** The one problem at `path`, asserting there is exactly one there. */
function problemAt(problems: ConfigProblem[], path: string): ConfigProblem {
  const at = problems.filter((p) => p.path === path);
  assert.equal(at.length, 1, `problems at "${path}": ${JSON.stringify(problems)}`);
  return at[0] as ConfigProblem;
}

function server(extra: Record<string, unknown>) {
  return { servers: { fs: extra } };
}

describe("validateConfig: valid configs", () => {
  test("a stdio server comes back with its command, args, env and cwd", () => {
    const config = validateConfig(
      {
        servers: {
          fs: { command: "npx", args: ["-y", "server-fs", "/tmp"], env: { A: "1" }, cwd: "/tmp" },
        },
      },
      FILE,
      {},
    );
    assert.deepEqual(config.servers["fs"], {
      command: "npx",
      args: ["-y", "server-fs", "/tmp"],
      env: { A: "1" },
      cwd: "/tmp",
    });
  });

  test("a url server comes back with its headers and transport", () => {
    const config = validateConfig(
      {
        servers: {
          web: {
            url: "https://mcp.example.com/mcp",
            headers: { Authorization: "Bearer x" },
            transport: "sse",
          },
        },
      },
      FILE,
      {},
    );
    assert.deepEqual(config.servers["web"], {
      url: "https://mcp.example.com/mcp",
      headers: { Authorization: "Bearer x" },
      transport: "sse",
    });
  });

  test("all optional settings are accepted together", () => {
    const config = validateConfig(
      {
        servers: {
          a: {
            command: "node",
            prefix: "alpha",
            requestTimeout: 1000,
            startupTimeout: 5000,
            disabled: true,
          },
          b: { url: "http://localhost:3000/mcp", transport: "http", prefix: false },
        },
        separator: ".",
        pageSize: 50,
        http: { host: "127.0.0.1", port: 8080 },
      },
      FILE,
      {},
    );
    assert.equal(config.separator, ".");
    assert.equal(config.pageSize, 50);
    assert.deepEqual(config.http, { host: "127.0.0.1", port: 8080 });
    assert.equal(config.servers["a"]?.prefix, "alpha");
    assert.equal(config.servers["b"]?.prefix, false);
  });

  test("an empty server map is valid", () => {
    assert.deepEqual(validateConfig({ servers: {} }, FILE, {}).servers, {});
  });

  test("environment variables are expanded before validation", () => {
    const config = validateConfig(
      {
        servers: {
          gh: {
            url: "${env:GH_URL}",
            headers: { Authorization: "Bearer ${env:GH_TOKEN}" },
          },
        },
      },
      FILE,
      { GH_URL: "https://api.example.com/mcp", GH_TOKEN: "t0k" },
    );
    assert.deepEqual(config.servers["gh"], {
      url: "https://api.example.com/mcp",
      headers: { Authorization: "Bearer t0k" },
    });
  });

  test("separators of letters, digits, '_', '-', '.' up to 4 characters are accepted", () => {
    for (const separator of [DEFAULT_SEPARATOR, "_", ".", "-", "__.-", "x1"]) {
      assert.equal(validateConfig({ servers: {}, separator }, FILE, {}).separator, separator);
    }
  });

  test("several servers with prefix false do not clash at config time", () => {
    const config = validateConfig(
      { servers: { a: { command: "x", prefix: false }, b: { command: "y", prefix: false } } },
      FILE,
      {},
    );
    assert.deepEqual(Object.keys(config.servers), ["a", "b"]);
  });
});

describe("validateConfig: problems name the path and say what is wrong", () => {
  test("the error lists each problem with its path in the message", () => {
    try {
      validateConfig(server({ command: 5 }), FILE, {});
      assert.fail("expected a ConfigError");
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /mcp\.config\.json/);
      assert.match(err.message, /servers\.fs\.command: expected string/);
    }
  });

  test("a command of the wrong type", () => {
    const problem = problemAt(problemsOf(server({ command: 5 })), "servers.fs.command");
    assert.match(problem.message, /string/);
  });

  test("an empty command", () => {
    const problem = problemAt(problemsOf(server({ command: "" })), "servers.fs.command");
    assert.match(problem.message, /empty/);
  });

  test("a non-string in args points at the item", () => {
    const problem = problemAt(
      problemsOf(server({ command: "x", args: ["a", 1] })),
      "servers.fs.args.1",
    );
    assert.match(problem.message, /string/);
  });

  test("a non-string env value points at the variable", () => {
    const problems = problemsOf(server({ command: "x", env: { DEBUG: true } }));
    assert.match(problemAt(problems, "servers.fs.env.DEBUG").message, /string/);
  });

  test("timeouts must be whole positive milliseconds", () => {
    for (const requestTimeout of [0, -5, 1.5, "100"]) {
      const problems = problemsOf(server({ command: "x", requestTimeout }));
      assert.match(problemAt(problems, "servers.fs.requestTimeout").message, /millisecond|ms/);
    }
  });

  test("disabled must be a boolean", () => {
    const problems = problemsOf(server({ command: "x", disabled: "yes" }));
    assert.match(problemAt(problems, "servers.fs.disabled").message, /boolean/);
  });

  test("a bad url", () => {
    const problems = problemsOf(server({ url: "not a url" }));
    assert.match(problemAt(problems, "servers.fs.url").message, /URL/);
  });

  test("a transport other than http or sse", () => {
    const problems = problemsOf(server({ url: "https://a.example", transport: "websocket" }));
    assert.match(problemAt(problems, "servers.fs.transport").message, /"http" or "sse"/);
  });

  test("an unknown key in a server, such as a typo", () => {
    const problems = problemsOf(server({ command: "x", comand: "y" }));
    assert.match(problemAt(problems, "servers.fs.comand").message, /unknown key/);
  });

  test("an unknown top-level key", () => {
    const problems = problemsOf({ servers: {}, mcpServers: {} });
    assert.match(problemAt(problems, "mcpServers").message, /unknown key/);
  });

  test("both command and url", () => {
    const problems = problemsOf(server({ command: "x", url: "https://a.example" }));
    const problem = problemAt(problems, "servers.fs");
    assert.match(problem.message, /exactly one of `command`.*`url`/);
  });

  test("neither command nor url", () => {
    const problem = problemAt(problemsOf(server({ prefix: "p" })), "servers.fs");
    assert.match(problem.message, /exactly one of `command`.*`url`/);
    const empty = problemAt(problemsOf(server({})), "servers.fs");
    assert.match(empty.message, /exactly one of/);
  });

  test("headers or transport on a command server", () => {
    const headers = problemsOf(server({ command: "x", headers: { A: "b" } }));
    assert.match(problemAt(headers, "servers.fs").message, /`headers` and `transport`.*`url`/);
    const transport = problemsOf(server({ command: "x", transport: "sse" }));
    assert.match(problemAt(transport, "servers.fs").message, /only to `url` servers/);
  });

  test("args, env or cwd on a url server", () => {
    for (const extra of [{ args: [] }, { env: {} }, { cwd: "/tmp" }]) {
      const problems = problemsOf(server({ url: "https://a.example", ...extra }));
      assert.match(problemAt(problems, "servers.fs").message, /only to `command` servers/);
    }
  });

  test("bad server names", () => {
    for (const name of ["bad name", "a.b", "fs/1", "é"]) {
      const problems = problemsOf({ servers: { [name]: { command: "x" } } });
      const problem = problemAt(problems, `servers.${name}`);
      assert.match(problem.message, /server names may contain only/);
    }
  });

  test("bad prefixes", () => {
    const chars = problemsOf(server({ command: "x", prefix: "my tools" }));
    assert.match(problemAt(chars, "servers.fs.prefix").message, /letters, digits/);
    const long = problemsOf(server({ command: "x", prefix: "p".repeat(41) }));
    assert.match(problemAt(long, "servers.fs.prefix").message, /at most 40/);
    const wrongType = problemsOf(server({ command: "x", prefix: true }));
    assert.match(problemAt(wrongType, "servers.fs.prefix").message, /or false/);
  });

  test("two servers with the same explicit prefix", () => {
    const problems = problemsOf({
      servers: { a: { command: "x", prefix: "tools" }, b: { command: "y", prefix: "tools" } },
    });
    assert.equal(problems.length, 1);
    const problem = problemAt(problems, "servers.b.prefix");
    assert.match(problem.message, /"tools"/);
    assert.match(problem.message, /"a"/);
  });

  test("a prefix equal to another server's name (its default prefix)", () => {
    const problems = problemsOf({
      servers: { github: { command: "x" }, gh: { command: "y", prefix: "github" } },
    });
    const problem = problemAt(problems, "servers.gh.prefix");
    assert.match(problem.message, /already used by server "github"/);
  });

  test("bad separators", () => {
    for (const separator of ["::", "", "_____", "/", " "]) {
      const problems = problemsOf({ servers: {}, separator });
      assert.match(problemAt(problems, "separator").message, /separator must be 1-4/);
    }
  });

  test("a wrong type for servers", () => {
    const problems = problemsOf({ servers: "fs" });
    assert.match(problemAt(problems, "servers").message, /object of servers/);
  });

  test("out-of-range pageSize and http.port", () => {
    problemAt(problemsOf({ servers: {}, pageSize: -1 }), "pageSize");
    problemAt(problemsOf({ servers: {}, http: { port: 70000 } }), "http.port");
  });

  test("an unset environment variable is reported at the place it is used", () => {
    const problems = problemsOf(
      server({ command: "node", env: { TOKEN: "${env:MCPMUX_TEST_UNSET}" } }),
    );
    const problem = problemAt(problems, "servers.fs.env.TOKEN");
    assert.match(problem.message, /MCPMUX_TEST_UNSET/);
  });

  test("all problems are reported at once, across servers", () => {
    const problems = problemsOf({
      servers: { a: { command: 1 }, b: { url: "nope" }, c: { command: "ok" } },
      separator: "::",
    });
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      "separator",
      "servers.a.command",
      "servers.b.url",
    ]);
  });

  test("a missing servers key says it is missing, not that it is unknown", {}, () => {
    const missing = problemAt(problemsOf({}), "servers");
    assert.doesNotMatch(missing.message, /unknown key/);
    for (const raw of [null, "servers", 42]) {
      const problem = problemAt(problemsOf(raw), "");
      assert.doesNotMatch(problem.message, /unknown key/);
    }
  });

  test("a server that is not an object says so, not that it is an unknown key", {}, () => {
    for (const value of ["npx", null, 42]) {
      const problem = problemAt(problemsOf({ servers: { fs: value } }), "servers.fs");
      assert.doesNotMatch(problem.message, /unknown key/);
    }
  });

  test("arrays are refused where an object is expected", {}, () => {
    problemAt(problemsOf({ servers: [{ command: "x" }] }), "servers");
    problemAt(problemsOf(server({ command: "x", env: ["DEBUG=1"] })), "servers.fs.env");
    problemAt(
      problemsOf(server({ url: "https://a.example", headers: ["A: b"] })),
      "servers.fs.headers",
    );
  });
});
