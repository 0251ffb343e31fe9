//! The Progress view: a webview panel ("Interview Prep: Progress") showing the server's progress
//! report (`interview-prep/progressReport`: mastery per topic, reviews per day, the 7-day
//! forecast), asked with a fresh nonce that its Content-Security-Policy then allows. It is its
//! own panel, so nothing else (go to definition, Explain) can replace it. It follows
//! `interview-prep/progressChanged`; while hidden it only remembers to refresh when shown.

import * as vscode from 'vscode';

import { makeNonce } from './nonce';
import { messagePage, themedReport } from './progressPage';
import { Requests } from './protocol';
import type { Server } from './server';

export const PROGRESS_VIEW_TYPE = 'interviewPrep.progress';

export class ProgressPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private stale = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: Server) {
    this.disposables.push(
      server.onProgressChanged(() => this.changed()),
      server.onStarted(() => this.changed()),
      { dispose: () => clearTimeout(this.timer) },
    );
  }

  /** Opens the panel, or brings it forward, with a fresh report. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn, false);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PROGRESS_VIEW_TYPE,
        'Interview Prep: Progress',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        // The report draws its charts with its own inline script; it loads nothing.
        { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
      );
      this.panel = panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      });
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible && this.stale) void this.refresh();
      });
    }
    await this.refresh();
  }

  /** Progress changed: redraw soon if the panel is in view (answers come in bursts). */
  private changed(): void {
    if (!this.panel) return;
    this.stale = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.panel?.visible) void this.refresh();
    }, 300);
  }

  async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.stale = false;
    const nonce = makeNonce();
    let html: string;
    if (!this.server.running) {
      html = messagePage(nonce, 'Interview Prep: Progress', 'The interview-prep server is not running (see Show Logs).');
    } else {
      try {
        const report = await this.server.request(Requests.progressReport, { nonce });
        html = themedReport(report.html, nonce);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.server.log.warn(`progress report: ${message}`);
        html = messagePage(
          nonce,
          'Interview Prep: Progress',
          /method not found|unhandled method/i.test(message)
            ? `This server (interview-prep ${this.server.version ?? 'unknown version'}) has no progress report. Update interview-prep to see it.`
            : `The progress report could not be read: ${message}`,
        );
      }
    }
    if (this.panel === panel) panel.webview.html = html;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
