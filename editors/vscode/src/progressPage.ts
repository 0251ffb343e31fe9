//! The Progress view's pages, apart from VS Code. The report is the server's own page (the same
//! charts as `interview-prep progress --html`), built with the nonce the extension sent; this
//! adds one stylesheet under that nonce that redraws it in the theme's colours and lets the
//! charts shrink with the panel. Nothing else of the page changes. No `vscode` import.

import { escapeHtml } from './markdown';

/** The theme stylesheet, after the report's own so that it wins. */
export const THEME_STYLE = `
  html, body { background: var(--vscode-editor-background); }
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); padding: 0 20px; }
  .sub, .stat span { color: var(--vscode-descriptionForeground); }
  .stat, figure { border-color: var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); background: var(--vscode-editorWidget-background, transparent); }
  .ready { color: var(--vscode-testing-iconPassed, #73c991); background: var(--vscode-editorWidget-background, transparent); border: 1px solid currentColor; }
  svg { max-width: 100%; height: auto; }
  svg text { fill: var(--vscode-foreground); }
  svg line { stroke: var(--vscode-descriptionForeground); }
  .track { fill: var(--vscode-input-background, rgba(128,128,128,.2)); }
  .bar-mastery { fill: var(--vscode-charts-blue, #3b82f6); }
  .bar-reviews { fill: var(--vscode-charts-green, #10b981); }
  .bar-due { fill: var(--vscode-charts-orange, #f59e0b); }
  td, th { border-bottom-color: var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); }
  summary { cursor: pointer; color: var(--vscode-textLink-foreground); }
  @media (max-width: 700px) { .grid { grid-template-columns: 1fr; } figure.wide { grid-column: auto; } }
`;

/**
 * The report with the theme stylesheet added under `nonce`. A page that does not carry that
 * nonce (an older server that ignored it) is returned unchanged: its own policy then decides.
 */
export function themedReport(html: string, nonce: string): string {
  if (!html.includes(`'nonce-${nonce}'`)) return html;
  const style = `<style nonce="${nonce}">${THEME_STYLE}</style>`;
  const at = html.search(/<\/head>/i);
  return at < 0 ? style + html : html.slice(0, at) + style + html.slice(at);
}

/** A page with one message (no server, an older server, an error), under the same policy. */
export function messagePage(nonce: string, title: string, text: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'">
<style nonce="${nonce}">body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 20px 28px; } p { color: var(--vscode-descriptionForeground); }</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}
