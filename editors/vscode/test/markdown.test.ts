//! The quiz panel's Markdown: the subset renders, and nothing in the source becomes HTML of its own.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { highlightPython } from '../src/highlight';
import { renderMarkdown } from '../src/markdown';

test('paragraphs, code spans, bold, italics and lists', () => {
  const html = renderMarkdown('Use `select_related` for **foreign keys**,\n*not* a loop.\n\n- one\n- two `x`\n\n1. first\n2. second');
  assert.equal(
    html,
    '<p>Use <code>select_related</code> for <strong>foreign keys</strong>, <em>not</em> a loop.</p>\n' +
      '<ul><li>one</li><li>two <code>x</code></li></ul>\n' +
      '<ol><li>first</li><li>second</li></ol>',
  );
});

test('raw HTML, attributes and links stay text', () => {
  const html = renderMarkdown('<img src=x onerror=alert(1)> and <script>alert(2)</script> [click](javascript:alert(3)) `<b>`');
  assert.ok(!/<img|<script|<a\b|href/i.test(html), html);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /click/);
  assert.match(html, /<code>&lt;b&gt;<\/code>/);
});

test('emphasis markers inside code spans and words are left alone', () => {
  assert.equal(renderMarkdown('`**kwargs` and snake_case_name'), '<p><code>**kwargs</code> and snake_case_name</p>');
  assert.equal(renderMarkdown('2 * 3 * 4'), '<p>2 * 3 * 4</p>');
});

test('fenced code keeps its lines, escaped', () => {
  assert.equal(renderMarkdown('```python\nif a < b:\n    pass\n```'), '<pre><code>if a &lt; b:\n    pass</code></pre>');
});

test('the quoted line of Python is highlighted and escaped', () => {
  const html = highlightPython('for o in Order.objects.filter(name="<x>"):  # N+1');
  assert.match(html, /<span class="tok-kw">for<\/span> o <span class="tok-kw">in<\/span>/);
  assert.match(html, /<span class="tok-fn">filter<\/span>\(name=<span class="tok-str">&quot;&lt;x&gt;&quot;<\/span>\)/);
  assert.match(html, /<span class="tok-com"># N\+1<\/span>$/);
  assert.equal(highlightPython('@app.get("/")'), '<span class="tok-dec">@app.get</span>(<span class="tok-str">&quot;/&quot;</span>)');
  assert.equal(highlightPython('x = f"{a}" + 10'), 'x = <span class="tok-str">f&quot;{a}&quot;</span> + <span class="tok-num">10</span>');
});
