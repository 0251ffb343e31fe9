//! The quiz panel's page: a strict Content-Security-Policy (nothing loads; the one style and the
//! one script carry a fresh nonce), colours from the theme's CSS variables, and a small script
//! that draws the body the extension posts (built and escaped by quizModel.ts) and posts back the
//! keys and clicks. It decides nothing: the extension maps keys to replies. In answer mode it
//! keeps keys typed in the text box to the text box (only Ctrl/Cmd+Enter and Esc are posted, with
//! the text), posts every edit as the question's draft, and puts the draft the extension sends
//! back in the box: a hidden panel (VS Code drops a hidden webview's page) loses nothing.
//! No `vscode` import: unit-tested under node.

import { KEYS, MAX_HANG, SUBMIT } from './quizModel';

export function quizPage(nonce: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Interview Prep: Quiz</title>
<style nonce="${nonce}">${STYLE}${HANGS}</style>
</head>
<body>
<main id="main" tabindex="-1"><p class="hint">Loading the quiz…</p></main>
<script nonce="${nonce}">${script()}</script>
</body>
</html>`;
}

const STYLE = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 20px 28px 32px;
  color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); line-height: 1.5;
}
main { max-width: 860px; margin: 0 auto; outline: none; }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 14px; }
.about { font-weight: 600; color: var(--vscode-textLink-foreground); }
.count { color: var(--vscode-descriptionForeground); margin-left: auto; font-variant-numeric: tabular-nums; }
.track { flex-basis: 100%; height: 4px; border-radius: 2px; background: var(--vscode-scrollbarSlider-background, rgba(128,128,128,.3)); }
.fill { height: 100%; border-radius: 2px; background: var(--vscode-progressBar-background); width: 0; }
h1 { font-size: 1.35em; font-weight: 600; margin: 0 0 16px; line-height: 1.4; }
h2 { font-size: 0.85em; text-transform: uppercase; letter-spacing: .06em; color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
figure.code { margin: 0 0 18px; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); border-radius: 6px; overflow: hidden; }
figure.code figcaption { padding: 4px 10px; font-size: .9em; background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background)); border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); }
figure.code pre { margin: 0; padding: 8px 10px; background: var(--vscode-textCodeBlock-background, var(--vscode-editor-background)); }
code, pre, kbd { font-family: var(--vscode-editor-font-family, monospace); }
pre code { font-size: var(--vscode-editor-font-size, 13px); color: var(--vscode-editor-foreground); white-space: pre-wrap; overflow-wrap: anywhere; background: transparent; padding: 0; }
.tok-kw { color: var(--vscode-debugTokenExpression-name, #569cd6); font-weight: 600; }
.tok-str { color: var(--vscode-debugTokenExpression-string, #ce9178); }
.tok-num { color: var(--vscode-debugTokenExpression-number, #b5cea8); }
.tok-com { color: var(--vscode-descriptionForeground); font-style: italic; }
.tok-dec, .tok-fn { color: var(--vscode-symbolIcon-functionForeground, #dcdcaa); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
a:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
ol.choices { list-style: none; padding: 0; margin: 0 0 14px; display: grid; gap: 6px; }
ol.choices button {
  display: flex; gap: 10px; align-items: flex-start; width: 100%; text-align: left; padding: 8px 12px;
  font: inherit; color: var(--vscode-foreground); cursor: pointer;
  background: var(--vscode-editorWidget-background, transparent);
  border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); border-radius: 6px;
}
ol.choices button:hover:not([aria-disabled]) { border-color: var(--vscode-focusBorder); background: var(--vscode-list-hoverBackground); }
ol.choices button[aria-disabled] { cursor: default; }
ol.choices .text { flex: 1; white-space: pre-wrap; }
ol.choices li.right button { border-color: var(--vscode-testing-iconPassed, #73c991); border-width: 2px; }
ol.choices li.wrong button { border-color: var(--vscode-testing-iconFailed, #f14c4c); border-width: 2px; }
.mark { font-size: .85em; font-weight: 600; white-space: nowrap; }
li.right .mark { color: var(--vscode-testing-iconPassed, #73c991); }
li.wrong .mark { color: var(--vscode-testing-iconFailed, #f14c4c); }
.outcome { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; margin-bottom: 8px; }
.outcome .actions { margin: 0; }
.verdict { font-weight: 600; margin: 0 0 12px; }
.outcome .verdict { margin: 0; }
.verdict.good { color: var(--vscode-testing-iconPassed, #73c991); }
.verdict.bad { color: var(--vscode-testing-iconFailed, #f14c4c); }
section.answer { margin: 0 0 16px; padding: 10px 14px; border-left: 3px solid var(--vscode-textLink-foreground); background: var(--vscode-textBlockQuote-background, rgba(128,128,128,.1)); border-radius: 0 6px 6px 0; }
section.answer p { margin: 0 0 8px; }
section.answer ul, section.answer ol { margin: 0 0 8px; padding-left: 22px; }
section.answer code { background: var(--vscode-textCodeBlock-background, rgba(128,128,128,.15)); padding: 0 3px; border-radius: 3px; }
section.answer pre { padding: 8px; background: var(--vscode-textCodeBlock-background, rgba(128,128,128,.15)); overflow-x: auto; }
section.answer .more { margin: 6px 0 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0 10px; }
.actions button {
  font: inherit; cursor: pointer; padding: 5px 12px; border-radius: 4px; display: inline-flex; gap: 8px; align-items: center;
  color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, transparent);
}
.actions button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.actions button.primary, .actions button.rating {
  color: var(--vscode-button-foreground); background: var(--vscode-button-background);
}
.actions button.primary:hover, .actions button.rating:hover { background: var(--vscode-button-hoverBackground); }
.actions .hint { margin-right: 4px; }
kbd {
  font-size: .8em; padding: 0 5px; border-radius: 3px; min-width: 1.2em; text-align: center;
  color: var(--vscode-keybindingLabel-foreground, inherit); background: var(--vscode-keybindingLabel-background, rgba(128,128,128,.17));
  border: 1px solid var(--vscode-keybindingLabel-border, rgba(128,128,128,.4)); border-bottom-width: 2px;
}
button kbd { color: inherit; background: rgba(128,128,128,.25); border-color: rgba(128,128,128,.45); }
.hint, .notice, .tally { color: var(--vscode-descriptionForeground); }
.notice { font-size: .92em; margin: -6px 0 12px; }
.summary { font-size: 1.1em; }
.lead { color: var(--vscode-descriptionForeground); font-style: italic; margin: 0 0 6px; }
.context { color: var(--vscode-descriptionForeground); margin: 0 0 10px; }
label.write { display: block; font-size: .85em; text-transform: uppercase; letter-spacing: .06em; color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
textarea {
  display: block; box-sizing: border-box; width: 100%; min-height: 9em; resize: vertical; padding: 8px 10px; margin: 0 0 4px;
  font: inherit; line-height: 1.5; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, rgba(128,128,128,.35))); border-radius: 4px;
}
textarea:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; border-color: var(--vscode-focusBorder); }
textarea::placeholder { color: var(--vscode-input-placeholderForeground); }
textarea[readonly] { opacity: .7; }
section.written { margin: 0 0 14px; }
.written-text { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 12em; overflow-y: auto; padding: 6px 10px;
  border-left: 3px solid var(--vscode-input-border, rgba(128,128,128,.5)); background: var(--vscode-input-background); border-radius: 0 4px 4px 0; }
.note { color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); margin: 6px 0 0; }
section.points { margin: 0 0 8px; }
section.points ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 4px; }
.point { display: flex; gap: 8px; align-items: baseline; }
.point .icon { font-weight: 700; width: 1.1em; flex: none; text-align: center; }
.point.hit .icon { color: var(--vscode-testing-iconPassed, #73c991); }
.point.miss .icon { color: var(--vscode-testing-iconFailed, #f14c4c); }
.point.miss .text { color: var(--vscode-descriptionForeground); }
.point code { background: var(--vscode-textCodeBlock-background, rgba(128,128,128,.15)); padding: 0 3px; border-radius: 3px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.actions button.rating:not(.proposed) { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.actions button.rating:not(.proposed):hover { background: var(--vscode-button-secondaryHoverBackground); }
.actions button.proposed { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; font-weight: 600; }
.actions button.danger { color: var(--vscode-button-foreground); background: var(--vscode-statusBarItem-errorBackground, var(--vscode-errorForeground)); }
h2 + pre.report { margin-top: 0; }
pre.report {
  font-size: var(--vscode-editor-font-size, 13px); white-space: pre-wrap; overflow-wrap: anywhere; padding: 10px 12px; margin: 0;
  color: var(--vscode-editor-foreground); background: var(--vscode-textCodeBlock-background, rgba(128,128,128,.12));
  border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); border-radius: 6px;
}
.error { padding: 8px 12px; margin-bottom: 14px; border-radius: 4px; color: var(--vscode-errorForeground);
  background: var(--vscode-inputValidation-errorBackground, transparent); border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
`;

/** The report's hanging indents (quizModel's `reportLines`): no inline styles under the policy. */
const HANGS =
  '.rl { display: block; }\n' +
  Array.from({ length: MAX_HANG }, (_, i) => `.h${i + 1} { padding-left: ${i + 1}ch; text-indent: -${i + 1}ch; }`).join('\n');

function script(): string {
  // Kept in ES5-ish plain JavaScript: it runs as written, no bundler.
  return `
(function () {
  "use strict";
  var vscode = acquireVsCodeApi();
  var main = document.getElementById("main");
  var KEYS = ${JSON.stringify(KEYS)};
  var SUBMIT = ${JSON.stringify(SUBMIT)};
  var mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || "");
  var draftKey = null;
  var lastStep = null;
  function box() { return document.getElementById("answer-input"); }
  function text() { var b = box(); return b ? b.value : undefined; }
  function post(key, inText) { vscode.postMessage({ type: "key", key: key, text: text(), inText: !!inText }); }
  window.addEventListener("message", function (event) {
    var m = event.data;
    if (m && m.type === "focus") {
      var b = box();
      if (b) { b.focus(); b.setSelectionRange(b.value.length, b.value.length); }
      return;
    }
    if (!m || m.type !== "render") return;
    // A new step starts at the top; a redraw of the same one (an error, a question) stays put.
    var step = (m.stage || "") + "|" + (m.draftKey || "") + "|" + (m.step || "");
    var newStep = step !== lastStep;
    lastStep = step;
    main.innerHTML = m.html;
    if (newStep) window.scrollTo(0, 0);
    var fills = main.querySelectorAll("[data-share]");
    for (var i = 0; i < fills.length; i++) fills[i].style.width = fills[i].getAttribute("data-share") + "%";
    if (mac) {
      var mods = main.querySelectorAll("kbd[data-mod]");
      for (var j = 0; j < mods.length; j++) mods[j].textContent = "\u2318Enter";
    }
    document.body.setAttribute("data-stage", m.stage || "");
    draftKey = m.draftKey || null;
    var b = box();
    if (b) {
      b.value = m.draft || "";
      b.addEventListener("input", function () {
        vscode.postMessage({ type: "draft", key: draftKey, text: b.value });
      });
    }
    var auto = main.querySelector("[data-autofocus]:not([readonly])");
    if (auto) {
      auto.focus();
      if (auto === b) b.setSelectionRange(b.value.length, b.value.length);
    } else if (!main.contains(document.activeElement) || document.activeElement === document.body) {
      main.focus({ preventScroll: true });
    }
  });
  document.addEventListener("keydown", function (e) {
    // An input method composing a word owns its keys, Enter included.
    if (e.isComposing) return;
    var inText = !!(e.target && e.target.tagName === "TEXTAREA");
    if (e.key === "Enter" && (mac ? e.metaKey : e.ctrlKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      if (!e.repeat) post(SUBMIT, inText);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    // What is typed in the text box stays there; only Esc is the panel's.
    if (inText) {
      if (e.key === "Escape") { e.preventDefault(); if (!e.repeat) post("Escape", true); }
      return;
    }
    var key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (KEYS.indexOf(key) < 0) return;
    // A held key answers once, not the next question too.
    if (e.repeat) { e.preventDefault(); return; }
    var focused = document.activeElement;
    // Enter or Space on a focused button or link presses that one, as everywhere else.
    if ((key === "Enter" || key === " ") && focused && focused.closest && focused.closest("[data-key],[data-open]")) return;
    e.preventDefault();
    post(key, false);
  });
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target.closest("[data-key],[data-open]") : null;
    if (!t) return;
    e.preventDefault();
    if (t.getAttribute("aria-disabled")) return;
    if (t.hasAttribute("data-open")) vscode.postMessage({ type: "open", target: t.getAttribute("data-open") });
    else post(t.getAttribute("data-key"), false);
  });
  vscode.postMessage({ type: "ready" });
})();
`;
}
