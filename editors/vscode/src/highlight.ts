//! Light highlighting of the one line of Python the quiz panel quotes: keywords, strings,
//! numbers, comments and decorators as `<span class="tok-…">` around escaped text, coloured by
//! the panel's CSS from the theme. Not a tokenizer for whole files (one trimmed line is all it
//! gets); a string left open at the end of the line is coloured to the end.
//! No `vscode` import: unit-tested under node.

import { escapeHtml } from './markdown';

const KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield match case').split(' '),
);

const TOKEN =
  /(#.*$)|((?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?))|(@[A-Za-z_][\w.]*)|(\b\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?j?\b)|([A-Za-z_]\w*)/g;

export function highlightPython(line: string): string {
  let out = '';
  let last = 0;
  for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
    const [text, comment, string, decorator, number, word] = m;
    let cls: string | undefined;
    if (comment) cls = 'com';
    else if (string) cls = 'str';
    else if (decorator) cls = 'dec';
    else if (number) cls = 'num';
    else if (word && KEYWORDS.has(word)) cls = 'kw';
    else if (word && line[m.index + word.length] === '(') cls = 'fn';
    out += escapeHtml(line.slice(last, m.index));
    out += cls ? `<span class="tok-${cls}">${escapeHtml(text)}</span>` : escapeHtml(text);
    last = m.index + text.length;
  }
  TOKEN.lastIndex = 0;
  return out + escapeHtml(line.slice(last));
}
