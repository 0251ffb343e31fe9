//! Entry point: on the first file of a language the server reads (Python, Dockerfile, Compose,
//! YAML, a GitHub Actions workflow, SQL: languages.ts) or the Interview Prep view, opens the
//! log, starts the server, and wires the status bar, the quiz panel, the Progress view, the
//! concept navigator and the extension's commands to it.

import * as vscode from 'vscode';

import { registerCommands } from './commands';
import { Navigator } from './navigator';
import { ProgressPanel } from './progressPanel';
import { QuizPanel } from './quizPanel';
import { Server } from './server';
import { DueStatus } from './status';

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Interview Prep', { log: true });
  server = new Server(context, log);
  const status = new DueStatus(server);
  const quiz = new QuizPanel(server);
  const progress = new ProgressPanel(server);
  const navigator = new Navigator(server);
  context.subscriptions.push(log, server, status, progress, quiz, navigator);
  registerCommands(context, server, status, progress, navigator);
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
