//! The quiz panel: a webview that draws the `QuizState` the server sends (`interview-prep/quiz`
//! starts a quiz, every `interview-prep/quizReply` returns the next state) and turns keys and
//! clicks into replies. The server owns the session; closing the panel before the end sends
//! `stop`, except with an unsent written answer: then the session stays and a notification
//! offers to reopen the panel, draft and all, or to stop. Drafts live here, per question
//! (`draftKey`), so a hidden panel, whose page VS Code drops, gets them back when shown.
//! What a key means and how a state reads are in quizModel.ts, the page in quizPage.ts.

import * as vscode from 'vscode';

import { makeNonce } from './nonce';
import { Requests, type QuizState } from './protocol';
import { codeTarget, draftKey, entryTarget, intentForKey, renderQuiz, type Intent } from './quizModel';
import { quizPage } from './quizPage';
import type { Server } from './server';

export const QUIZ_VIEW_TYPE = 'interviewPrep.quiz';

type Message =
  | { type: 'ready' }
  | { type: 'key'; key: string; text?: string; inText?: boolean }
  | { type: 'draft'; key: string | null; text: string }
  | { type: 'open'; target: string };

export class QuizPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: QuizState | undefined;
  private error: string | undefined;
  /** A reply is on its way: further keys wait for its state (no double answers). */
  private busy = false;
  /** "Stop without submitting?" is up. */
  private confirming = false;
  /** What is written in the text box, per question, until it is sent. */
  private readonly drafts = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: Server) {
    this.disposables.push(server.onQuiz((state) => this.show(state)));
  }

  /** Draws a new quiz's first state (a new quiz replaces the one shown). */
  show(state: QuizState): void {
    if (this.state?.session !== state.session) this.drafts.clear();
    this.state = state;
    this.error = undefined;
    this.busy = false;
    this.confirming = false;
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn, false);
      this.render();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      QUIZ_VIEW_TYPE,
      'Interview Prep: Quiz',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      // Nothing is loaded from anywhere: the page is one string with its style and script inline.
      { enableScripts: true, localResourceRoots: [], enableFindWidget: false },
    );
    this.panel = panel;
    panel.webview.html = quizPage(makeNonce());
    panel.webview.onDidReceiveMessage((m: Message) => void this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.closed(panel), undefined, this.disposables);
  }

  private closed(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panel = undefined;
    const state = this.state;
    if (!state || state.stage === 'done') {
      this.state = undefined;
      return;
    }
    const key = draftKey(state);
    const draft = key ? this.drafts.get(key) : undefined;
    if (draft && draft.trim()) {
      // Closed with an answer not yet sent: the session stays open until the user says.
      void this.askAboutDraft(state);
      return;
    }
    this.state = undefined;
    this.stop(state);
  }

  private stop(state: QuizState): void {
    this.server
      .request(Requests.quizReply, { session: state.session, action: 'stop' })
      .catch((e) => this.server.log.info(`stopping the quiz: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async askAboutDraft(state: QuizState): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      'Interview Prep: the quiz panel was closed with an answer you had not submitted.',
      'Reopen',
      'Stop Quiz',
    );
    // Meanwhile a new quiz, or the panel reopened another way: nothing left to decide.
    if (this.panel || this.state?.session !== state.session) return;
    if (choice === 'Reopen') {
      this.show(this.state);
      return;
    }
    this.state = undefined;
    this.drafts.clear();
    this.stop(state);
  }

  private render(): void {
    if (!this.panel || !this.state) return;
    const key = draftKey(this.state);
    void this.panel.webview.postMessage({
      type: 'render',
      html: renderQuiz(this.state, { error: this.error, confirming: this.confirming }),
      stage: this.state.stage,
      step: `${this.state.session}:${this.state.index}`,
      draftKey: key,
      draft: key ? this.drafts.get(key) ?? '' : undefined,
    });
  }

  private async onMessage(m: Message): Promise<void> {
    if (m.type === 'ready') {
      this.render();
    } else if (m.type === 'draft') {
      if (this.state && m.key && m.key === draftKey(this.state)) this.drafts.set(m.key, String(m.text ?? ''));
    } else if (m.type === 'key' && this.state) {
      const key = draftKey(this.state);
      // The key's message carries the text as it was: newer than the last draft, if anything.
      if (key && typeof m.text === 'string') this.drafts.set(key, m.text);
      const intent = intentForKey(this.state, m.key, { text: m.text, inText: m.inText, confirming: this.confirming });
      if (intent) await this.act(intent);
    } else if (m.type === 'open' && (m.target === 'code' || m.target === 'entry')) {
      await this.act({ kind: 'open', target: m.target });
    }
  }

  private async act(intent: Intent): Promise<void> {
    const state = this.state;
    if (!state) return;
    switch (intent.kind) {
      case 'reply': {
        if (this.busy) return;
        this.busy = true;
        this.confirming = false;
        try {
          const next = await this.server.request(Requests.quizReply, {
            session: state.session,
            action: intent.action,
            value: intent.value,
            text: intent.text,
          });
          // A new quiz may have replaced this one meanwhile: its state stays.
          if (this.state?.session === state.session) {
            // A written answer the server took is no longer a draft.
            const sent = intent.action === 'answer' ? draftKey(state) : undefined;
            if (sent && draftKey(next) !== sent) this.drafts.delete(sent);
            this.state = next;
            this.error = undefined;
          }
        } catch (e) {
          if (this.state?.session === state.session) {
            this.error = `The server did not take that answer: ${e instanceof Error ? e.message : String(e)}`;
          }
        } finally {
          this.busy = false;
        }
        this.render();
        return;
      }
      case 'close':
        this.panel?.dispose();
        return;
      case 'write':
        void this.panel?.webview.postMessage({ type: 'focus' });
        return;
      case 'confirmStop':
      case 'keepWriting':
        this.confirming = intent.kind === 'confirmStop';
        this.render();
        return;
      case 'progress':
        await vscode.commands.executeCommand('interviewPrep.showProgress');
        return;
      case 'open': {
        const target = intent.target === 'code' ? codeTarget(state) : state.entryLink ? entryTarget(state.entryLink) : undefined;
        if (target) await this.open(target.uri, target.line, intent.target === 'entry');
        return;
      }
    }
  }

  /** Opens a file at a line in the other editor group, so the quiz stays in view. */
  private async open(uri: string, line: number, keepFocus: boolean): Promise<void> {
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const at = Math.min(line, Math.max(0, doc.lineCount - 1));
    const start = new vscode.Position(at, doc.lineAt(at).firstNonWhitespaceCharacterIndex);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      preserveFocus: keepFocus,
      selection: new vscode.Range(start, start),
    });
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
