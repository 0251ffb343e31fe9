//! The extension's own commands (`interviewPrep.*`): palette entry points that call the server's
//! commands (`interview-prep.*`, registered by the language client), the concept navigator's
//! menu entries, Show Progress, Restart Server and Show Logs. A command the running server does
//! not offer yet says so instead of failing.

import * as vscode from 'vscode';

import type { Navigator, Node } from './navigator';
import type { ProgressPanel } from './progressPanel';
import { Commands } from './protocol';
import { NotAdvertised, type Server } from './server';
import type { DueStatus } from './status';

export function registerCommands(
  context: vscode.ExtensionContext,
  server: Server,
  status: DueStatus,
  progress: ProgressPanel,
  navigator: Navigator,
): void {
  const run = <A extends unknown[]>(id: string, f: (...args: A) => Promise<unknown>) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: A) => f(...args).catch((e) => report(server, e))),
    );

  run('interviewPrep.quizFile', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python') {
      await vscode.window.showInformationMessage('Interview Prep: open a Python file to be quizzed on it.');
      return;
    }
    const doc = editor.document;
    await server.execute(Commands.quizFile, { uri: doc.uri.toString() });
  });

  run('interviewPrep.quizDue', () => server.execute(Commands.quizDue, {}));

  run('interviewPrep.mockInterview', async () => {
    const topics = status.summary?.topics ?? [];
    const all = { label: 'All topics', topic: undefined as string | undefined };
    const items = [all, ...topics.map((t) => ({ label: t.title, description: t.topic, topic: t.topic }))];
    const picked = topics.length ? await vscode.window.showQuickPick(items, { title: 'Mock interview: which topic?' }) : all;
    if (picked === undefined) return;
    await server.execute(Commands.mockInterview, picked.topic ? { topic: picked.topic } : {});
  });

  run('interviewPrep.showProgress', () => progress.show());

  run('interviewPrep.navigator.refresh', async () => navigator.refresh());
  run('interviewPrep.navigator.quiz', (node?: Node) => navigator.quiz(node));
  run('interviewPrep.navigator.explain', (node?: Node) => navigator.explain(node));
  run('interviewPrep.navigator.hide', (node?: Node) => navigator.hide(node));

  run('interviewPrep.restartServer', () => server.restart());

  run('interviewPrep.showLogs', async () => server.log.show());
}

async function report(server: Server, e: unknown): Promise<void> {
  if (e instanceof NotAdvertised) {
    await vscode.window.showInformationMessage(
      `Interview Prep: this server (interview-prep ${e.version ?? 'unknown version'}) does not offer ` +
        `${e.command.replace('interview-prep.', '')} yet. Update interview-prep to use it.`,
    );
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  server.log.error(message);
  const choice = await vscode.window.showErrorMessage(`Interview Prep: ${message}`, 'Show Logs');
  if (choice === 'Show Logs') server.log.show();
}
