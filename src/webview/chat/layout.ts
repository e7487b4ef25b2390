/** The chat view's static layout: header, message list, status line for screen readers, composer. */
export const CHAT_LAYOUT = `
  <header class="chat-header">
    <span id="title" class="title"></span>
    <span id="total" class="total" title="Billed cost of this conversation (usage.cost)"></span>
  </header>
  <section id="empty" class="chat-empty" hidden></section>
  <main id="messages" class="messages" role="log" aria-live="off" aria-label="Conversation"></main>
  <div id="announce" class="sr-only" role="status" aria-live="polite"></div>
  <footer class="composer">
    <div id="chips" class="chips" aria-label="Attached code"></div>
    <textarea id="input" rows="2" placeholder="Ask anything. Enter sends, Shift+Enter adds a line." aria-label="Message"></textarea>
    <div class="composer-bar">
      <button type="button" id="model" class="link-button" title="Choose the chat model"></button>
      <span class="spacer"></span>
      <span id="hint" class="hint"></span>
    </div>
  </footer>`;
