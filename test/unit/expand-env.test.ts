/** `${NAME}`, `${NAME:-default}` (Claude Code's forms) and `${env:NAME}`, `${env:NAME:-default}` in config strings. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { expandEnv } from "../../src/config/expand-env.ts";
import type { ConfigProblem } from "../../src/validation/problems.ts";

function findings(): { problems: ConfigProblem[]; warnings: ConfigProblem[] } {
  return { problems: [], warnings: [] };
}

function expand(value: unknown, env: Record<string, string | undefined>) {
  const found = findings();
  const out = expandEnv(value, env, found);
  return { out, ...found };
}

describe("expandEnv", () => {
  test("replaces ${env:NAME} with the variable's value", () => {
    const { out, problems } = expand("${env:TOKEN}", { TOKEN: "s3cret" });
    assert.equal(out, "s3cret");
    assert.deepEqual(problems, []);
  });

  test("replaces variables inside longer strings, several per string", () => {
    const { out } = expand("Bearer ${env:TOKEN} for ${env:USER_NAME}@${env:HOST}", {
      TOKEN: "abc",
      USER_NAME: "me",
      HOST: "example.com",
    });
    assert.equal(out, "Bearer abc for me@example.com");
  });

  test("uses the default when the variable is unset", () => {
    assert.equal(expand("${env:PORT:-8080}", {}).out, "8080");
    assert.equal(
      expand("http://${env:HOST:-localhost}:3000/mcp", {}).out,
      "http://localhost:3000/mcp",
    );
    assert.deepEqual(expand("${env:PORT:-8080}", {}).problems, []);
  });

  test("an empty default is allowed and gives an empty string", () => {
    const { out, problems } = expand("x${env:SUFFIX:-}y", {});
    assert.equal(out, "xy");
    assert.deepEqual(problems, []);
  });

  test("a set variable wins over the default", () => {
    assert.equal(expand("${env:PORT:-8080}", { PORT: "9000" }).out, "9000");
  });

  test("a default may contain characters other than }", () => {
    assert.equal(expand("${env:URL:-https://a.example/x?y=1}", {}).out, "https://a.example/x?y=1");
  });

  test(
    "${env:NAME:-default} uses the default when the variable is set but empty, like the shell",
    {},
    () => {
      assert.equal(expand("${env:PORT:-8080}", { PORT: "" }).out, "8080");
    },
  );

  test("an unset variable without default is a problem naming the variable and its path", () => {
    const { problems, ...found } = findings();
    expandEnv(
      { servers: { fs: { env: { TOKEN: "${env:GH_TOKEN}" } } } },
      {},
      { problems, ...found },
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, "servers.fs.env.TOKEN");
    assert.match(problems[0]?.message ?? "", /GH_TOKEN/);
    assert.match(problems[0]?.message ?? "", /not set/);
  });

  test("array items are reported with their index in the path", () => {
    const { problems, ...found } = findings();
    expandEnv(
      { servers: { fs: { args: ["--root", "${env:ROOT_DIR}"] } } },
      {},
      { problems, ...found },
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ["servers.fs.args.1"],
    );
  });

  test("every unset variable is reported, not just the first", () => {
    const { problems, ...found } = findings();
    expandEnv(
      { a: "${env:ONE}", b: ["${env:TWO} and ${env:THREE}"], c: "${env:SET}" },
      { SET: "yes" },
      { problems, ...found },
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ["a", "b.0", "b.0"],
    );
    assert.match(problems[1]?.message ?? "", /TWO/);
    assert.match(problems[2]?.message ?? "", /THREE/);
  });

  test("the given path is the starting point for reported paths", () => {
    const { problems, ...found } = findings();
    expandEnv("${env:NOPE}", {}, { problems, ...found }, ["servers", "web", "url"]);
    assert.equal(problems[0]?.path, "servers.web.url");
  });

  test("expands nested objects and arrays, and keeps other values and keys as they are", () => {
    const input = {
      servers: {
        fs: {
          command: "${env:BIN}",
          args: ["--dir", "${env:DIR}", 3],
          disabled: false,
          requestTimeout: 1000,
          cwd: null,
          env: { "${env:BIN}": "literal key" },
        },
      },
    };
    const { out, problems } = expand(input, { BIN: "/usr/bin/node", DIR: "/data" });
    assert.deepEqual(problems, []);
    assert.deepEqual(out, {
      servers: {
        fs: {
          command: "/usr/bin/node",
          args: ["--dir", "/data", 3],
          disabled: false,
          requestTimeout: 1000,
          cwd: null,
          env: { "${env:BIN}": "literal key" },
        },
      },
    });
  });

  test("does not modify its input", () => {
    const input = { a: "${env:X}", list: ["${env:X}"] };
    expand(input, { X: "1" });
    assert.deepEqual(input, { a: "${env:X}", list: ["${env:X}"] });
  });

  test("values are inserted verbatim: $-patterns in a secret are not interpreted", () => {
    const secret = "pa$&ss$1$$w`$'";
    assert.equal(expand("${env:PASSWORD}", { PASSWORD: secret }).out, secret);
    assert.equal(expand("u:${env:PASSWORD}", { PASSWORD: secret }).out, `u:${secret}`);
  });

  test("a value is not expanded again (no expansion through a variable's contents)", () => {
    const { out, problems } = expand("${env:A}", { A: "${env:B}", B: "leak" });
    assert.equal(out, "${env:B}");
    assert.deepEqual(problems, []);
  });

  test("text that is not a variable reference is left alone", () => {
    for (const text of [
      "$HOME",
      "${env:}",
      "${}",
      "${env:1BAD}",
      "${1BAD}",
      "${ env:X }",
      "${ X }",
      "${env:X",
      "${X",
      "${X:default}",
      "${X-default}",
      "${A.B}",
    ]) {
      const { out, problems } = expand(text, { HOME: "/h", X: "x" });
      assert.equal(out, text);
      assert.deepEqual(problems, []);
    }
  });
});

describe("expandEnv: Claude Code's ${NAME} forms", () => {
  test("${NAME} is the variable's value, as ${env:NAME} is", () => {
    const { out, problems } = expand("Bearer ${GITHUB_PAT}", { GITHUB_PAT: "ghp_1" });
    assert.equal(out, "Bearer ghp_1");
    assert.deepEqual(problems, []);
    assert.equal(expand("${HOME}/x", { HOME: "/h" }).out, "/h/x");
  });

  test("${NAME:-default} uses the default when unset or empty, and the value when set", () => {
    assert.equal(expand("${PORT:-8080}", {}).out, "8080");
    assert.equal(expand("${PORT:-8080}", { PORT: "" }).out, "8080");
    assert.equal(expand("${PORT:-8080}", { PORT: "9000" }).out, "9000");
    assert.equal(expand("${URL:-https://a.example/x?y=1}", {}).out, "https://a.example/x?y=1");
    assert.equal(expand("x${SUFFIX:-}y", {}).out, "xy");
    assert.deepEqual(expand("${PORT:-8080}", {}).problems, []);
  });

  test("both spellings mix in one string and mean the same", () => {
    const env = { A: "1", B: "2" };
    assert.equal(expand("${A}-${env:B}-${C:-3}-${env:D:-4}", env).out, "1-2-3-4");
  });

  test("an unset ${NAME} without default stays as written, as in Claude Code, with a warning naming the path", () => {
    const { out, problems, warnings } = expand(
      { servers: { gh: { url: "https://x/${REGION}/mcp" } } },
      {},
    );
    assert.deepEqual(out, { servers: { gh: { url: "https://x/${REGION}/mcp" } } });
    assert.deepEqual(problems, []);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.path, "servers.gh.url");
    assert.match(
      warnings[0]?.message ?? "",
      /REGION is not set, so \$\{REGION\} is passed on as written/,
    );
  });

  test("an unset ${NAME} sent on as a value (env, headers, a token) is a problem, not text", () => {
    const { problems } = expand(
      {
        servers: {
          gh: { headers: { Authorization: "Bearer ${GITHUB_PAT}" }, env: { KEY: "${API_KEY}" } },
        },
        http: { auth: { token: "${MCPMUX_TOKEN}" } },
      },
      {},
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ["servers.gh.headers.Authorization", "servers.gh.env.KEY", "http.auth.token"],
    );
    assert.match(problems[0]?.message ?? "", /GITHUB_PAT is not set/);
  });

  test("a shell snippet's own ${f} in a server's args keeps working", () => {
    const script = "for f in *; do echo ${f}; done";
    const { out, problems } = expand({ args: ["-c", script] }, {});
    assert.deepEqual(out, { args: ["-c", script] });
    assert.deepEqual(problems, []);
  });

  test("a variable named env is an ordinary name", () => {
    assert.equal(expand("${env}", { env: "e" }).out, "e");
    assert.equal(expand("${env:-fallback}", {}).out, "fallback");
  });

  test("a value is inserted verbatim and not expanded again", () => {
    const { out, problems } = expand("${A}", { A: "${B} $& $1", B: "leak" });
    assert.equal(out, "${B} $& $1");
    assert.deepEqual(problems, []);
  });

  test("$${ is a literal ${ whatever follows it", () => {
    assert.equal(expand("echo $${#arr[@]} $${1}", {}).out, "echo ${#arr[@]} ${1}");
  });

  test("$${...} is the literal text ${...}, for a shell snippet that expands it itself", () => {
    const { out, problems } = expand("sh -c 'echo $${HOME} $${env:X:-y}' ${HOME}", { HOME: "/h" });
    assert.equal(out, "sh -c 'echo ${HOME} ${env:X:-y}' /h");
    assert.deepEqual(problems, []);
  });

  test("keys are never expanded", () => {
    assert.deepEqual(expand({ "${A}": "${A}" }, { A: "a" }).out, { "${A}": "a" });
  });
});
