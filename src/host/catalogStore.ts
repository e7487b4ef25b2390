import * as vscode from "vscode";
import { BUNDLED_CATALOG_DATE, BUNDLED_MODELS } from "../core/catalogData";
import { CatalogError, fillUnknownImages, findModel, parseOpenRouterModels, toOpenRouterShape, touchRecent, type Catalog, type ModelInfo } from "../core/catalog";
import type { Logger } from "../core/types";
import { Disposable } from "./disposable";

const RECENT_KEY = "falRouter.recentModels";
const CACHE_FILE = "catalog.json";
const FETCH_TIMEOUT_MS = 15_000;

export const BUNDLED: Catalog = { models: BUNDLED_MODELS, source: "bundled", fetchedAt: BUNDLED_CATALOG_DATE };

/**
 * The catalog the switcher shows: the bundled one until a refresh succeeds, then OpenRouter's list,
 * cached (in the same shape, re-validated on every load) in the extension's global storage. Also the recently
 * used models, kept in global state.
 */
export class CatalogStore extends Disposable {
  private catalog: Catalog = BUNDLED;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    super();
  }

  get current(): Catalog {
    return this.catalog;
  }

  get recent(): string[] {
    const v = this.state.get<unknown>(RECENT_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  }

  /** The catalog entry of `id`, falling back to the bundled one (a refreshed list may lack a curated id). */
  info(id: string): ModelInfo | undefined {
    return findModel(this.catalog.models, id) ?? findModel(BUNDLED_MODELS, id);
  }

  async touch(id: string): Promise<void> {
    await this.state.update(RECENT_KEY, touchRecent(this.recent, id));
  }

  private get cacheUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, CACHE_FILE);
  }

  /** Loads the cached list, if there is a valid one. A damaged cache is ignored (and logged), never fatal. */
  async load(): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.cacheUri);
    } catch {
      return; // never refreshed
    }
    try {
      const cached = JSON.parse(Buffer.from(bytes).toString("utf8")) as { fetchedAt?: unknown; body?: unknown };
      this.catalog = fillUnknownImages(parseOpenRouterModels(cached.body, typeof cached.fetchedAt === "string" ? cached.fetchedAt : "unknown"), BUNDLED_MODELS);
      this.changed.fire();
    } catch (e) {
      this.log.warn(`the cached model catalog is damaged and was ignored: ${(e as Error).message}`);
    }
  }

  /** Fetches the public list (no key is sent), validates it, caches it. Throws a user-readable Error. */
  async refresh(url: string): Promise<Catalog> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    let body: unknown;
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
      body = await res.json();
    } catch (e) {
      const why = controller.signal.aborted ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : (e as Error).message;
      throw new Error(`Could not fetch the model list (${why}).`);
    } finally {
      clearTimeout(timer);
    }
    let catalog: Catalog;
    try {
      catalog = fillUnknownImages(parseOpenRouterModels(body), BUNDLED_MODELS);
    } catch (e) {
      throw new Error(`The model list was not usable: ${e instanceof CatalogError ? e.message : String(e)}`);
    }
    await vscode.workspace.fs.createDirectory(this.storage);
    await vscode.workspace.fs.writeFile(this.cacheUri, Buffer.from(JSON.stringify({ fetchedAt: catalog.fetchedAt, body: toOpenRouterShape(catalog.models) })));
    this.catalog = catalog;
    this.log.info(`model catalog refreshed: ${catalog.models.length} models`);
    this.changed.fire();
    return catalog;
  }
}
