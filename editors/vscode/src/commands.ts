//! The extension's own commands (`interviewPrep.*`): palette entry points that call the server's
//! commands (`interview-prep.*`, registered by the language client), the concept navigator's
//! menu entries, Show Progress, Restart Server and Show Logs. Mock Interview asks what on
//! ("This workspace" first, see mock.ts) and, for the workspace, how long. A command the running
//! server does not offer yet says so instead of failing.

import * as vscode from 'vscode';

import { DEFAULT_MINUTES, minutesChoices, mockArgs, mockChoices, type MinutesChoice } from './mock';
import type { Navigator, Node } from './navigator';
import type { ProgressPanel } from './progressPanel';
import { Commands, type MockInterviewArgs } from './protocol';
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
    if (!editor || !server.languages.includes(editor.document.languageId)) {
      await vscode.window.showInformationMessage(
        'Interview Prep: open a Python file, a Dockerfile, a Compose or Kubernetes file, a CI workflow or SQL to be quizzed on it.',
      );
      return;
    }
    const doc = editor.document;
    await server.execute(Commands.quizFile, { uri: doc.uri.toString() });
  });

  run('interviewPrep.quizDue', () => server.execute(Commands.quizDue, {}));

  run('interviewPrep.mockInterview', async (arg?: unknown) => {
    const args = mockArgs(arg) ?? (await pickMock(status.summary?.topics ?? []));
    if (args) await server.execute(Commands.mockInterview, args);
  });

  run('interviewPrep.showProgress', () => progress.show());

  run('interviewPrep.navigator.refresh', async () => navigator.refresh());
  run('interviewPrep.navigator.quiz', (node?: Node) => navigator.quiz(node));
  run('interviewPrep.navigator.explain', (node?: Node) => navigator.explain(node));
  run('interviewPrep.navigator.hide', (node?: Node) => navigator.hide(node));

  run('interviewPrep.restartServer', () => server.restart());

  run('interviewPrep.showLogs', async () => server.log.show());
}

/** "Mock Interview": which one (This workspace first), and for the workspace how long.
 * Undefined when dismissed. */
async function pickMock(topics: Parameters<typeof mockChoices>[0]): Promise<MockInterviewArgs | undefined> {
  const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const picked = await vscode.window.showQuickPick(mockChoices(topics, hasWorkspace), {
    title: 'Mock interview: on what?',
    placeHolder: 'This workspace, or a topic',
  });
  if (!picked || !picked.args.workspace) return picked?.args;
  const minutes = await pickMinutes(minutesChoices(), DEFAULT_MINUTES, 'Mock interview on this workspace: how long?');
  return minutes === undefined ? undefined : { ...picked.args, minutes };
}

/** A QuickPick whose highlighted item is the default, so Enter takes it. */
function pickMinutes(items: MinutesChoice[], initial: number, title: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<MinutesChoice>();
    qp.title = title;
    qp.items = items;
    qp.activeItems = items.filter((i) => i.minutes === initial);
    let result: number | undefined;
    qp.onDidAccept(() => {
      result = qp.selectedItems[0]?.minutes ?? qp.activeItems[0]?.minutes;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(result);
    });
    qp.show();
  });
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
