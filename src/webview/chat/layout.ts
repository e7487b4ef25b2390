/** The chat view's static layout: header, message list, status line for screen readers, composer. */
import * as l10n from "@vscode/l10n";
import { html } from "../shared/l10n";
export const CHAT_LAYOUT = `
  <header class="chat-header">
    <h1 id="title" class="title"></h1>
    <span id="total" class="total" title="${html(l10n.t("Billed cost of this conversation (usage.cost)"))}"></span>
  </header>
  <main class="chat-main">
    <section id="empty" class="chat-empty" hidden></section>
    <div class="messages-frame"><div id="messages" class="messages" role="log" aria-live="off" aria-label="${html(l10n.t("Conversation"))}"></div></div>
    <div id="announce" class="sr-only" role="status" aria-live="polite"></div>
  </main>
  <footer class="composer">
    <div id="chips" class="chips" aria-label="${html(l10n.t("Attached code"))}"></div>
    <textarea id="input" rows="2" placeholder="${html(l10n.t("Ask anything. Enter sends, Shift+Enter adds a line."))}" aria-label="${html(l10n.t("Message"))}"></textarea>
    <div class="composer-bar">
      <button type="button" id="model" class="link-button" title="${html(l10n.t("Choose the chat model"))}"></button>
      <span class="spacer"></span>
      <span id="hint" class="hint"></span>
    </div>
  </footer>`;
