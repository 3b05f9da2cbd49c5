/**
 * Makes `import ... from "mcpmux"` inside a user's config resolve to this
 * running mcpmux, wherever the config lives and with no node_modules beside
 * it (also inside the compiled binary). Each runtime has its own hook:
 * Node a module resolve hook, Bun a runtime plugin with a virtual module,
 * Deno the import map in deno.json.
 */
import { runtimeName } from "./detect.ts";

let provided: Promise<void> | undefined;

export function provideMcpmuxModule(): Promise<void> {
  provided ??= install();
  return provided;
}

async function install(): Promise<void> {
  const runtime = runtimeName();
  if (runtime === "bun") return installBun();
  if (runtime === "node") return installNode();
}

async function installBun(): Promise<void> {
  const api = await import("../index.ts");
  const exports = { ...api };
  const bun = (globalThis as unknown as { Bun: { plugin(p: unknown): void } }).Bun;
  bun.plugin({
    name: "mcpmux-module",
    setup(build: {
      module(name: string, factory: () => { exports: object; loader: "object" }): void;
    }) {
      build.module("mcpmux", () => ({ exports, loader: "object" }));
    },
  });
}

/**
 * Node resolves "mcpmux" two ways: a config that loads as ES module goes
 * through a module resolve hook; one that tsx compiles to CommonJS (no
 * "type": "module" beside it) goes through require, which those hooks do not
 * see on Node 20, so require's resolver is taught the name as well.
 */
async function installNode(): Promise<void> {
  const nodeModule = await import("node:module");
  const targetUrl = new URL("../index.ts", import.meta.url);
  const hook = [
    "export async function resolve(specifier, context, next) {",
    `  if (specifier === "mcpmux") return next(${JSON.stringify(targetUrl.href)}, context);`,
    "  return next(specifier, context);",
    "}",
  ].join("\n");
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const cjs = nodeModule.default as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const targetPath = (await import("node:url")).fileURLToPath(targetUrl);
  const original = cjs._resolveFilename;
  cjs._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === "mcpmux" ? targetPath : original.call(this, request, ...rest);
  };
}
