//! The settings the server reads, in the one shape it gets them both at `initialize` and in
//! `workspace/didChangeConfiguration`: `interviewPrep.*` minus what only the extension uses
//! (`server.path`, `trace.server`), with dotted keys nested (`quiz.mode` → `{quiz: {mode}}`).
//! Values are passed as the user wrote them, wrong types included: the server validates them
//! and shows one warning per bad key. No `vscode` import: unit-tested under node.

/** The keys under `interviewPrep.` that the server owns. */
export const SERVER_KEYS = [
  'conceptSeverity',
  'pitfallSeverity',
  'topics',
  'deckPaths',
  'desiredRetention',
  'interviewDate',
  'quiz.mode',
  'dataDir',
] as const;

export type Settings = { [key: string]: unknown };

/**
 * Builds the settings object from a getter (`workspace.getConfiguration('interviewPrep').get`).
 * Unset values (undefined, null, empty strings) are left out so the server's defaults apply.
 */
export function serverSettings(get: (key: string) => unknown): Settings {
  const out: Settings = {};
  for (const key of SERVER_KEYS) {
    const value = get(key);
    if (value === undefined || value === null || value === '') continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Settings;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}
