//! The concept navigator: a tree view (its own activity bar container) with two roots, "This
//! file" (the active editor's concepts, in any language the server reads) and "Workspace" (every
//! file's the server reads, asked for only when expanded), each grouped by concept with counts and status badges, occurrences as
//! children that jump to the place. Its data is `interview-prep/concepts`; how rows read is in
//! conceptTree.ts. It refreshes on editor switches, saves and diagnostics (debounced), when
//! progress changes, and when settings or a project configuration file change; a hidden view
//! only remembers that it is stale.

import * as vscode from 'vscode';

import {
  groupRow,
  hideUri,
  moreRow,
  occurrenceRow,
  quizArgs,
  rootDescription,
  rootTooltip,
  type Row,
  type Scope,
} from './conceptTree';
import { Commands, Requests, type ConceptGroup, type ConceptsResult, type Occurrence } from './protocol';
import type { Server } from './server';

export const VIEW_ID = 'interviewPrep.concepts';

type RootNode = { kind: 'root'; scope: Scope };
type GroupNode = { kind: 'group'; scope: Scope; group: ConceptGroup; fileUri?: string };
type OccurrenceNode = { kind: 'occurrence'; scope: Scope; group: ConceptGroup; occurrence: Occurrence };
type MessageNode = { kind: 'message'; scope: Scope; text: string; id: string };
export type Node = RootNode | GroupNode | OccurrenceNode | MessageNode;

/** What a root shows: the last result, whether it is stale, and the document it was for. */
interface Slot {
  result?: ConceptsResult;
  error?: string;
  uri?: string;
  stale: boolean;
  loading?: Promise<void>;
}

export class Navigator implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly fileRoot: RootNode = { kind: 'root', scope: 'file' };
  private readonly workspaceRoot: RootNode = { kind: 'root', scope: 'workspace' };
  private readonly slots: Record<Scope, Slot> = { file: { stale: true }, workspace: { stale: true } };
  /** The document "This file" follows: the active one, or the last active one. */
  private fileUri: vscode.Uri | undefined;
  private readonly view: vscode.TreeView<Node>;
  private readonly timers = new Map<Scope, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: Server) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.follow(vscode.window.activeTextEditor);
    this.disposables.push(
      this.view,
      this.changed,
      { dispose: () => this.timers.forEach((t) => clearTimeout(t)) },
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (this.follow(e)) this.invalidate('file', 100);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.fileUri && d.uri.toString() === this.fileUri.toString()) {
          this.fileUri = undefined;
          this.invalidate('file', 100);
        }
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (!server.languages.includes(d.languageId)) return;
        this.invalidate('file', 300);
        this.invalidate('workspace', 1500);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = this.fileUri?.toString();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.invalidate('file', 500);
      }),
      server.onProgressChanged(() => {
        this.invalidate('file', 300);
        this.invalidate('workspace', 1000);
      }),
      // What is hidden changes with the settings and the project configuration ("Hide in this
      // project" writes it): every file's listing may change, not only the open one's.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('interviewPrep')) this.invalidateAll();
      }),
      ...watch('**/{pyproject.toml,.interview-prep.toml}', () => this.invalidateAll()),
      server.onStarted(() => this.refresh()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) for (const scope of ['file', 'workspace'] as const) if (this.slots[scope].stale) this.fire(scope);
      }),
    );
  }

  /** Follows an editor of a language the server reads; true when the followed document changed. */
  private follow(editor: vscode.TextEditor | undefined): boolean {
    if (!editor || !this.server.languages.includes(editor.document.languageId)) return false;
    if (this.fileUri?.toString() === editor.document.uri.toString()) return false;
    this.fileUri = editor.document.uri;
    return true;
  }

  /** The refresh button: both roots asked again (the workspace only once it is expanded). */
  refresh(): void {
    for (const scope of ['file', 'workspace'] as const) {
      this.slots[scope].stale = true;
      this.fire(scope);
    }
  }

  private invalidateAll(): void {
    this.invalidate('file', 500);
    this.invalidate('workspace', 1000);
  }

  /** Marks a root stale and, after `delay` ms without another change, redraws it if shown. */
  private invalidate(scope: Scope, delay: number): void {
    this.slots[scope].stale = true;
    clearTimeout(this.timers.get(scope));
    this.timers.set(
      scope,
      setTimeout(() => {
        this.timers.delete(scope);
        if (this.view.visible) this.fire(scope);
      }, delay),
    );
  }

  private fire(scope: Scope): void {
    this.changed.fire(scope === 'file' ? this.fileRoot : this.workspaceRoot);
  }

  private async load(scope: Scope): Promise<void> {
    const slot = this.slots[scope];
    if (slot.loading) return slot.loading;
    slot.stale = false;
    const uri = scope === 'file' ? this.fileUri?.toString() : undefined;
    slot.loading = (async () => {
      try {
        if (scope === 'file' && !uri) {
          slot.result = undefined;
          slot.error = undefined;
        } else if (!this.server.running) {
          slot.result = undefined;
          slot.error = 'The interview-prep server is not running.';
        } else {
          slot.result = await this.server.request(Requests.concepts, scope === 'file' ? { scope, uri } : { scope });
          slot.error = undefined;
        }
      } catch (e) {
        slot.result = undefined;
        slot.error = e instanceof Error ? e.message : String(e);
      } finally {
        slot.uri = uri;
        slot.loading = undefined;
      }
    })();
    return slot.loading;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'root': {
        const file = node.scope === 'file';
        const item = new vscode.TreeItem(
          file ? 'This file' : 'Workspace',
          file ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = node.scope;
        const slot = this.slots[node.scope];
        const name = file && this.fileUri ? this.fileUri.path.split('/').pop() : undefined;
        const result = slot.uri === this.fileUri?.toString() || !file ? slot.result : undefined;
        item.description = rootDescription(node.scope, result, name);
        item.iconPath = new vscode.ThemeIcon(file ? 'file-code' : 'root-folder');
        item.contextValue = `root-${node.scope}`;
        item.tooltip = rootTooltip(node.scope, result, name);
        item.accessibilityInformation = { label: [item.label, item.description].filter(Boolean).join(', ') as string };
        return item;
      }
      case 'group': {
        const item = fromRow(groupRow(node.group), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.scope}:${node.group.concept}`;
        return item;
      }
      case 'occurrence': {
        const o = node.occurrence;
        const item = fromRow(occurrenceRow(o, node.scope), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.scope}:${node.group.concept}:${o.uri}:${o.range.start.line}:${o.range.start.character}`;
        item.resourceUri = undefined;
        item.command = {
          title: 'Go to occurrence',
          command: 'vscode.open',
          arguments: [vscode.Uri.parse(o.uri), { selection: toRange(o.range), preview: true } satisfies vscode.TextDocumentShowOptions],
        };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.contextValue = 'message';
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return [this.fileRoot, this.workspaceRoot];
    switch (node.kind) {
      case 'root': {
        const scope = node.scope;
        const slot = this.slots[scope];
        const before = rootDescription(scope, slot.result);
        if (slot.stale || slot.loading) await this.load(scope);
        // The counts in the root's description came with the result: redraw the root row once.
        if (rootDescription(scope, slot.result) !== before) setTimeout(() => this.changed.fire(node), 0);
        const message = (text: string): Node[] => [{ kind: 'message', scope, text, id: `${scope}:message` }];
        if (slot.error) return message(slot.error);
        if (scope === 'file' && !this.fileUri) return message('Open a Python file, a Dockerfile, a Compose or Kubernetes file, a CI workflow or SQL to see its concepts.');
        const groups = slot.result?.concepts ?? [];
        if (groups.length === 0) return message(scope === 'file' ? 'No interview concepts in this file.' : 'No interview concepts found.');
        const fileUri = scope === 'file' ? slot.uri : undefined;
        return groups.map((group) => ({ kind: 'group', scope, group, fileUri }));
      }
      case 'group': {
        const children: Node[] = node.group.occurrences.map((occurrence) => ({
          kind: 'occurrence',
          scope: node.scope,
          group: node.group,
          occurrence,
        }));
        const more = moreRow(node.group);
        if (more) children.push({ kind: 'message', scope: node.scope, text: more, id: `${node.scope}:${node.group.concept}:more` });
        return children;
      }
      default:
        return [];
    }
  }

  // Context menu commands; `node` is the row they were invoked on.

  async quiz(node: Node | undefined): Promise<void> {
    if (node?.kind === 'group') {
      const at = node.scope === 'file' && node.fileUri ? { uri: node.fileUri } : undefined;
      await this.server.execute(Commands.quizConcept, quizArgs(node.group.concept, at));
    } else if (node?.kind === 'occurrence') {
      const o = node.occurrence;
      await this.server.execute(Commands.quizConcept, quizArgs(node.group.concept, { uri: o.uri, range: o.range }));
    }
  }

  async explain(node: Node | undefined): Promise<void> {
    if (node?.kind === 'group' || node?.kind === 'occurrence') {
      await this.server.execute(Commands.explain, { concept: node.group.concept });
    }
  }

  async hide(node: Node | undefined): Promise<void> {
    if (node?.kind !== 'group' && node?.kind !== 'occurrence') return;
    const uri = hideUri(
      node.group,
      node.scope,
      node.kind === 'group' ? node.fileUri : undefined,
      node.kind === 'occurrence' ? node.occurrence : undefined,
    );
    if (!uri) return;
    // The server edits the configuration that governs an open document: open it (not shown).
    await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await this.server.execute(Commands.hideInProject, { concept: node.group.concept, uri });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A file watcher calling `changed` on any change, and the watcher itself (to dispose). */
function watch(glob: string, changed: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher(glob);
  return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
}

function fromRow(row: Row, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, state);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.accessibilityInformation = { label: row.ariaLabel };
  item.contextValue = row.contextValue;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  return item;
}

function toRange(r: Occurrence['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
