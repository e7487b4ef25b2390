import * as vscode from "vscode";
import { describePrices, formatContext, orderForPicker, type ModelInfo } from "../core/catalog";
import { isModelId, MODEL_TARGETS, type ModelTarget } from "../core/settings";
import type { Logger } from "../core/types";
import type { CatalogStore } from "./catalogStore";
import { Disposable } from "./disposable";
import { reached } from "./milestones";
import { currentSettings, SECTION } from "./settings";

type Choice =
  | { kind: "model"; id: string }
  | { kind: "default" }
  | { kind: "other"; typed: string }
  | { kind: "refresh" }
  | { kind: "perAction" }
  | { kind: "reasoning" }
  | { kind: "temperature" }
  | { kind: "maxTokens" };

interface Item extends vscode.QuickPickItem {
  choice?: Choice;
}

const TARGET_LABELS: Record<ModelTarget, () => string> = {
  explain: () => vscode.l10n.t("Explain Selection"),
  rewrite: () => vscode.l10n.t("Rewrite Selection"),
  custom: () => vscode.l10n.t("Ask About Selection…"),
  chat: () => vscode.l10n.t("Chat"),
};

function modelItem(m: ModelInfo, current: string): Item {
  return {
    label: `${m.id === current ? "$(check) " : ""}${m.name}`,
    description: m.id,
    detail: `${formatContext(m.contextLength)} · ${describePrices(m)}${m.reasoning ? ` · ${vscode.l10n.t("$(lightbulb) reasoning")}` : ""}${m.images ? ` · ${vscode.l10n.t("$(file-media) images")}` : ""}`,
    choice: { kind: "model", id: m.id },
  };
}

/**
 * The model switcher: one Quick Pick with recent models, the catalog, "another id", refresh and
 * the request settings a user reaches for (reasoning, temperature, max tokens). Per-action models
 * are chosen through the same picker at user or workspace scope.
 */
export class ModelSwitcher extends Disposable {
  private readonly shown = this.register(new vscode.EventEmitter<vscode.QuickPick<vscode.QuickPickItem>>());
  /** Fires with each Quick Pick the switcher opens (tests drive it like a user would). */
  readonly onDidShow = this.shown.event;

  constructor(
    private readonly catalog: CatalogStore,
    private readonly log: Logger,
    private readonly refreshCatalog: () => Thenable<unknown>,
  ) {
    super();
  }

  /** The status-bar click: pick the default model, or reach the other request settings. */
  async switchModel(): Promise<void> {
    const settings = currentSettings();
    const choice = await this.pick(vscode.l10n.t("fal Router: Switch Model"), settings.model, false, [
      { label: vscode.l10n.t("$(list-tree) Choose model per action…"), description: vscode.l10n.t("Explain, Rewrite, Ask, Chat"), choice: { kind: "perAction" } },
      { label: settings.reasoning ? vscode.l10n.t("$(lightbulb) Reasoning: On") : vscode.l10n.t("$(lightbulb) Reasoning: Off"), description: vscode.l10n.t("ask the model to return its reasoning"), choice: { kind: "reasoning" } },
      { label: vscode.l10n.t("$(flame) Temperature: {0}", settings.temperature), description: "0–2", choice: { kind: "temperature" } },
      { label: settings.maxTokens ? vscode.l10n.t("$(symbol-number) Max tokens: {0}", settings.maxTokens) : vscode.l10n.t("$(symbol-number) Max tokens: model default"), description: "max_tokens", choice: { kind: "maxTokens" } },
    ]);
    if (!choice) return;
    switch (choice.kind) {
      case "model":
        return this.setModel("model", choice.id);
      case "other": {
        const id = await this.askForId(choice.typed);
        return id ? this.setModel("model", id) : undefined;
      }
      case "refresh":
        await this.refreshCatalog();
        return this.switchModel();
      case "perAction":
        return this.chooseActionModel();
      case "reasoning":
        return this.update("reasoning", !settings.reasoning);
      case "temperature": {
        const v = await vscode.window.showInputBox({
          title: vscode.l10n.t("fal Router: Temperature"),
          value: String(settings.temperature),
          prompt: vscode.l10n.t("0 to 2; 0 is as deterministic as the model allows."),
          validateInput: (s) => (/^\d+(\.\d+)?$/.test(s.trim()) && Number(s) <= 2 ? undefined : vscode.l10n.t("Enter a number from 0 to 2.")),
        });
        return v === undefined ? undefined : this.update("temperature", Number(v));
      }
      case "maxTokens": {
        const v = await vscode.window.showInputBox({
          title: vscode.l10n.t("fal Router: Max Tokens"),
          value: settings.maxTokens ? String(settings.maxTokens) : "",
          prompt: vscode.l10n.t("Upper limit on generated tokens (max_tokens). Leave empty to let the model decide."),
          validateInput: (s) => (s.trim() === "" || (/^\d+$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 1_000_000) ? undefined : vscode.l10n.t("Enter a whole number from 1 to 1,000,000, or nothing.")),
        });
        return v === undefined ? undefined : this.update("maxTokens", v.trim() === "" ? undefined : Number(v));
      }
      case "default":
        return;
    }
  }

  /** Picks an action (unless given), a scope (when a workspace is open) and a model for that action. */
  async chooseActionModel(given?: ModelTarget): Promise<void> {
    const settings = currentSettings();
    const config = vscode.workspace.getConfiguration(SECTION);
    const items = MODEL_TARGETS.map((t) => {
      const inspected = config.inspect<string>(`models.${t}`);
      const scope = inspected?.workspaceFolderValue || inspected?.workspaceValue ? vscode.l10n.t("workspace") : inspected?.globalValue ? vscode.l10n.t("user") : undefined;
      return { label: TARGET_LABELS[t](), description: scope ? `${settings.modelFor[t]} (${scope})` : vscode.l10n.t("default: {0}", settings.model), target: t };
    });
    const picked = given ? items.find((i) => i.target === given) : await vscode.window.showQuickPick(items, { title: vscode.l10n.t("fal Router: Choose Model per Action"), placeHolder: vscode.l10n.t("Which action?") });
    if (!picked) return;
    let target = vscode.ConfigurationTarget.Global;
    if (vscode.workspace.workspaceFolders?.length) {
      const scope = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t("$(account) User"), description: vscode.l10n.t("for you, in every workspace"), target: vscode.ConfigurationTarget.Global },
          { label: vscode.l10n.t("$(folder) Workspace"), description: vscode.l10n.t("shared with the team in .vscode/settings.json"), target: vscode.ConfigurationTarget.Workspace },
        ],
        { title: vscode.l10n.t("fal Router: Model for {0}", picked.label), placeHolder: vscode.l10n.t("Where should this choice be saved?") },
      );
      if (!scope) return;
      target = scope.target;
    }
    const choice = await this.pick(vscode.l10n.t("fal Router: Model for {0}", picked.label), settings.modelFor[picked.target], true);
    if (!choice) return;
    if (choice.kind === "default") return this.update(`models.${picked.target}`, undefined, target);
    if (choice.kind === "refresh") {
      await this.refreshCatalog();
      return;
    }
    const id = choice.kind === "model" ? choice.id : choice.kind === "other" ? await this.askForId(choice.typed) : undefined;
    if (id) return this.setModel(`models.${picked.target}`, id, target);
  }

  /** A model for one request (Retry with Another Model): nothing is saved, but it counts as recently used. */
  async pickForOnce(title: string, current: string): Promise<string | undefined> {
    for (;;) {
      const choice = await this.pick(title, current, false);
      if (choice?.kind === "refresh") {
        await this.refreshCatalog();
        continue;
      }
      const id = choice?.kind === "model" ? choice.id : choice?.kind === "other" ? await this.askForId(choice.typed) : undefined;
      if (id) await this.catalog.touch(id);
      return id;
    }
  }

  /**
   * Several models for one comparison: a multi-select of the recent models (first) and the catalog,
   * with their prices; `preselected` are ticked. Accepting needs `min` to `max` of them.
   */
  async pickSeveral(title: string, preselected: readonly string[], min: number, max: number): Promise<string[] | undefined> {
    const { recent, others } = orderForPicker(this.catalog.current.models, this.catalog.recent);
    type ModelItem = Item & { id?: string };
    const item = (m: ModelInfo): ModelItem => ({ ...modelItem(m, ""), id: m.id });
    const items: ModelItem[] = [];
    if (recent.length) items.push({ label: vscode.l10n.t("Recently used"), kind: vscode.QuickPickItemKind.Separator }, ...recent.map(item));
    items.push({ label: vscode.l10n.t("Catalog"), kind: vscode.QuickPickItemKind.Separator }, ...others.map(item));
    const qp = vscode.window.createQuickPick<ModelItem>();
    qp.title = title;
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = items;
    qp.selectedItems = items.filter((i) => i.id && preselected.includes(i.id));
    const say = () => (qp.placeholder = vscode.l10n.t("Tick {0} to {1} models to compare ({2} ticked); search by vendor, name or id", min, max, qp.selectedItems.length));
    say();
    qp.onDidChangeSelection(say);
    return this.run(qp, () => {
      const ids = qp.selectedItems.flatMap((i) => (i.id ? [i.id] : []));
      if (ids.length >= min && ids.length <= max) return ids;
      say();
      return undefined;
    });
  }

  /** Shows `qp` until it is hidden; each accept asks `accepted`, and a value it returns closes the pick with it. */
  private run<T extends vscode.QuickPickItem, R>(qp: vscode.QuickPick<T>, accepted: () => R | undefined): Promise<R | undefined> {
    return new Promise((resolve) => {
      let result: R | undefined;
      qp.onDidAccept(() => {
        result = accepted();
        if (result !== undefined) qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(result);
      });
      qp.show();
      this.shown.fire(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    });
  }

  private async askForId(typed: string): Promise<string | undefined> {
    const id = await vscode.window.showInputBox({
      title: vscode.l10n.t("fal Router: Use Another Model Id"),
      value: isModelId(typed.trim()) ? typed.trim() : "",
      placeHolder: vscode.l10n.t("vendor/model, e.g. mistralai/mistral-small-3.2-24b-instruct"),
      prompt: vscode.l10n.t("Any OpenRouter model id. fal bills it at that model's price."),
      validateInput: (s) => (isModelId(s.trim()) ? undefined : vscode.l10n.t("An OpenRouter model id looks like vendor/model, e.g. google/gemini-2.5-flash.")),
    });
    return id?.trim() || undefined;
  }

  private async setModel(key: string, id: string, target?: vscode.ConfigurationTarget): Promise<void> {
    await this.update(key, id, target);
    await this.catalog.touch(id);
    this.log.info(`${key} set to ${id}`);
    reached("modelPicked");
  }

  /** Writes where the value is currently defined (workspace beats user), unless told where. */
  private async update(key: string, value: unknown, target?: vscode.ConfigurationTarget): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    if (target === undefined) {
      const inspected = config.inspect(key);
      target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    }
    await config.update(key, value, target);
  }

  private pick(title: string, current: string, allowDefault: boolean, extras: Item[] = []): Promise<Choice | undefined> {
    const { recent, others } = orderForPicker(this.catalog.current.models, this.catalog.recent);
    const cat = this.catalog.current;
    const items: Item[] = [];
    if (allowDefault) items.push({ label: vscode.l10n.t("$(discard) Use the default model"), description: currentSettings().model, choice: { kind: "default" } });
    if (recent.length) items.push({ label: vscode.l10n.t("Recently used"), kind: vscode.QuickPickItemKind.Separator }, ...recent.map((m) => modelItem(m, current)));
    items.push(
      { label: cat.source === "bundled" ? vscode.l10n.t("Catalog (bundled {0}; Refresh catalog for current prices)", cat.fetchedAt) : vscode.l10n.t("Catalog (OpenRouter, {0})", cat.fetchedAt.slice(0, 10)), kind: vscode.QuickPickItemKind.Separator },
      ...others.map((m) => modelItem(m, current)),
      { label: "", kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t("$(edit) Use another model id…"), description: vscode.l10n.t("any OpenRouter id"), alwaysShow: true, choice: { kind: "other", typed: "" } },
      { label: vscode.l10n.t("$(refresh) Refresh catalog"), description: vscode.l10n.t("fetch OpenRouter's public model list"), alwaysShow: true, choice: { kind: "refresh" } },
      ...extras.map((e) => ({ ...e, alwaysShow: true })),
    );
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = title;
    qp.placeholder = vscode.l10n.t("Search by vendor, name or id (current: {0})", current);
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = items;
    const active = items.find((i) => i.choice?.kind === "model" && i.choice.id === current);
    if (active) qp.activeItems = [active];
    return this.run(qp, (): Choice | undefined => {
      const choice = qp.selectedItems[0]?.choice;
      if (choice?.kind === "other") return { kind: "other", typed: qp.value };
      if (!choice) qp.hide(); // nothing picked: closes with nothing, as before
      return choice;
    });
  }
}
