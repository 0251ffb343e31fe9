//! The settings the server reads, in the one shape it gets them both at `initialize` and in
//! `workspace/didChangeConfiguration`: the whole `interviewPrep` section as VS Code holds it
//! (dotted keys nested: `quiz.mode` → `{quiz: {mode}}`), minus what only the extension uses
//! (`server.path`, `trace.server`, `languages`). Every other key is passed, declared or not, and values are
//! passed as the user wrote them, wrong types included: the server owns validation and shows one
//! warning per bad key, so a newer server's settings work without a new extension.
//! One exception: an empty `select` list is left out. The Settings editor can only offer a list
//! editor for an array setting, so `select` defaults to `[]` there, and an empty list means what
//! "unset" means to the server (report all), not "report nothing".
//! No `vscode` import: unit-tested under node.

export type Settings = { [key: string]: unknown };

/** Sections only the extension reads. */
const EXTENSION_ONLY = ['server', 'trace', 'languages'];

/**
 * Builds the settings object from the section (`workspace.getConfiguration().get('interviewPrep')`).
 * Unset values (undefined, null, empty strings) are left out so the server's defaults apply.
 */
export function serverSettings(section: unknown): Settings {
  const out: Settings = {};
  if (typeof section !== 'object' || section === null) return out;
  for (const [key, value] of Object.entries(section as Settings)) {
    if (EXTENSION_ONLY.includes(key)) continue;
    if (value === undefined || value === null || value === '') continue;
    if (key === 'select' && Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}
