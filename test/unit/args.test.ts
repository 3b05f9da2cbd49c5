/** Command-line parsing from the command table: commands, their flags, and errors as values. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCli, type CliArgs } from "../../src/cli/args.ts";
import { COMMANDS, VISIBLE_COMMANDS } from "../../src/cli/command-table.ts";
import { FLAGS, GLOBAL_FLAGS, type FlagKey } from "../../src/cli/flags.ts";

function ok(argv: string[]): CliArgs {
  const parsed = parseCli(argv);
  if (!parsed.ok) assert.fail(`expected ${JSON.stringify(argv)} to parse, got: ${parsed.error}`);
  return parsed.args;
}

function error(argv: string[]): { error: string; hint: string } {
  const parsed = parseCli(argv);
  if (parsed.ok) assert.fail(`expected ${JSON.stringify(argv)} to be an error`);
  assert.ok(parsed.error.length > 0);
  return parsed;
}

const message = (argv: string[]): string => error(argv).error;

/** A command line giving `key` to `command` (with its required positional). */
function withFlag(command: string, key: FlagKey): string[] {
  const spec = COMMANDS.find((c) => c.name === command);
  const positional = spec?.positional?.required === true ? ["x"] : [];
  const flag = FLAGS[key] as { name: string; type: string };
  return [command, ...positional, `--${flag.name}`, ...(flag.type === "string" ? ["7"] : [])];
}

describe("parseCli: commands", () => {
  test("no arguments: no command, no flags", () => {
    assert.deepEqual(ok([]), {
      command: undefined,
      target: undefined,
      config: undefined,
      host: undefined,
      port: undefined,
      standalone: false,
      http: false,
      json: false,
      metrics: false,
      tools: false,
      once: false,
      out: undefined,
      force: false,
      writePermissions: undefined,
      help: false,
      version: false,
    });
  });

  test("dev PLUGIN --http: the plugin file is the positional", () => {
    const dev = ok(["dev", "plugins/hello.ts", "--http", "--port", "0"]);
    assert.equal(dev.command, "dev");
    assert.equal(dev.target, "plugins/hello.ts");
    assert.equal(dev.http, true);
    assert.equal(dev.port, 0);
  });

  test("stdio --standalone, status --json, import FILE --out X --force --write-permissions S", () => {
    assert.equal(ok(["stdio", "--standalone"]).standalone, true);
    assert.equal(ok(["status", "--json"]).json, true);
    const imp = ok([
      "import",
      "claude.json",
      "--out",
      "x.ts",
      "--force",
      "--write-permissions",
      ".claude/settings.json",
    ]);
    assert.equal(imp.target, "claude.json");
    assert.equal(imp.out, "x.ts");
    assert.equal(imp.force, true);
    assert.equal(imp.writePermissions, ".claude/settings.json");
  });

  test("every command of the table parses, hidden ones too", () => {
    for (const command of COMMANDS) {
      const argv = command.positional?.required === true ? [command.name, "x"] : [command.name];
      assert.equal(ok(argv).command, command.name);
    }
    assert.equal(ok(["__plugin-host", "p.ts"]).target, "p.ts");
    assert.equal(ok(["__config-json", "--config", "c.ts"]).config, "c.ts");
  });

  test("options may come before or after the command", () => {
    assert.equal(ok(["--config", "a.ts", "serve"]).command, "serve");
    assert.equal(ok(["serve", "--config", "a.ts"]).config, "a.ts");
  });

  test("an argument a command does not take is an error naming it", () => {
    assert.match(
      message(["serve", "extra"]),
      /unexpected argument: extra \(serve takes no argument\)/,
    );
    assert.match(message(["stdio", "extra"]), /unexpected argument: extra/);
    assert.match(message(["import", "a", "b"]), /unexpected argument: b \(import takes one FILE\)/);
  });

  test("a missing required argument is an error quoting the usage", () => {
    assert.match(message(["dev"]), /dev needs PLUGIN\.ts: mcpmux dev PLUGIN\.ts \[--http\]/);
    assert.match(message(["import", "--force"]), /import needs FILE/);
    assert.equal(error(["dev"]).hint, "mcpmux help dev");
  });

  test("an unknown command is an error with a guess, and the hint is the command list", () => {
    const stauts = error(["stauts"]);
    assert.equal(stauts.error, 'unknown command "stauts" (did you mean "status"?)');
    assert.equal(stauts.hint, "mcpmux help");
    assert.equal(message(["frobnicate"]), 'unknown command "frobnicate"');
    // Hidden commands are never offered.
    assert.doesNotMatch(message(["__plugin-hots"]), /did you mean/);
    // The command is judged before its flags.
    assert.match(message(["stauts", "--bogus"]), /unknown command "stauts"/);
  });

  test("an unknown option before the command is named, not its value taken for the command", () => {
    assert.equal(message(["--cfg", "x.ts", "status"]), "unknown option --cfg");
    assert.equal(
      message(["--confg", "x.ts", "status"]),
      'unknown option --confg (did you mean "--config"?)',
    );
  });

  test("help TOPIC: the topic is the positional", () => {
    assert.equal(ok(["help"]).command, "help");
    assert.equal(ok(["help", "serve"]).target, "serve");
    assert.equal(ok(["help", "config"]).target, "config");
    assert.match(message(["help", "a", "b"]), /unexpected argument: b/);
  });
});

describe("parseCli: flags per command", () => {
  test("each command takes each of its flags, and the value lands in its field", () => {
    for (const command of COMMANDS) {
      for (const { key } of command.flags) {
        const args = ok(withFlag(command.name, key)) as unknown as Record<string, unknown>;
        const expected = key === "port" ? 7 : FLAGS[key].type === "string" ? "7" : true;
        assert.equal(args[key], expected, `${command.name} --${FLAGS[key].name}`);
      }
    }
  });

  test("every command refuses the flags it does not take, naming itself and what it takes", () => {
    for (const command of VISIBLE_COMMANDS) {
      const own = new Set<FlagKey>([...command.flags.map((f) => f.key), ...GLOBAL_FLAGS]);
      for (const key of Object.keys(FLAGS) as FlagKey[]) {
        if (own.has(key)) continue;
        const { error: text, hint } = error(withFlag(command.name, key));
        assert.match(text, new RegExp(`^${command.name} does not take --${FLAGS[key].name}`));
        for (const taken of own) assert.ok(text.includes(`--${FLAGS[taken].name}`), text);
        assert.equal(hint, `mcpmux help ${command.name}`);
      }
    }
  });

  test("check does not take --json or --port (the issue's example), and says who does", () => {
    assert.equal(
      message(["check", "--json", "--standalone", "--port", "3"]),
      "check does not take --json (status takes it); it takes --config FILE, --help, --version",
    );
    assert.match(message(["check", "--port", "3"]), /\(daemon, serve and dev take it\)/);
  });

  test("a command's flag without a command says it goes with one", () => {
    assert.match(message(["--json"]), /--json goes with a command \(status takes it\)/);
  });

  test("unknown flags are errors naming the flag, with a guess among the command's flags", () => {
    assert.match(
      message(["serve", "--bogus"]),
      /unknown option --bogus; serve takes --config FILE/,
    );
    assert.match(message(["-x"]), /unknown option -x/);
    assert.match(
      message(["serve", "--prot", "80"]),
      /unknown option --prot \(did you mean "--port"\?\)/,
    );
    assert.match(message(["status", "--jsn"]), /\(did you mean "--json"\?\)/);
  });

  test("--help wins over a wrong flag or a missing argument, not over an unknown command", () => {
    assert.equal(ok(["check", "--port", "3", "--help"]).help, true);
    assert.equal(ok(["dev", "--help"]).command, "dev");
    assert.equal(ok(["stop", "-h"]).help, true);
    assert.equal(ok(["-h", "stop"]).command, "stop");
    assert.match(message(["stauts", "--help"]), /unknown command/);
  });
});

describe("parseCli: values", () => {
  test("--config, -c, -cFILE and --config=FILE give the config file", () => {
    assert.equal(ok(["stdio", "--config", "mcp.config.ts"]).config, "mcp.config.ts");
    assert.equal(ok(["stdio", "-c", "other.json"]).config, "other.json");
    assert.equal(ok(["stdio", "-cother.json"]).config, "other.json");
    assert.equal(ok(["stdio", "--config=x/y.ts"]).config, "x/y.ts");
    assert.equal(ok(["stdio", "--config=-odd.ts"]).config, "-odd.ts");
    assert.equal(ok(["stdio"]).config, undefined);
  });

  test("a string flag without its value is an error, also when a flag follows", () => {
    assert.match(message(["stdio", "--config"]), /--config needs a value: --config FILE/);
    assert.match(message(["stdio", "-c"]), /-c needs a value/);
    assert.match(message(["status", "--config", "--json"]), /--config needs a value/);
  });

  test("the last of a repeated flag wins", () => {
    assert.equal(ok(["stdio", "-c", "a.ts", "--config", "b.ts"]).config, "b.ts");
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
      const text = message(["serve", `--port=${value}`]);
      assert.match(text, /--port/);
      assert.ok(text.includes(value), text);
    }
  });

  test("an empty --port is an error, not port 0", () => {
    error(["serve", "--port", ""]);
    error(["serve", "--port", "  "]);
  });

  test("-h/--help and -v/--version, with or without a command", () => {
    assert.equal(ok(["--help"]).help, true);
    assert.equal(ok(["-h"]).help, true);
    assert.equal(ok(["--version"]).version, true);
    assert.equal(ok(["-v"]).version, true);
    assert.equal(ok(["serve", "--version"]).version, true);
    assert.equal(ok(["serve"]).help, false);
    assert.equal(ok(["serve"]).version, false);
    const both = ok(["-hv"]);
    assert.equal(both.help, true);
    assert.equal(both.version, true);
  });

  test("a flag that takes no value given one is an error", () => {
    assert.match(message(["--help=yes"]), /--help takes no value/);
    assert.match(message(["status", "--json=1"]), /--json takes no value/);
  });

  test("after --, words are arguments even if they look like flags", () => {
    assert.equal(ok(["import", "--", "-odd.json"]).target, "-odd.json");
  });
});

describe("the command table", () => {
  test("names, flags and short flags are unique", () => {
    const names = COMMANDS.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    const spellings = Object.values(FLAGS).map((f) => f.name);
    assert.equal(new Set(spellings).size, spellings.length);
    const shorts = Object.values(FLAGS).flatMap((f) => ("short" in f ? [f.short] : []));
    assert.equal(new Set(shorts).size, shorts.length);
    for (const command of COMMANDS) {
      const keys = command.flags.map((f) => f.key);
      assert.equal(new Set(keys).size, keys.length, command.name);
      for (const key of GLOBAL_FLAGS) assert.ok(!keys.includes(key), `${command.name}: ${key}`);
    }
  });

  test("every flag is taken by some command, and string flags have a placeholder", () => {
    for (const [key, flag] of Object.entries(FLAGS) as Array<[FlagKey, (typeof FLAGS)[FlagKey]]>) {
      const used =
        GLOBAL_FLAGS.includes(key) || COMMANDS.some((c) => c.flags.some((f) => f.key === key));
      assert.ok(used, `--${flag.name} is taken by no command`);
      assert.equal(flag.type === "string", "value" in flag, `--${flag.name}`);
    }
  });

  test("the hidden commands are the internal ones", () => {
    assert.deepEqual(
      COMMANDS.filter((c) => c.hidden === true).map((c) => c.name),
      ["__plugin-host", "__config-json"],
    );
  });

  test("every visible command has examples that run it, and each example parses", () => {
    for (const command of VISIBLE_COMMANDS) {
      assert.ok(command.examples.length > 0, command.name);
      for (const example of command.examples) {
        const words = example.split(" ");
        if (words[0] !== "mcpmux") continue; // e.g. `claude mcp add mcpmux -- mcpmux stdio ...`
        assert.equal(words[1], command.name, example);
        // Quoted words with spaces stand for one word: only plain examples are parsed.
        if (!example.includes('"')) assert.ok(parseCli(words.slice(1)).ok, example);
      }
    }
  });
});
