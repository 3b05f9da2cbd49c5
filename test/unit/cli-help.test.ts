/**
 * The help texts made from the command table: the overview names every
 * command and what a user without the README needs; each command's help
 * shows its usage and every flag it takes; `help config` names every key
 * the schema knows, so a new key cannot go unmentioned.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COMMANDS, VISIBLE_COMMANDS } from "../../src/cli/command-table.ts";
import { FLAGS } from "../../src/cli/flags.ts";
import { configHelp } from "../../src/cli/help-config.ts";
import { commandHelp, globalHelp } from "../../src/cli/help.ts";
import { usageLine } from "../../src/cli/usage.ts";
import { ConfigSchema, ServerSchema } from "../../src/config/schema.ts";

/** Lines over 80 columns, examples aside (a command line is not wrapped). */
function longLines(text: string): string[] {
  const prose = text.split("\nExamples:\n")[0] ?? "";
  return prose.split("\n").filter((line) => line.length > 80);
}

describe("mcpmux --help", () => {
  const help = globalHelp();

  test("lists every visible command with its summary, and no hidden one", () => {
    const lines = help.split("\n");
    for (const command of VISIBLE_COMMANDS) {
      const line = lines.find((l) => l.startsWith(`  ${command.name} `));
      assert.ok(line?.includes(command.summary.split(" ").slice(0, 3).join(" ")), command.name);
    }
    for (const command of COMMANDS.filter((c) => c.hidden === true))
      assert.ok(!help.includes(command.name), command.name);
  });

  test("says the global options, environment, exit codes and where to read more", () => {
    for (const text of ["--help", "--version", "MCPMUX_CONFIG", "MCPMUX_LOG"])
      assert.ok(help.includes(text), text);
    for (const code of [0, 1, 2, 3]) assert.match(help, new RegExp(`^  ${code}  `, "m"));
    assert.ok(help.includes("mcpmux help COMMAND"));
    assert.ok(help.includes("mcpmux help config"));
    assert.ok(help.includes("mcpmux stdio"), "how a client runs it");
    assert.doesNotMatch(help, /README/, "a user holding only the binary has no README");
    assert.deepEqual(longLines(help), []);
  });
});

describe("mcpmux help COMMAND", () => {
  test("each command's help starts with its usage and lists each of its flags", () => {
    for (const command of VISIBLE_COMMANDS) {
      const help = commandHelp(command);
      assert.ok(help.startsWith(`Usage: ${usageLine(command)}\n`), command.name);
      for (const { key } of command.flags)
        assert.ok(help.includes(`--${FLAGS[key].name}`), `${command.name} --${FLAGS[key].name}`);
      assert.match(help, /--help/);
      assert.match(help, /\nExamples:\n {2}/);
      assert.deepEqual(longLines(help), [], command.name);
    }
  });

  test("usage lines: a required argument bare, an optional one and every flag in brackets", () => {
    const usage = (name: string) =>
      usageLine(COMMANDS.find((c) => c.name === name) ?? assert.fail(name));
    assert.equal(usage("dev"), "mcpmux dev PLUGIN.ts [--http] [--host HOST] [--port PORT]");
    assert.equal(usage("help"), "mcpmux help [COMMAND|config]");
    assert.equal(usage("check"), "mcpmux check [--config FILE]");
    assert.equal(
      usage("import"),
      "mcpmux import FILE [--out FILE] [--force] [--write-permissions FILE]",
    );
  });

  test("daemon's help names the same flags as serve's (the README and help had drifted)", () => {
    const flags = (name: string) => COMMANDS.find((c) => c.name === name)?.flags.map((f) => f.key);
    assert.deepEqual(flags("daemon"), flags("serve"));
  });
});

describe("mcpmux help config", () => {
  const help = configHelp();

  test("names every top-level key and every server key of the schema", () => {
    const serverObject = ServerSchema.pipe[0];
    for (const key of [...Object.keys(ConfigSchema.entries), ...Object.keys(serverObject.entries)])
      assert.match(help, new RegExp(`\\b${key}\\b`), `help config does not mention ${key}`);
  });

  test("says where the config is read from, and fits 80 columns", () => {
    assert.match(help, /--config FILE, else \$MCPMUX_CONFIG, else the first of\s+mcp\.config\.ts/);
    assert.match(help, /defineConfig/);
    assert.deepEqual(
      help.split("\n").filter((line) => line.length > 80),
      [],
    );
  });
});
