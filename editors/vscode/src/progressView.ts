//! The Show Progress page: a read-only virtual Markdown document (`interview-prep:Progress.md`)
//! shown only as a Markdown preview, so there is no untitled editor to save or discard. It
//! follows the due status: every refresh rewrites it, and an open preview updates itself.

import * as vscode from 'vscode';

import { summaryMarkdown, type Summary } from './progress';

export const PROGRESS_URI = vscode.Uri.parse('interview-prep:Progress.md');

export class ProgressView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private text = '# Interview Prep progress\n\nNo progress read yet.\n';
  readonly onDidChange = this.changed.event;
  // Last: VS Code subscribes to onDidChange when the provider is registered.
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider('interview-prep', this);

  provideTextDocumentContent(): string {
    return this.text;
  }

  update(summary: Summary): void {
    this.text = summaryMarkdown(summary);
    this.changed.fire(PROGRESS_URI);
  }

  async show(): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreview', PROGRESS_URI);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
