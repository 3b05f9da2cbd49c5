/**
 * The aggregated view of every server's tools, prompts, resources and
 * resource templates, with the reverse maps that route a call back to its
 * server. Rebuilt as a whole whenever a server's list changes: it is small,
 * and a fresh immutable snapshot keeps readers consistent.
 */
import type { JsonObject } from "../protocol/jsonrpc.ts";
import { exposedName } from "../protocol/naming.ts";
import { templatePattern } from "../protocol/uri-template.ts";

export interface CatalogSource {
  name: string;
  prefix: string | false;
  tools: JsonObject[];
  prompts: JsonObject[];
  resources: JsonObject[];
  resourceTemplates: JsonObject[];
  offersResources: boolean;
}

export interface Target {
  server: string;
  name: string;
}

export interface Clash {
  kind: "tool" | "prompt";
  name: string;
  kept: string;
  dropped: string;
}

export class Catalog {
  readonly tools: JsonObject[] = [];
  readonly prompts: JsonObject[] = [];
  readonly resources: JsonObject[] = [];
  readonly resourceTemplates: JsonObject[] = [];
  readonly clashes: Clash[] = [];
  private readonly toolIndex = new Map<string, Target>();
  private readonly promptIndex = new Map<string, Target>();
  private readonly uriIndex = new Map<string, string>();
  private readonly templates: Array<{ server: string; pattern: RegExp }> = [];
  private readonly resourceServers: string[] = [];

  constructor(sources: CatalogSource[], separator: string) {
    for (const source of sources) {
      this.addNamed("tool", source, source.tools, this.tools, this.toolIndex, separator);
      this.addNamed("prompt", source, source.prompts, this.prompts, this.promptIndex, separator);
      for (const resource of source.resources) {
        const uri = resource["uri"];
        if (typeof uri !== "string" || this.uriIndex.has(uri)) continue;
        this.uriIndex.set(uri, source.name);
        this.resources.push(resource);
      }
      for (const template of source.resourceTemplates) {
        const uriTemplate = template["uriTemplate"];
        if (typeof uriTemplate !== "string") continue;
        this.templates.push({ server: source.name, pattern: templatePattern(uriTemplate) });
        this.resourceTemplates.push(template);
      }
      if (source.offersResources) this.resourceServers.push(source.name);
    }
  }

  private addNamed(
    kind: "tool" | "prompt",
    source: CatalogSource,
    items: JsonObject[],
    out: JsonObject[],
    index: Map<string, Target>,
    separator: string,
  ): void {
    for (const item of items) {
      const name = item["name"];
      if (typeof name !== "string") continue;
      const exposed = exposedName(source.prefix, separator, name);
      const existing = index.get(exposed);
      if (existing !== undefined) {
        this.clashes.push({ kind, name: exposed, kept: existing.server, dropped: source.name });
        continue;
      }
      index.set(exposed, { server: source.name, name });
      out.push(exposed === name ? item : { ...item, name: exposed });
    }
  }

  resolveTool(exposed: string): Target | undefined {
    return this.toolIndex.get(exposed);
  }

  resolvePrompt(exposed: string): Target | undefined {
    return this.promptIndex.get(exposed);
  }

  /** Exact URI first, then templates, then the only server offering resources. */
  resolveUri(uri: string): string | undefined {
    const exact = this.uriIndex.get(uri);
    if (exact !== undefined) return exact;
    for (const template of this.templates) if (template.pattern.test(uri)) return template.server;
    return this.resourceServers.length === 1 ? this.resourceServers[0] : undefined;
  }
}
