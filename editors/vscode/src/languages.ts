//! Which documents the extension hands to the server. The server decides what a file is (by its
//! path, then this languageId, then for YAML by its content: see docs/architecture.md); the
//! extension only has to send it the documents that can hold something. VS Code without extra
//! extensions calls a Dockerfile `dockerfile`, `compose.yaml` `dockercompose`, a workflow under
//! `.github/workflows/` and a Kubernetes manifest `yaml`, a `.sql` file `sql`; the GitHub Actions
//! extension makes workflows `github-actions-workflow`. Plain YAML is sent too (its content can
//! make it a manifest) and stays quiet: the server leaves YAML that is nothing it knows alone.
//! `interviewPrep.languages` narrows the list; package.json's activation events and the
//! setting's enum are held to `LANGUAGES` by a test. No `vscode` import: unit-tested under node.

/** Every languageId the server reads, in the order the setting lists them. */
export const LANGUAGES = ['python', 'dockerfile', 'dockercompose', 'yaml', 'github-actions-workflow', 'sql'] as const;

export type Language = (typeof LANGUAGES)[number];

/** The languages the setting keeps: known ids only, in their own order; not a list → all. */
export function selectedLanguages(setting: unknown): Language[] {
  if (!Array.isArray(setting)) return [...LANGUAGES];
  return LANGUAGES.filter((l) => setting.includes(l));
}

/** Documents on disk of those languages; untitled ones only for Python (an unsaved YAML or SQL
 * buffer has no name the server could go by, and is rarely what the user wants marked). */
export function documentSelector(languages: readonly Language[]): { scheme: string; language: string }[] {
  const selector = languages.map((language) => ({ scheme: 'file', language }));
  if (languages.includes('python')) selector.push({ scheme: 'untitled', language: 'python' });
  return selector;
}

