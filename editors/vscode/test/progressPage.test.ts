//! The Progress view's page: the server's report in the theme's colours under the nonce it was
//! built with, and the message page for when there is no report.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { makeNonce } from '../src/nonce';
import { messagePage, themedReport } from '../src/progressPage';

const report = (nonce: string) =>
  `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'"><style nonce="${nonce}">body{}</style></head><body></body></html>`;

test('the report gets the theme stylesheet under its own nonce, after its own style', () => {
  const nonce = makeNonce();
  const html = themedReport(report(nonce), nonce);
  const theme = html.indexOf(`<style nonce="${nonce}">\n  html, body`);
  assert.ok(theme > html.indexOf('body{}') && theme < html.indexOf('</head>'), html);
  assert.match(html, /var\(--vscode-foreground\)/);
});

test('a page without our nonce is left as it is', () => {
  const other = report('someoneelse');
  assert.equal(themedReport(other, makeNonce()), other);
});

test('nonces are fresh base64', () => {
  const a = makeNonce();
  assert.match(a, /^[A-Za-z0-9+/]+=*$/);
  assert.notEqual(a, makeNonce());
});

test('a message page escapes its text and runs no script', () => {
  const html = messagePage('n1', 'Progress', 'failed: <script>x</script>');
  assert.ok(!html.includes('<script>'));
  assert.match(html, /failed: &lt;script&gt;/);
  assert.match(html, /default-src 'none'; style-src 'nonce-n1'"/);
});
