//! The language client's life: finding the binary, starting `interview-prep serve`, restarting
//! on request, giving up after repeated crashes, and calling the server's own commands. Server
//! command ids (`interview-prep.*`) are registered by vscode-languageclient from what the server
//! advertises; the extension never registers them itself, it only calls them through here.
//! It also declares the quiz panel (`capabilities.experimental.interviewPrep.quizPanel`, and
//! `quizAnswers`: its text box takes written answers), relays
//! the server's `interview-prep/quiz` states, sends the custom requests, and puts each code
//! lens's `data.details` in its tooltip.

import * as fs from 'node:fs';

import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type ClientCapabilities,
  type FeatureState,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

import { documentSelector, selectedLanguages, type Language } from './languages';
import { lensTooltip } from './lens';
import {
  Notifications,
  QUIZ_ANSWERS_CAPABILITY,
  QUIZ_PANEL_CAPABILITY,
  type CommandTypes,
  type ProgressChanged,
  type QuizState,
  type RequestTypes,
} from './protocol';
import { RestartPolicy } from './restartPolicy';
import { candidates, describeRejections, resolveServer, type Found } from './serverPath';
import { serverSettings } from './settings';

export const SETTING_SERVER_PATH = 'interviewPrep.server.path';
export const SETTING_LANGUAGES = 'interviewPrep.languages';
/** The context key `when` clauses read: the languageIds the running client covers. */
const LANGUAGES_CONTEXT = 'interviewPrep.languages';

/** Thrown when the running server does not advertise a command (an older server version). */
export class NotAdvertised extends Error {
  constructor(readonly command: string, readonly version: string | undefined) {
    super(`interview-prep ${version ?? ''} does not offer ${command}`);
  }
}

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private covered: Language[] = selectedLanguages(vscode.workspace.getConfiguration('interviewPrep').get('languages'));
  private binary: Found | undefined;
  private readonly policy = new RestartPolicy();
  private queue: Promise<void> = Promise.resolve();
  private readonly progressChanged = new vscode.EventEmitter<ProgressChanged>();
  private readonly started = new vscode.EventEmitter<void>();
  private readonly quiz = new vscode.EventEmitter<QuizState>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires on `interview-prep/progressChanged`: an answer saved, a quiz ended, the store changed. */
  readonly onProgressChanged = this.progressChanged.event;
  /** Fires after every (re)start, and after a failed start too (`running` tells which). */
  readonly onStarted = this.started.event;
  /** Fires on `interview-prep/quiz`: a quiz started, to be drawn in the quiz panel. */
  readonly onQuiz = this.quiz.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.progressChanged,
      this.started,
      this.quiz,
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
    );
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  get version(): string | undefined {
    return this.client?.initializeResult?.serverInfo?.version ?? this.binary?.version;
  }

  /** The commands the running server advertises. */
  get commands(): readonly string[] {
    return this.client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  }

  /** The languageIds whose documents the server gets (`interviewPrep.languages`). */
  get languages(): readonly string[] {
    return this.covered;
  }

  advertises(command: string): boolean {
    return this.running && this.commands.includes(command);
  }

  /** Finds the binary and starts the client; on failure shows one error and stays stopped. */
  start(): Promise<void> {
    return this.serially(() => this.doStart());
  }

  /** A fresh start with a fresh crash budget (the user asked for it). */
  restart(): Promise<void> {
    return this.serially(async () => {
      this.policy.reset();
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.serially(() => this.doStop());
  }

  /** Start, stop and restart run one at a time, so a settings change during a start cannot
   * leave two servers running. */
  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    const config = vscode.workspace.getConfiguration('interviewPrep');
    this.covered = selectedLanguages(config.get('languages'));
    await vscode.commands.executeCommand('setContext', LANGUAGES_CONTEXT, this.covered);
    const list = candidates(config.get<string>('server.path'), this.context.extensionPath);
    const { found, rejected, notes } = await resolveServer(list);
    for (const note of notes) this.log.info(note);
    for (const r of rejected) this.log.info(`not using ${r.candidate.origin} ${r.candidate.file}: ${r.reason}`);
    if (!found) {
      this.binary = undefined;
      this.log.error(`no usable interview-prep binary: ${describeRejections(rejected)}`);
      this.started.fire();
      void this.showNotFound(describeRejections(rejected));
      return;
    }
    if (rejected.some((r) => r.candidate.origin === 'setting')) {
      void this.showSettingIgnored(describeRejections(rejected), found);
    }
    this.binary = found;
    this.log.info(`starting ${found.file} serve (interview-prep ${found.version}, from ${found.origin})`);
    const client = new LanguageClient('interviewPrep', 'Interview Prep', this.serverOptions(found), this.clientOptions());
    client.registerFeature(new QuizPanelFeature());
    this.client = client;
    try {
      await client.start();
    } catch (e) {
      this.log.error(`the server did not start: ${e instanceof Error ? e.message : String(e)}`);
      this.started.fire();
      return;
    }
    client.onNotification(Notifications.progressChanged, (params: ProgressChanged) => this.progressChanged.fire(params));
    client.onNotification(Notifications.quiz, (state: QuizState) => this.quiz.fire(state));
    this.started.fire();
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client && client.state !== State.Stopped) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log.warn(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Runs a server command with its typed arguments; throws `NotAdvertised` when this server
   * version lacks it. */
  async execute<C extends keyof CommandTypes>(
    command: C,
    args: CommandTypes[C]['args'],
  ): Promise<CommandTypes[C]['result'] | unknown> {
    if (!this.client || !this.running) throw new Error('the interview-prep server is not running');
    if (!this.commands.includes(command)) throw new NotAdvertised(command, this.version);
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
  }

  /** Sends one of the protocol's own requests (`interview-prep/*`). */
  async request<M extends keyof RequestTypes>(method: M, params: RequestTypes[M]['params']): Promise<RequestTypes[M]['result']> {
    if (!this.client || !this.running) throw new Error('the interview-prep server is not running');
    return this.client.sendRequest<RequestTypes[M]['result']>(method, params);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }

  private serverOptions(found: Found): ServerOptions {
    return { command: found.file, args: ['serve'], options: { env: process.env } };
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: documentSelector(this.covered),
      // Hover Markdown comes partly from user decks: never trusted (no `command:` links), no raw
      // HTML. These are the client's defaults too; stated here so that no change turns them on.
      markdown: { isTrusted: false, supportHtml: false },
      outputChannel: this.log,
      traceOutputChannel: this.log,
      initializationOptions: () => currentSettings(),
      middleware: {
        // Lens titles are short; what they stand for is the tooltip (Command.tooltip).
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          for (const lens of lenses ?? []) {
            const tooltip = lensTooltip((lens as { data?: unknown }).data);
            if (tooltip && lens.command) lens.command.tooltip = tooltip;
          }
          return lenses;
        },
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => {
          if (this.policy.crashed()) {
            this.log.warn(`the server exited; restarting (${this.policy.recentCrashes} in the last 3 minutes)`);
            return { action: CloseAction.Restart, handled: true };
          }
          void this.showCrashed();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  private async configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    // A new binary, or a new document selector (fixed when a client starts), needs a new client.
    for (const key of [SETTING_SERVER_PATH, SETTING_LANGUAGES]) {
      if (!e.affectsConfiguration(key)) continue;
      this.log.info(`${key} changed: restarting`);
      await this.restart();
      return;
    }
    if (e.affectsConfiguration('interviewPrep') && this.client && this.running) {
      await this.client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { interviewPrep: currentSettings() },
      });
    }
  }

  private async showNotFound(details: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      // Notifications show text as is: no Markdown backticks.
      `Interview Prep: cannot find a working interview-prep server (${details}). ` +
        'Install it with "pipx install ." (or "pip install .") in a clone of the interview-prep repository, or set interviewPrep.server.path.',
      'Open Setting',
      'Install Docs',
    );
    await this.handleChoice(choice);
  }

  private async showSettingIgnored(details: string, found: Found): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `Interview Prep: ${details}. Using ${found.file} (${found.origin}) instead.`,
      'Open Setting',
    );
    await this.handleChoice(choice);
  }

  private async showCrashed(): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `Interview Prep: the server stopped ${this.policy.recentCrashes} times in 3 minutes and will not be restarted.`,
      'Show Logs',
      'Restart Server',
      'Open Setting',
    );
    await this.handleChoice(choice);
  }

  private async handleChoice(choice: string | undefined): Promise<void> {
    switch (choice) {
      case 'Open Setting':
        await openServerPathSetting();
        break;
      case 'Install Docs':
        await openInstallDocs(this.context);
        break;
      case 'Show Logs':
        this.log.show();
        break;
      case 'Restart Server':
        await this.restart();
        break;
    }
  }
}

/** Declares `capabilities.experimental.interviewPrep.quizPanel`: quizzes come as
 * `interview-prep/quiz` states for the panel instead of `window/showMessageRequest` prompts; and
 * `quizAnswers`: the panel has a text box, so answer mode (and the workspace mock interview)
 * reaches it instead of falling back to flashcards. */
class QuizPanelFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental = (capabilities.experimental ??= {}) as Record<string, unknown>;
    const ours = (experimental.interviewPrep ??= {}) as Record<string, unknown>;
    ours[QUIZ_PANEL_CAPABILITY] = true;
    ours[QUIZ_ANSWERS_CAPABILITY] = true;
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

function currentSettings() {
  // The whole section as a plain object (the same view `synchronize.configurationSection` sends).
  return serverSettings(vscode.workspace.getConfiguration().get('interviewPrep'));
}

/**
 * `server.path` is machine-scoped: in a remote window (code-server, SSH, WSL, containers) it is
 * on the Remote tab, and the User tab would show "No Settings Found".
 */
async function openServerPathSetting(): Promise<void> {
  if (vscode.env.remoteName) {
    await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query: SETTING_SERVER_PATH });
  } else {
    await vscode.commands.executeCommand('workbench.action.openSettings', SETTING_SERVER_PATH);
  }
}

/** The install steps ship inside the extension (its README), so they open offline too. */
export async function openInstallDocs(context: vscode.ExtensionContext): Promise<void> {
  // vsce stores README.md as readme.md in the .vsix; a development checkout has README.md.
  for (const name of ['readme.md', 'README.md']) {
    const readme = vscode.Uri.joinPath(context.extensionUri, name);
    if (fs.existsSync(readme.fsPath)) {
      await vscode.commands.executeCommand('markdown.showPreview', readme);
      return;
    }
  }
}
