//! The "K due" status bar item. Shown only when the server offers
//! `interview-prep.progressSummary` (older servers: hidden). Refreshed when the server starts,
//! whenever the server says progress changed (its summary comes with the notification), every
//! five minutes, and on request. Clicking it does what its tooltip says: "Quiz Due Cards" when
//! cards are due, else Show Progress (see `statusCommand`).

import * as vscode from 'vscode';

import { asSummary, statusCommand, statusText, statusTooltip, type Summary } from './progress';
import { Commands } from './protocol';
import type { Server } from './server';

export const PROGRESS_SUMMARY = Commands.progressSummary;
const PERIOD_MS = 5 * 60 * 1000;

export class DueStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private last: Summary | undefined;
  private readonly refreshed = new vscode.EventEmitter<Summary>();

  /** Fires with every summary read. */
  readonly onDidRefresh = this.refreshed.event;

  constructor(private readonly server: Server) {
    this.item = vscode.window.createStatusBarItem('interviewPrep.due', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Interview Prep: cards due';
    this.item.command = statusCommand(undefined);
    const timer = setInterval(() => void this.refresh(), PERIOD_MS);
    this.disposables.push(
      this.item,
      this.refreshed,
      { dispose: () => clearInterval(timer) },
      server.onStarted(() => void this.refresh()),
      server.onProgressChanged((change) => {
        const summary = asSummary(change.summary);
        if (summary) this.show(summary);
        else void this.refresh();
      }),
    );
  }

  /** The last summary read, if any. */
  get summary(): Summary | undefined {
    return this.last;
  }

  async refresh(): Promise<Summary | undefined> {
    if (!this.server.advertises(PROGRESS_SUMMARY)) {
      this.last = undefined;
      this.item.hide();
      return undefined;
    }
    try {
      const summary = asSummary(await this.server.execute(PROGRESS_SUMMARY, {}));
      if (!summary) throw new Error('unexpected progressSummary result');
      this.show(summary);
      return summary;
    } catch (e) {
      this.server.log.warn(`progress summary: ${e instanceof Error ? e.message : String(e)}`);
      this.item.text = '$(mortar-board) –';
      this.item.tooltip = 'Interview Prep: progress unavailable (click to see the Progress view)';
      this.item.command = statusCommand(undefined);
      this.item.show();
      return undefined;
    }
  }

  private show(summary: Summary): void {
    this.last = summary;
    this.item.text = statusText(summary);
    this.item.tooltip = statusTooltip(summary);
    this.item.command = statusCommand(summary);
    this.item.show();
    this.refreshed.fire(summary);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
