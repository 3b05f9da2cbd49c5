/** Command-line parsing: commands, options, and errors as values. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCli, type CliArgs } from "../../src/cli/args.ts";

function ok(argv: string[]): CliArgs {
  const parsed = parseCli(argv);
  if (!parsed.ok) assert.fail(`expected ${JSON.stringify(argv)} to parse, got: ${parsed.error}`);
  return parsed.args;
}

function error(argv: string[]): string {
  const parsed = parseCli(argv);
  if (parsed.ok) assert.fail(`expected ${JSON.stringify(argv)} to be an error`);
  assert.ok(parsed.error.length > 0);
  return parsed.error;
}

describe("parseCli: commands", () => {
  test("no arguments: no command, no flags", () => {
    assert.deepEqual(ok([]), {
      command: undefined,
      config: undefined,
      host: undefined,
      port: undefined,
      help: false,
      version: false,
      json: false,
      standalone: false,
      http: false,
      force: false,
      out: undefined,
      target: undefined,
    });
  });

  test("dev PLUGIN --http: the plugin file is the positional", () => {
    const dev = ok(["dev", "plugins/hello.ts", "--http", "--port", "0"]);
    assert.equal(dev.command, "dev");
    assert.equal(dev.target, "plugins/hello.ts");
    assert.equal(dev.http, true);
    assert.equal(dev.port, 0);
  });

  test("stdio --standalone, status --json, import FILE --out X --force", () => {
    assert.equal(ok(["stdio", "--standalone"]).standalone, true);
    assert.equal(ok(["status", "--json"]).json, true);
    const imp = ok(["import", "claude.json", "--out", "x.ts", "--force"]);
    assert.equal(imp.target, "claude.json");
    assert.equal(imp.out, "x.ts");
    assert.equal(imp.force, true);
    assert.match(error(["stdio", "extra"]), /unexpected argument: extra/);
    assert.match(error(["import", "a", "b"]), /unexpected argument: b/);
  });

  test("the first positional is the command", () => {
    assert.equal(ok(["serve"]).command, "serve");
    assert.equal(ok(["stdio"]).command, "stdio");
    assert.equal(ok(["check"]).command, "check");
  });

  test("options may come before or after the command", () => {
    assert.equal(ok(["--config", "a.ts", "serve"]).command, "serve");
    assert.equal(ok(["serve", "--config", "a.ts"]).config, "a.ts");
  });

  test("a second positional is an error naming it", () => {
    assert.match(error(["serve", "extra"]), /extra/);
  });
});

describe("parseCli: options", () => {
  test("--config, -c and --config=FILE give the config file", () => {
    assert.equal(ok(["stdio", "--config", "mcp.config.ts"]).config, "mcp.config.ts");
    assert.equal(ok(["stdio", "-c", "other.json"]).config, "other.json");
    assert.equal(ok(["stdio", "--config=x/y.ts"]).config, "x/y.ts");
    assert.equal(ok(["stdio"]).config, undefined);
  });

  test("--config without a value is an error", () => {
    assert.match(error(["stdio", "--config"]), /config/);
    assert.match(error(["stdio", "-c"]), /config/);
  });

  test("--host gives the host", () => {
    assert.equal(ok(["serve", "--host", "0.0.0.0"]).host, "0.0.0.0");
  });

  test("--port gives a number", () => {
    assert.equal(ok(["serve", "--port", "8080"]).port, 8080);
    assert.equal(ok(["serve", "--port=3000"]).port, 3000);
    assert.equal(ok(["serve", "--port", "0"]).port, 0);
    assert.equal(ok(["serve", "--port", "65535"]).port, 65535);
    assert.equal(ok(["serve"]).port, undefined);
  });

  test("--port outside 0-65535 or not a whole number is an error that quotes the value", () => {
    for (const value of ["65536", "-1", "80.5", "abc", "8080x", "NaN", "Infinity"]) {
      const message = error(["serve", `--port=${value}`]);
      assert.match(message, /--port/);
      assert.ok(message.includes(value), message);
    }
  });

  test("an empty --port is an error, not port 0", {}, () => {
    error(["serve", "--port", ""]);
    error(["serve", "--port", "  "]);
  });

  test("-h/--help and -v/--version", () => {
    assert.equal(ok(["--help"]).help, true);
    assert.equal(ok(["-h"]).help, true);
    assert.equal(ok(["--version"]).version, true);
    assert.equal(ok(["-v"]).version, true);
    assert.equal(ok(["serve"]).help, false);
    assert.equal(ok(["serve"]).version, false);
    const both = ok(["-hv"]);
    assert.equal(both.help, true);
    assert.equal(both.version, true);
  });

  test("unknown flags are errors that name the flag", () => {
    assert.match(error(["serve", "--bogus"]), /--bogus/);
    assert.match(error(["-x"]), /-x/);
    assert.match(error(["serve", "--prot", "80"]), /--prot/);
  });

  test("a flag that takes no value given one is an error", () => {
    assert.match(error(["--help=yes"]), /help/);
  });
});
