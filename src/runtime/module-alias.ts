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

async function installNode(): Promise<void> {
  const { register } = await import("node:module");
  const target = new URL("../index.ts", import.meta.url).href;
  const hook = [
    "export async function resolve(specifier, context, next) {",
    `  if (specifier === "mcpmux") return next(${JSON.stringify(target)}, context);`,
    "  return next(specifier, context);",
    "}",
  ].join("\n");
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
