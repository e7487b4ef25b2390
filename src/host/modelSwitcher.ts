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

const TARGET_LABELS: Record<ModelTarget, string> = { explain: "Explain Selection", rewrite: "Rewrite Selection", custom: "Ask About Selection…", chat: "Chat" };

function modelItem(m: ModelInfo, current: string): Item {
  return {
    label: `${m.id === current ? "$(check) " : ""}${m.name}`,
    description: m.id,
    detail: `${formatContext(m.contextLength)} · ${describePrices(m)}${m.reasoning ? " · $(lightbulb) reasoning" : ""}`,
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
    const choice = await this.pick("fal Router: Switch Model", settings.model, false, [
      { label: "$(list-tree) Choose model per action…", description: "Explain, Rewrite, Ask, Chat", choice: { kind: "perAction" } },
      { label: `$(lightbulb) Reasoning: ${settings.reasoning ? "On" : "Off"}`, description: "ask the model to return its reasoning", choice: { kind: "reasoning" } },
      { label: `$(flame) Temperature: ${settings.temperature}`, description: "0–2", choice: { kind: "temperature" } },
      { label: `$(symbol-number) Max tokens: ${settings.maxTokens ?? "model default"}`, description: "max_tokens", choice: { kind: "maxTokens" } },
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
          title: "fal Router: Temperature",
          value: String(settings.temperature),
          prompt: "0 to 2; 0 is as deterministic as the model allows.",
          validateInput: (s) => (/^\d+(\.\d+)?$/.test(s.trim()) && Number(s) <= 2 ? undefined : "Enter a number from 0 to 2."),
        });
        return v === undefined ? undefined : this.update("temperature", Number(v));
      }
      case "maxTokens": {
        const v = await vscode.window.showInputBox({
          title: "fal Router: Max Tokens",
          value: settings.maxTokens ? String(settings.maxTokens) : "",
          prompt: "Upper limit on generated tokens (max_tokens). Leave empty to let the model decide.",
          validateInput: (s) => (s.trim() === "" || (/^\d+$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 1_000_000) ? undefined : "Enter a whole number from 1 to 1,000,000, or nothing."),
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
      const scope = inspected?.workspaceFolderValue || inspected?.workspaceValue ? "workspace" : inspected?.globalValue ? "user" : undefined;
      return { label: TARGET_LABELS[t], description: scope ? `${settings.modelFor[t]} (${scope})` : `default: ${settings.model}`, target: t };
    });
    const picked = given ? items.find((i) => i.target === given) : await vscode.window.showQuickPick(items, { title: "fal Router: Choose Model per Action", placeHolder: "Which action?" });
    if (!picked) return;
    let target = vscode.ConfigurationTarget.Global;
    if (vscode.workspace.workspaceFolders?.length) {
      const scope = await vscode.window.showQuickPick(
        [
          { label: "$(account) User", description: "for you, in every workspace", target: vscode.ConfigurationTarget.Global },
          { label: "$(folder) Workspace", description: "shared with the team in .vscode/settings.json", target: vscode.ConfigurationTarget.Workspace },
        ],
        { title: `fal Router: Model for ${picked.label}`, placeHolder: "Where should this choice be saved?" },
      );
      if (!scope) return;
      target = scope.target;
    }
    const choice = await this.pick(`fal Router: Model for ${picked.label}`, settings.modelFor[picked.target], true);
    if (!choice) return;
    if (choice.kind === "default") return this.update(`models.${picked.target}`, undefined, target);
    if (choice.kind === "refresh") {
      await this.refreshCatalog();
      return;
    }
    const id = choice.kind === "model" ? choice.id : choice.kind === "other" ? await this.askForId(choice.typed) : undefined;
    if (id) return this.setModel(`models.${picked.target}`, id, target);
  }

  private async askForId(typed: string): Promise<string | undefined> {
    const id = await vscode.window.showInputBox({
      title: "fal Router: Use Another Model Id",
      value: isModelId(typed.trim()) ? typed.trim() : "",
      placeHolder: "vendor/model, e.g. mistralai/mistral-small-3.2-24b-instruct",
      prompt: "Any OpenRouter model id. fal bills it at that model's price.",
      validateInput: (s) => (isModelId(s.trim()) ? undefined : "An OpenRouter model id looks like vendor/model, e.g. google/gemini-2.5-flash."),
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
    if (allowDefault) items.push({ label: "$(discard) Use the default model", description: currentSettings().model, choice: { kind: "default" } });
    if (recent.length) items.push({ label: "Recently used", kind: vscode.QuickPickItemKind.Separator }, ...recent.map((m) => modelItem(m, current)));
    items.push(
      { label: cat.source === "bundled" ? `Catalog (bundled ${cat.fetchedAt}; Refresh catalog for current prices)` : `Catalog (OpenRouter, ${cat.fetchedAt.slice(0, 10)})`, kind: vscode.QuickPickItemKind.Separator },
      ...others.map((m) => modelItem(m, current)),
      { label: "", kind: vscode.QuickPickItemKind.Separator },
      { label: "$(edit) Use another model id…", description: "any OpenRouter id", alwaysShow: true, choice: { kind: "other", typed: "" } },
      { label: "$(refresh) Refresh catalog", description: "fetch OpenRouter's public model list", alwaysShow: true, choice: { kind: "refresh" } },
      ...extras.map((e) => ({ ...e, alwaysShow: true })),
    );
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = title;
    qp.placeholder = `Search by vendor, name or id (current: ${current})`;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = items;
    const active = items.find((i) => i.choice?.kind === "model" && i.choice.id === current);
    if (active) qp.activeItems = [active];
    return new Promise((resolve) => {
      let result: Choice | undefined;
      qp.onDidAccept(() => {
        const choice = qp.selectedItems[0]?.choice;
        result = choice?.kind === "other" ? { kind: "other", typed: qp.value } : choice;
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(result);
      });
      qp.show();
      this.shown.fire(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    });
  }
}
