/**
 * The editor panels' one bundle (dist/webview/panel.js): the result panel, or the comparison panel
 * when the page says so (`<div id="app" data-view="compare">`). They share the markdown renderer,
 * the sanitiser and the highlighter, which are most of the bundle, so a second bundle would ship
 * them twice. Each module builds its page when imported.
 */
if (document.getElementById("app")?.dataset.view === "compare") void import("../compare/main");
else void import("./main");
