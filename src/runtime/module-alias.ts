/**
 * Makes `import ... from "mcpmux"` (and "valibot", which plugins use for
 * their schemas) inside a user's config or plugin resolve to this running
 * mcpmux and the valibot it uses, wherever the file lives and with no
 * node_modules beside it (also inside the compiled binary). Each runtime has
 * its own hook: Node a module resolve hook, Bun a runtime plugin with virtual
 * modules, Deno the import map in deno.json.
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
  // Spread into plain objects: a virtual module's exports must be an object Bun can copy.
  const modules: Record<string, object> = {
    mcpmux: { ...(await import("../index.ts")) },
    valibot: { ...(await import("valibot")) },
  };
  const bun = (globalThis as unknown as { Bun: { plugin(p: unknown): void } }).Bun;
  bun.plugin({
    name: "mcpmux-modules",
    setup(build: {
      module(name: string, factory: () => { exports: object; loader: "object" }): void;
    }) {
      for (const [name, exports] of Object.entries(modules))
        build.module(name, () => ({ exports, loader: "object" }));
    },
  });
}

/**
 * Node resolves the names two ways: a file that loads as ES module goes
 * through a module resolve hook; one that tsx compiles to CommonJS (no
 * "type": "module" beside it) goes through require, which those hooks do not
 * see on Node 20, so require's resolver is taught the names as well.
 */
async function installNode(): Promise<void> {
  const nodeModule = await import("node:module");
  const { fileURLToPath } = await import("node:url");
  const require = nodeModule.createRequire(import.meta.url);
  const esm: Record<string, string> = {
    mcpmux: new URL("../index.ts", import.meta.url).href,
    valibot: import.meta.resolve("valibot"),
  };
  const cjs: Record<string, string> = {
    mcpmux: fileURLToPath(esm["mcpmux"] ?? ""),
    valibot: require.resolve("valibot"),
  };
  const hook = [
    `const targets = ${JSON.stringify(esm)};`,
    "export async function resolve(specifier, context, next) {",
    "  if (Object.hasOwn(targets, specifier)) return next(targets[specifier], context);",
    "  return next(specifier, context);",
    "}",
  ].join("\n");
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const loader = nodeModule.default as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return Object.hasOwn(cjs, request)
      ? (cjs[request] as string)
      : original.call(this, request, ...rest);
  };
}
