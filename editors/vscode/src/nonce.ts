//! Fresh nonces for webview Content-Security-Policies: 16 random bytes, base64 (the characters
//! the server accepts for `interview-prep/progressReport`). No `vscode` import.

import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}
