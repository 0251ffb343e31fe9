//! Entry point: on the first Python file, opens the log, starts the server, and wires the status
//! bar, the quiz panel, the Progress view and the extension's commands to it.

import * as vscode from 'vscode';

import { registerCommands } from './commands';
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
  context.subscriptions.push(log, server, status, progress, quiz);
  registerCommands(context, server, status, progress);
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
