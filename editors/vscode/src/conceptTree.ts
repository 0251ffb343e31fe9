//! How the concept navigator reads (`interview-prep/concepts` results as tree rows), apart from
//! VS Code: labels, counts, status badges, icons, tooltips, and which arguments the context
//! menu's commands get. Pitfalls come first (the server sorts them so; this keeps its order).
//! No `vscode` import: unit-tested under node.

import type { ConceptGroup, ConceptsResult, Occurrence, QuizConceptArgs } from './protocol';

export type Scope = 'file' | 'workspace';

/** A theme icon id and, optionally, a theme colour id. */
export interface Icon {
  id: string;
  color?: string;
}

export interface Row {
  label: string;
  description?: string;
  tooltip: string;
  /** What a screen reader says (VS Code would read the tooltip). */
  ariaLabel: string;
  icon?: Icon;
  /** For `view/item/context` menus: `concept` or `pitfall`, `occurrence`. */
  contextValue: string;
}

const STATUS_WORDS: Record<string, string> = {
  due: 'due for review',
  weak: 'weak: recalled poorly last time',
  new: 'new: never reviewed',
  recalled: 'recalled',
};

/** The badge shown after the count: due, weak and new stand out; recalled needs no badge. */
export function badge(status: string | null | undefined): string | undefined {
  return status === 'due' || status === 'weak' || status === 'new' ? status : undefined;
}

/** Catalog titles use Markdown code spans ("Context managers and `with`"); a tree row is plain text. */
export function plain(title: string): string {
  return title.replace(/`/g, '');
}

export function groupRow(g: ConceptGroup): Row {
  const pitfall = g.kind === 'pitfall';
  const b = badge(g.status);
  const title = plain(g.title);
  const description = [String(g.count), b].filter(Boolean).join(' · ');
  const places = `${g.count} place${g.count === 1 ? '' : 's'}`;
  const status = g.status ? STATUS_WORDS[g.status] ?? g.status : undefined;
  const lines = [`${title} — ${pitfall ? 'pitfall' : 'concept'} (${g.topicTitle || g.topic})`, [places, status].filter(Boolean).join(' · ')];
  return {
    label: title,
    description,
    tooltip: lines.join('\n'),
    ariaLabel: [title, pitfall ? 'pitfall' : undefined, places, b].filter(Boolean).join(', '),
    icon: groupIcon(g),
    contextValue: pitfall ? 'pitfall' : 'concept',
  };
}

function groupIcon(g: ConceptGroup): Icon {
  if (g.kind === 'pitfall') return { id: 'warning', color: 'problemsWarningIcon.foreground' };
  switch (g.status) {
    case 'due':
      return { id: 'history', color: 'charts.orange' };
    case 'weak':
      return { id: 'lightbulb', color: 'charts.red' };
    case 'new':
      return { id: 'lightbulb', color: 'charts.blue' };
    case 'recalled':
      return { id: 'pass', color: 'charts.green' };
    default:
      return { id: 'lightbulb' };
  }
}

export function occurrenceRow(o: Occurrence, scope: Scope): Row {
  const line = o.range.start.line + 1;
  // The place first: in a narrow side bar the code line is what gets cut.
  const label = scope === 'workspace' ? `${o.path.split('/').pop()}:${line}` : `Ln ${line}`;
  return {
    label,
    description: o.text,
    tooltip: `${o.path}:${line}\n${o.text}`,
    ariaLabel: `${o.text}, ${o.path} line ${line}`,
    contextValue: 'occurrence',
  };
}

/** "… and 12 more" when the server listed fewer places than there are. */
export function moreRow(g: ConceptGroup): string | undefined {
  const more = g.count - g.occurrences.length;
  return more > 0 ? `… and ${more} more` : undefined;
}

/** The root's description, short enough for a narrow side bar: "views.py · 9 concepts",
 * "31 files · 40 concepts" (pitfalls counted in, as the file's code lens counts them). */
export function rootDescription(scope: Scope, result: ConceptsResult | undefined, fileName?: string): string | undefined {
  const parts: string[] = [];
  if (scope === 'file' && fileName) parts.push(fileName);
  if (scope === 'workspace' && result) parts.push(`${result.files}${result.truncated ? '+' : ''} file${result.files === 1 ? '' : 's'}`);
  if (result) parts.push(`${result.concepts.length} concept${result.concepts.length === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The root's tooltip: what it lists, and the breakdown the description leaves out. */
export function rootTooltip(scope: Scope, result: ConceptsResult | undefined, fileName?: string): string {
  const what = scope === 'file' ? `The interview concepts of ${fileName ?? 'the active file'}` : 'The interview concepts of every file in the workspace interview-prep reads';
  if (!result) return scope === 'file' ? what : `${what} (expand to scan)`;
  const pitfalls = result.concepts.filter((c) => c.kind === 'pitfall').length;
  const concepts = result.concepts.length - pitfalls;
  const counts = `${pitfalls} pitfall${pitfalls === 1 ? '' : 's'} and ${concepts} concept${concepts === 1 ? '' : 's'}`;
  const files = scope === 'workspace' ? ` in ${result.files}${result.truncated ? ' (of more)' : ''} file${result.files === 1 ? '' : 's'}` : '';
  return `${what}: ${counts}${files}`;
}

/** "Quiz me" on a row: the concept, and the occurrence (or the open file) it was asked from. */
export function quizArgs(concept: string, at?: { uri: string; range?: Occurrence['range'] }): QuizConceptArgs {
  const args: QuizConceptArgs = { concept };
  if (at) {
    args.uri = at.uri;
    if (at.range) args.range = at.range;
  }
  return args;
}

/** The document "Hide in this project" is invoked in: the occurrence's, else the open file's,
 * else (a workspace row) the first place the concept occurs. */
export function hideUri(g: ConceptGroup, scope: Scope, fileUri: string | undefined, occurrence?: Occurrence): string | undefined {
  if (occurrence) return occurrence.uri;
  if (scope === 'file' && fileUri) return fileUri;
  return g.occurrences[0]?.uri;
}
