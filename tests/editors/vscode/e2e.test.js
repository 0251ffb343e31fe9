//! The VS Code end-to-end test: a real VS Code (code-server) with the platform .vsix installed
//! and no interview-prep on PATH, driven headless through playwright-core. The server that runs
//! is the one bundled in the extension (made executable again by the extension: run-vscode.sh
//! drops its mode first), until a test sets `interviewPrep.server.path`, which wins. It asserts
//! what the user sees: diagnostic decorations and Problems rows with our codes (the pitfalls,
//! which are warnings), the hover's question and answer, the code lenses and their tooltips, the
//! quiz panel started from the file lens and answered with the keyboard in both modes (answers
//! land in the progress store), answer mode (a written answer graded point by point and
//! accepted, keys typed in the text box staying there, Esc asking before it drops a draft, a
//! hidden panel keeping it) and a mock interview on the workspace from Mock Interview's "This
//! workspace" (a follow-up, an empty answer confirmed as Forgot, a closed panel reopened with its
//! draft, the report at the end; the written answers and the report read back from the store),
//! the concept navigator (a click jumps to the occurrence), the Progress view's charts, the due
//! count in the status bar, a wrong-typed setting warned about once, live settings changes, a
//! wrong server path falling back to the bundled binary, and one clear error with buttons when
//! there is no server at all; the workspace's Dockerfile and CI workflow (a pitfall in Problems
//! and its hover, Quiz Me on This File). Started by tests/editors/run-vscode.sh, which sets the environment
//! read below. A server that does not advertise every command of the protocol
//! (editors/vscode/src/protocol.ts) fails the run: nothing is skipped.

'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { chromium } = require('playwright-core');

const { probe } = require('./server-probe');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`set $${name} (run tests/editors/run-vscode.sh)`);
  return value;
};
const URL = env('CODE_SERVER_URL');
const WORKSPACE = env('WORKSPACE');
const BIN = env('INTERVIEW_PREP_BIN');
const BUNDLED = env('INTERVIEW_PREP_BUNDLED'); // server/interview-prep inside the installed extension
const LOGS = env('VSCODE_LOGS'); // code-server's log directory (--user-data-dir/logs)
const DATA = env('INTERVIEW_PREP_DATA');
const SHOTS = env('SHOTS');
const T = 60_000; // the longest any single thing may take to appear

let browser;
let page;
let server; // what the server binary advertises, asked directly

/** The question and 30-second answer the deck gives for a concept, from the CLI. */
function expected(concept) {
  const out = execFileSync(BIN, ['explain', concept], { encoding: 'utf8' }).split('\n');
  const question = out[out.findIndex((l) => l.startsWith('====')) - 1];
  const short = out[out.indexOf('In 30 seconds:') + 1];
  assert.ok(question && short, 'explain output changed shape');
  return { question, short };
}

const VERSION = execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim().replace(/^interview-prep /, '');

/** The extension's log ("Interview Prep" output channel) as written to disk, all sessions. */
function extensionLog() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Interview Prep.log') files.push(p);
    }
  };
  walk(LOGS);
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** The binary the extension started last, and where it came from, from its log. */
function lastStart() {
  const starts = [...extensionLog().matchAll(/starting (.+) serve \(interview-prep (\S+), from (\w+)\)/g)];
  const last = starts.at(-1);
  return last && { file: last[1], version: last[2], origin: last[3] };
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();
/** Markdown as rendered: code spans lose their backticks. */
const rendered = (s) => squash(s.replace(/`/g, ''));

async function shot(name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Runs a command from the palette by its exact title (not the first fuzzy match). */
async function palette(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name').filter({ hasText: exact }),
  });
  await row.first().click({ timeout: T });
}

/**
 * Changes a setting the way a user does, in the Settings editor (code-server does not pick up
 * edits made to settings.json behind its back). Machine-scoped settings such as
 * `interviewPrep.server.path` live on the Remote tab in code-server.
 */
async function setSetting(key, value, tab = 'User') {
  await page.keyboard.press('Control+,');
  // With the quiz panel beside the code there are two editor groups: the active one has it.
  const editor = page.locator('.editor-group-container.active .settings-editor');
  await editor.waitFor({ timeout: T });
  const tabLabel = (name) => editor.locator('.settings-tabs-widget .action-label', { hasText: name });
  const checked = async (name) => tabLabel(name).evaluate((e) => e.classList.contains('checked'));
  // Ctrl+, on an open Settings editor switches it to the User tab, a moment later.
  await until('the User settings tab', () => checked('User'));
  if (tab !== 'User') {
    await tabLabel(tab).click();
    await until(`the ${tab} settings tab`, () => checked(tab));
  }
  await editor.locator('.suggest-input-container').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(key);
  const control = editor.locator(`[aria-label="${key}"]`).first();
  await control.waitFor({ timeout: T });
  if ((await control.evaluate((e) => e.tagName)) === 'SELECT') {
    await control.selectOption(value);
  } else {
    await control.fill(value);
    await control.press('Enter');
  }
}

/** The code editor showing views.py (the Settings editor has Monaco editors too). */
const views = () => page.locator('.monaco-editor[data-uri$="shop/views.py"]');

async function showEditorOf(file) {
  await page.getByRole('tab', { name: new RegExp(file.replace('.', '\\.')) }).click();
}

/** Back to views.py, scrolled to the top where the file lens is. */
async function showViewsTop() {
  await showEditorOf('views.py');
  await views().locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
}

/** Polls `fn` until it returns a truthy value (a condition, not a fixed sleep). */
async function until(what, fn, timeout = T) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every quiz lens: "6 concepts · 2 due · Quiz", "1 concept · Quiz". */
const quizLenses = () => page.locator('.codelens-decoration a', { hasText: /^\d+ concepts? · (\d+ due · )?Quiz$/ });

/** The file's lens: the topmost quiz lens of the editor scrolled to its top. */
async function fileLens() {
  const lenses = quizLenses();
  await lenses.first().waitFor({ timeout: T });
  let best;
  let bestY = Infinity;
  for (const lens of await lenses.all()) {
    const box = await lens.boundingBox();
    if (box && box.y < bestY) [best, bestY] = [lens, box.y];
  }
  assert.ok(best, 'a visible quiz lens');
  return best;
}

/**
 * The frame of a webview whose document passes `test` (run in the page): the quiz panel, the
 * Progress view. Webviews are nested iframes; this looks in every frame of the page.
 */
async function webview(what, test, timeout = T) {
  return until(what, async () => {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate(test).catch(() => false);
      if (ok) return frame;
    }
    return undefined;
  }, timeout);
}

const quizFrame = () => webview('the quiz panel', () => !!document.querySelector('main#main header .count'));

/** The quiz panel's state as the user sees it. */
async function quizView(frame) {
  return frame.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    return {
      stage: document.body.getAttribute('data-stage'),
      about: text('header .about'),
      progress: text('[data-testid=progress]'),
      question: text('[data-testid=question]'),
      code: text('[data-testid=code]'),
      where: text('figure.code figcaption'),
      choices: [...document.querySelectorAll('[data-testid=choices] .text')].map((e) => e.textContent),
      answer: text('[data-testid=answer]'),
      actions: text('[data-testid=actions]'),
      notice: text('[data-testid=notice]'),
      summary: text('[data-testid=summary]'),
      verdict: text('.verdict'),
      error: text('.error'),
      focused: document.hasFocus(),
      // Answer mode.
      lead: text('[data-testid=lead]'),
      followUp: text('[data-testid=followup]'),
      box: document.getElementById('answer-input')?.value ?? null,
      boxReadonly: document.getElementById('answer-input')?.readOnly ?? null,
      inBox: document.activeElement?.id === 'answer-input',
      written: text('[data-testid=written]'),
      points: [...document.querySelectorAll('[data-testid=points] li')].map((li) => ({
        icon: li.querySelector('.icon')?.textContent,
        said: li.querySelector('.sr')?.textContent?.trim(),
        text: li.querySelector('.text')?.textContent,
      })),
      proposal: text('[data-testid=proposal]'),
      proposed: text('[data-testid=proposed]'),
      confirmForgot: text('[data-testid=confirm-forgot]'),
      report: document.querySelector('[data-testid=report]')?.textContent ?? null,
    };
  });
}

/** Waits until the quiz panel shows what `ok` accepts; returns that view. */
async function quizUntil(frame, what, ok) {
  let last;
  try {
    return await until(what, async () => {
      last = await quizView(frame);
      return ok(last) ? last : undefined;
    });
  } catch (e) {
    throw new Error(`${e.message}; the panel shows ${JSON.stringify(last)}`);
  }
}

/** Reviews recorded today, read from the store by the server binary itself. */
async function reviewedToday() {
  const { summary } = await probe(BIN, { ...process.env, INTERVIEW_PREP_DATA: DATA });
  return summary?.reviewedToday ?? 0;
}

const toasts = (text) => page.locator('.notification-toast', { hasText: text });

/**
 * Starts a quiz with `start` until its first question is asked the way `ok` accepts. A new
 * `quiz.mode` reaches the server a moment after the Settings editor shows it, so a quiz started
 * at once can still come the old way: that one is stopped, and the quiz started again.
 */
async function firstQuestion(start, what, ok) {
  for (let attempt = 1; ; attempt++) {
    await start();
    const frame = await quizFrame();
    const view = await quizUntil(frame, 'the first question', (v) => v.stage === 'ask' && !!v.question);
    if (ok(view)) return { frame, view };
    if (attempt >= 5) throw new Error(`no ${what}: the panel shows ${JSON.stringify(view)}`);
    await page.keyboard.press('Escape'); // stops the quiz...
    await quizUntil(frame, 'the quiz stopped', (v) => v.stage === 'done');
    await page.keyboard.press('Escape'); // ...and closes the panel
    await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
    await page.waitForTimeout(500);
  }
}

/** Rows of the progress store, read with Python's sqlite3 (the store is the server's; this
 * only reads). */
function sql(query) {
  const script = 'import json, sqlite3, sys\n' +
    'c = sqlite3.connect(sys.argv[1]); c.row_factory = sqlite3.Row\n' +
    'print(json.dumps([dict(r) for r in c.execute(sys.argv[2])]))';
  return JSON.parse(execFileSync('python3', ['-c', script, path.join(DATA, 'progress.db'), query], { encoding: 'utf8' }));
}

/** Every written answer, oldest first: its review's entry, rating and mode, and the text. */
const writtenAnswers = () =>
  sql('SELECT r.entry_id AS entry, r.rating, r.mode, a.text FROM answers a JOIN reviews r ON r.id = a.review_id ORDER BY r.id');

/** Closes the quiz panel's tab with the mouse, as a user would. */
async function closeQuizTab() {
  const tab = page.getByRole('tab', { name: /Interview Prep: Quiz/ });
  await tab.hover();
  await tab.locator('.codicon-close').click();
  await tab.waitFor({ state: 'detached', timeout: T });
}

/** Waits for a toast to finish fading in, so screenshots show it whole. */
async function settled(toast) {
  await toast.and(page.locator('.notification-fade-in-done')).first().waitFor({ timeout: T });
}

/** A test that leaves a screenshot of the page when it fails. */
function check(name, options, fn) {
  test(name, options, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page?.screenshot({ path: path.join(SHOTS, `failed-${slug}.png`) }).catch(() => {});
      throw e;
    }
  });
}

before(async () => {
  server = await probe(BIN, { ...process.env, INTERVIEW_PREP_DATA: DATA });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(`${URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: T });
});

after(async () => {
  await browser?.close();
});

check('opening views.py shows our diagnostics: warnings for pitfalls, hints for concepts', { timeout: 2 * T }, async () => {
  await page.getByRole('treeitem', { name: 'shop' }).click({ timeout: T });
  // Opened for good (a double click), not as a preview that the next opened file replaces.
  await page.getByRole('treeitem', { name: 'views.py' }).dblclick({ timeout: T });
  const editor = views();
  await editor.locator('.squiggly-warning').nth(1).waitFor({ timeout: T });
  assert.equal(await editor.locator('.squiggly-warning').count(), 2, 'N+1 and the mutable default are warnings');
  // A concept is marked once per def (the module counts as one): a few hints, not one per use.
  const hints = await editor.locator('.squiggly-hint').count();
  assert.ok(hints >= 3 && hints <= 12, `concepts are hints, once per def: ${hints}`);
});

check('with no setting and no interview-prep on PATH, the bundled server runs', { timeout: 2 * T }, async () => {
  const started = await until('a server start in the log', async () => lastStart());
  assert.deepEqual(started, { file: BUNDLED, version: VERSION, origin: 'bundled' });
  // run-vscode.sh installed it without its executable bit, as a .vsix packed on Windows would be.
  assert.ok(extensionLog().includes(`made ${BUNDLED} executable (its mode was 644)`), 'the extension restored the mode');
  assert.equal(fs.statSync(BUNDLED).mode & 0o777, 0o755);
  await palette('Interview Prep: Show Logs');
  const output = page.locator('.part.panel .monaco-editor .view-lines');
  // Monaco renders spaces as no-break spaces.
  const shown = async () => (await output.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  await until('the log in the Output panel', async () => (await shown()).includes('from bundled)'));
  await shot('vscode-bundled-server');
  await page.keyboard.press('Control+J'); // hide the panel again
});

check('a setting of the wrong type: the server warns once; live changes apply', { timeout: 2 * T }, async () => {
  // A live settings change re-sends every setting, the bad one too: applied, not warned again.
  await setSetting('interviewPrep.conceptSeverity', 'information');
  await showViewsTop();
  const editor = views();
  await until('concepts shown as information, not hints', async () =>
    (await editor.locator('.squiggly-hint').count()) === 0 && (await editor.locator('.squiggly-info').count()) >= 2);
  assert.equal(await editor.locator('.squiggly-warning').count(), 2, 'pitfalls stay warnings');
  await setSetting('interviewPrep.conceptSeverity', 'hint');
  await showViewsTop();
  await until('concepts back to hints', async () => (await editor.locator('.squiggly-info').count()) === 0);
  await palette('Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.waitFor({ state: 'visible', timeout: T });
  const warnings = center.locator('.notification-list-item', { hasText: 'setting `topics`' });
  await warnings.first().waitFor({ timeout: T });
  assert.match(squash(await warnings.first().innerText()), /setting `topics`: expected a list of topic names, got 5; using all topics/);
  assert.equal(await warnings.count(), 1, 'warned once');
  await shot('vscode-settings-warning');
  await palette('Notifications: Clear All Notifications');
});

check('the Problems panel lists the pitfalls with source and concept code', { timeout: 2 * T }, async () => {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.locator('.monaco-list-row', { hasText: 'n-plus-one' }).waitFor({ timeout: T });
  const text = squash(await panel.innerText());
  // A mark's message is the concept's title; the question is in the hover.
  assert.match(text, /N\+1 queries\s+interview-prep\s*\(?n-plus-one\)? \[Ln 13, Col 50\]/);
  assert.match(text, /Mutable default argument\s+interview-prep\s*\(?mutable-default-argument\)? \[Ln 17, Col 26\]/);
  // Hints never reach Problems: what is listed are the pitfalls, as warnings.
  const rows = panel.locator('.monaco-list-row', { hasText: 'interview-prep' });
  assert.equal(await rows.count(), 2, `only the two pitfalls: ${text}`);
  const labels = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
  for (const label of labels) assert.match(label, /warning/i, `a warning: ${labels.join(' | ')}`);
  // No row selected (Escape clears the list's selection), focus back in the editor: a selected
  // row shows its quick-fix light bulb instead of its severity icon.
  await panel.locator('.monaco-list').first().focus();
  await page.keyboard.press('Escape');
  await views().locator('.view-lines').click();
  await views().locator('.codelens-decoration').first().waitFor({ timeout: T });
  await shot('vscode-problems');
  await page.keyboard.press('Control+J'); // hide the panel again
});

check('hover on the N+1 access shows the interview question and the answer', { timeout: 2 * T }, async () => {
  const { question, short } = expected('n-plus-one');
  await views().locator('.view-lines').click();
  await palette('Go to Line/Column...');
  await page.keyboard.type('13:50');
  await page.keyboard.press('Enter');
  await palette('Show or Focus Hover');
  // The hover holds the diagnostic (whose message is the question) and, below it, our answer.
  const hover = page.locator('.monaco-hover').filter({ hasText: rendered(short).slice(0, 40) });
  await hover.first().waitFor({ state: 'visible', timeout: T });
  const text = rendered(await hover.first().innerText());
  assert.ok(text.includes(rendered(question)), text);
  assert.ok(text.includes(rendered(short)), `hover lacks the 30-second answer "${short}":\n${text}`);
  await shot('vscode-hover');
  await page.keyboard.press('Escape');
});

check('code lenses: "N concepts · Quiz" on the file and one per function, the concepts in the tooltip', { timeout: 2 * T }, async () => {
  await showViewsTop();
  const file = await fileLens();
  await until('a lens over the file and each of the four functions', async () => (await quizLenses().count()) >= 5);
  // The short title stands for the concepts: the tooltip lists them, pitfalls first.
  const tooltip = await file.getAttribute('title');
  assert.match(tooltip ?? '', /^⚠ (N\+1 queries|Mutable default argument) · ⚠ /, `file lens tooltip: ${tooltip}`);
  const tips = await Promise.all((await quizLenses().all()).map((l) => l.getAttribute('title')));
  assert.ok(tips.includes('⚠ Mutable default argument'), `function lens tooltips: ${tips.join(' | ')}`);
  await shot('vscode-lenses');
});

check('the status bar shows the due count; its tooltip says what a click does', { timeout: 2 * T }, async () => {
  assert.ok(server.commands.includes('interview-prep.progressSummary'), `advertised: ${server.commands}`);
  const due = page.locator('.statusbar-item', { hasText: /\d+ due/ });
  await due.waitFor({ timeout: T });
  const label = (await due.first().locator('a').getAttribute('aria-label')) ?? '';
  const count = Number(/(\d+) due/.exec(await due.first().innerText())[1]);
  await due.first().hover();
  const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Interview Prep' });
  await hover.first().waitFor({ state: 'visible', timeout: T });
  const tip = squash(await hover.first().innerText());
  assert.match(tip, count > 0 ? /Click to quiz the due cards/ : /Nothing due: click to see your progress/, `${label} / ${tip}`);
  await page.mouse.move(700, 400);
});

check('the file lens opens the quiz panel: question, code snippet, "1 of N"; Space shows the answer', { timeout: 3 * T }, async () => {
  await showViewsTop();
  const before = await reviewedToday();
  await (await fileLens()).click();
  const frame = await quizFrame();
  const view = await quizUntil(frame, 'the first question', (v) => v.stage === 'ask' && !!v.question);
  assert.match(view.progress, /^1 of \d+$/, view.progress);
  assert.ok(view.question.length >= 10, `question: ${view.question}`);
  assert.match(view.where ?? '', /^shop\/views\.py:\d+$/, 'the snippet names its file and line');
  assert.ok(view.code && view.code.length > 3, `snippet: ${view.code}`);
  const source = fs.readFileSync(path.join(WORKSPACE, 'shop/views.py'), 'utf8').split('\n');
  const line = Number(view.where.split(':')[1]);
  assert.equal(view.code, source[line - 1].trim(), 'the snippet is that line of the file');
  assert.match(view.actions, /Space\s*Show answer/);
  assert.ok(view.focused, 'the panel has the keyboard focus as it opens');
  await shot('vscode-quiz-panel');
  await page.keyboard.press(' ');
  const rate = await quizUntil(frame, 'the answer and the ratings', (v) => v.stage === 'rate');
  assert.ok(rate.answer && rate.answer.length > 20, `answer: ${rate.answer}`);
  for (const label of ['1 Forgot', '2 Struggled', '3 Recalled', '4 Easy']) {
    assert.match(rate.actions, new RegExp(label.replace(' ', '\\s*')), rate.actions);
  }
  await shot('vscode-quiz-panel-answer');
  // Rating with a key saves the review before the next state comes back.
  await page.keyboard.press('3');
  const next = await quizUntil(frame, 'the second question', (v) => v.stage === 'ask' && /^2 of/.test(v.progress));
  assert.match(next.notice ?? '', /Saved|next review/i, `notice: ${next.notice}`);
  assert.ok((await reviewedToday()) > before, 'the rating is in the progress store');
  // Esc stops the quiz; the end shows the summary; Esc again closes the panel.
  await page.keyboard.press('Escape');
  const done = await quizUntil(frame, 'the end summary', (v) => v.stage === 'done');
  assert.match(done.summary, /Quiz finished: 1 answered/);
  await shot('vscode-quiz-panel-done');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
});

check('multiple choice in the panel: four statements in full, keys pick one, the review is saved', { timeout: 3 * T }, async () => {
  await setSetting('interviewPrep.quiz.mode', 'choice');
  const before = await reviewedToday();
  const { frame, view } = await firstQuestion(async () => {
    await showViewsTop();
    await (await fileLens()).click();
  }, 'multiple-choice question', (v) => v.choices.length > 0);
  assert.equal(view.choices.length, 4, 'four statements');
  for (const c of view.choices) assert.ok(c.length >= 15 && !c.endsWith('…'), `a statement in full: ${c}`);
  assert.ok(view.code, 'the code snippet is shown with the choices too');
  await shot('vscode-quiz-panel-choice');
  await page.keyboard.press('1');
  const result = await quizUntil(frame, 'the result of the pick', (v) => v.stage === 'result');
  assert.match(result.verdict, /^(Right\.|Not quite: the true statement is [1-4]\.)$/);
  assert.ok(result.answer && result.answer.length > 20, `answer: ${result.answer}`);
  await shot('vscode-quiz-panel-result');
  await until('the pick in the progress store', async () => (await reviewedToday()) > before);
  await page.keyboard.press(' ');
  await quizUntil(frame, 'the next question', (v) => (v.stage === 'ask' && /^2 of/.test(v.progress)) || v.stage === 'done');
  // Closing the panel mid-quiz stops it (the server ends the session).
  await closeQuizTab();
  await setSetting('interviewPrep.quiz.mode', 'flashcard');
});

check('answer mode in the panel: write, Ctrl+Enter, the key points made and missed, Enter accepts', { timeout: 4 * T }, async () => {
  await setSetting('interviewPrep.quiz.mode', 'answer');
  // The lens over add_tags: one concept, the mutable default, so one known question.
  const { frame, view: ask } = await firstQuestion(async () => {
    await showViewsTop();
    await quizLenses().and(page.locator('[title="⚠ Mutable default argument"]')).first().click({ timeout: T });
  }, 'question with a text box', (v) => v.box !== null);
  assert.match(ask.question, /mutable default/i);
  assert.equal(ask.code, 'def add_tags(order, tags=[]):');
  assert.ok(ask.inBox, 'the text box has the focus as the question opens');
  assert.match(ask.actions, /Ctrl\+Enter\s*Submit answer/);
  assert.match(ask.actions, /S\s*Skip/);
  assert.match(ask.actions, /Esc\s*Stop/);
  // Keys that answer other stages (1-4, Space, S, C, Enter) are text here.
  const written = 'The default list is built once, when def runs, and shared by every call:\n' +
    'so 1 call sees what 2 calls before it appended. Use None and create a fresh list inside.';
  await page.keyboard.type(written);
  let view = await quizView(frame);
  assert.equal(view.stage, 'ask', 'typing answered nothing');
  assert.equal(view.box, written, 'every key went into the text box');
  // Esc with something written asks first; Esc again goes back to writing, the text intact.
  await page.keyboard.press('Escape');
  view = await quizUntil(frame, 'the question before a stop', (v) => /Stop without submitting/.test(v.actions ?? ''));
  assert.equal(view.stage, 'ask');
  assert.match(view.actions, /Enter\s*Stop quiz\s*Esc\s*Keep writing/);
  await page.keyboard.press('Escape');
  view = await quizUntil(frame, 'back to writing', (v) => v.inBox && !/Stop without/.test(v.actions ?? ''));
  assert.equal(view.box, written, 'the draft survived');
  // Another editor over the panel: VS Code drops the hidden page; shown again, the draft is back.
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('pyproject.toml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pyproject.toml' }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
  const other = page.getByRole('tab', { name: /pyproject\.toml/ });
  await other.waitFor({ timeout: T });
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).click();
  const shown = await quizFrame();
  view = await quizUntil(shown, 'the question shown again', (v) => v.stage === 'ask' && v.box !== null && v.box.length > 0);
  assert.equal(view.box, written, 'the draft is back in the box');
  await other.hover();
  await other.locator('.codicon-close').click();
  await other.waitFor({ state: 'detached', timeout: T });
  await showEditorOf('views.py'); // the Explorer's selection back on views.py
  await shown.locator('#answer-input').click();
  await quizUntil(shown, 'the focus in the box', (v) => v.inBox);
  await shot('vscode-answer-ask');
  await page.keyboard.press('Control+Enter');
  const graded = await quizUntil(shown, 'the graded answer', (v) => v.stage === 'graded');
  assert.equal(graded.written, `You wrote ${squash(written)}`);
  assert.ok(graded.points.length >= 3, `key points: ${JSON.stringify(graded.points)}`);
  for (const p of graded.points) {
    // Made and missed differ by icon and by word, not only by colour.
    assert.ok((p.icon === '✓' && p.said === 'Made:') || (p.icon === '✗' && p.said === 'Missed:'), JSON.stringify(p));
    assert.ok(p.text && p.text.length > 10, JSON.stringify(p));
  }
  assert.ok(graded.points.some((p) => p.icon === '✓'), `some points made: ${JSON.stringify(graded.points)}`);
  const made = graded.points.filter((p) => p.icon === '✓').length;
  const proposed = /^(\d)\s*(Forgot|Struggled|Recalled|Easy)\s*Enter$/.exec(graded.proposed ?? '');
  assert.ok(proposed, `one rating is the proposal, with Enter on it: ${graded.proposed}`);
  assert.match(graded.proposal, new RegExp(`^${made} of ${graded.points.length} key points: ${proposed[2]}\\? Enter accepts, 1–4 overrule\\.$`));
  assert.ok(graded.answer && graded.answer.length > 20, 'the short answer is below');
  await shot('vscode-answer-graded');
  const answersBefore = writtenAnswers().length;
  await page.keyboard.press('Enter');
  const done = await quizUntil(shown, 'the end of the one-question quiz', (v) => v.stage === 'done');
  assert.match(done.summary, /1 answered/);
  // The review and what was written are in the store, as answer mode.
  const rows = writtenAnswers();
  assert.equal(rows.length, answersBefore + 1, 'one written answer more');
  const last = rows.at(-1);
  assert.equal(last.entry, 'mutable-default-arguments');
  assert.equal(last.mode, 'answer');
  assert.equal(last.rating, Number(proposed[1]), 'the proposal, accepted');
  assert.equal(last.text, written);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
  await setSetting('interviewPrep.quiz.mode', 'flashcard');
});

check('Mock Interview on this workspace: a warm-up, a follow-up, Forgot for nothing written, the report', { timeout: 5 * T }, async () => {
  // The flashcard setting stays: "This workspace" is answered in writing all the same.
  const mocksBefore = sql('SELECT count(*) AS n FROM mock_sessions')[0].n;
  await showViewsTop();
  await palette('Interview Prep: Mock Interview');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await page.locator('.quick-input-title', { hasText: 'Mock interview: on what?' }).waitFor({ timeout: T });
  const first = squash(await rows.first().innerText());
  assert.match(first, /^This workspace\s*questions on your own code, timed$/);
  assert.match(squash(await rows.nth(1).innerText()), /^All topics/);
  await page.keyboard.press('Enter');
  // How long: 30 minutes is the one Enter would take; 15 is picked.
  await page.locator('.quick-input-title', { hasText: 'how long?' }).waitFor({ timeout: T });
  const minutes = (await rows.allInnerTexts()).map(squash);
  assert.equal(minutes.length, 3, minutes.join(' | '));
  assert.match(minutes.join(' | '), /^15 minutes \| 30 minutes\s*default \| 45 minutes$/);
  assert.match(squash(await page.locator('.quick-input-list .monaco-list-row.focused').innerText()), /^30 minutes/);
  await rows.filter({ hasText: '15 minutes' }).click();

  const frame = await quizFrame();
  const warm = await quizUntil(frame, 'the warm-up', (v) => v.stage === 'ask' && !!v.lead);
  assert.equal(warm.lead, 'Warm-up. This project uses Django.');
  assert.match(warm.progress, /^1 of [3-9]$/);
  assert.ok(warm.inBox, 'written answers');
  const warmUp = 'Django is a batteries-included web framework: ORM, migrations, auth and admin come with it. ' +
    'MVT is MVC renamed: the view does the controller\'s job and the template presents.';
  await page.keyboard.type(warmUp);
  await page.keyboard.press('Control+Enter');
  await quizUntil(frame, 'the warm-up graded', (v) => v.stage === 'graded' && v.points.length > 0);
  await page.keyboard.press('Enter');
  // The follow-up: its own text box, the question it follows as context.
  const follow = await quizUntil(frame, 'the follow-up', (v) => v.stage === 'followup');
  assert.ok(follow.followUp && follow.followUp.length > 10, `follow-up: ${follow.followUp}`);
  assert.equal(follow.box, '', 'a fresh box for the follow-up');
  assert.ok(follow.inBox);
  assert.match(follow.actions, /Ctrl\+Enter\s*Submit\s*S\s*Skip/);
  const followUpAnswer = 'FastAPI for async, I/O-heavy APIs; Flask for something small.';
  await page.keyboard.type(followUpAnswer);
  await shot('vscode-answer-followup');
  await page.keyboard.press('Control+Enter');
  // Then the pitfalls of the code, with the line: the N+1 loop first.
  const second = await quizUntil(frame, 'the second question', (v) => v.stage === 'ask' && /^2 of/.test(v.progress));
  // Any file of the workspace: views.py's pitfalls, or the Dockerfile's or the workflow's.
  assert.match(second.where ?? '', /^(shop\/views\.py|Dockerfile|\.github\/workflows\/ci\.yml):\d+$/);
  assert.equal(second.lead, null, 'only the warm-up has a lead');
  // Nothing written: no proposal, "Rate it Forgot?"; W writes again, Enter confirms Forgot.
  await page.keyboard.press('Control+Enter');
  const empty = await quizUntil(frame, 'Rate it Forgot?', (v) => v.stage === 'graded' && !!v.confirmForgot);
  assert.equal(empty.confirmForgot, 'Nothing written. Rate it Forgot?');
  assert.match(empty.actions, /Enter\s*Forgot\s*W\s*Write again/);
  assert.equal(empty.points.length, 0, 'the key points wait: they would spoil writing again');
  assert.equal(empty.answer, null);
  await shot('vscode-answer-forgot');
  await page.keyboard.press('w');
  await quizUntil(frame, 'writing again', (v) => v.stage === 'ask' && /^2 of/.test(v.progress) && v.inBox);
  await page.keyboard.press('Control+Enter');
  await quizUntil(frame, 'Rate it Forgot? again', (v) => v.stage === 'graded' && !!v.confirmForgot);
  await page.keyboard.press('Enter');
  const follow2 = await quizUntil(frame, 'the second follow-up', (v) => v.stage === 'followup' && /^2 of/.test(v.progress));
  assert.match(follow2.notice ?? '', /Saved/);
  // A draft of the follow-up, then the tab closed: the session waits, and Reopen brings it back.
  await page.keyboard.type('select_related in serializers');
  await quizUntil(frame, 'the draft typed', (v) => v.box === 'select_related in serializers');
  await closeQuizTab();
  const asked = toasts('closed with an answer you had not submitted');
  await asked.first().waitFor({ timeout: T });
  await asked.getByRole('button', { name: 'Reopen' }).click();
  const reopened = await quizFrame();
  const back = await quizUntil(reopened, 'the follow-up with its draft', (v) => v.stage === 'followup' && v.box !== null && v.box.length > 0);
  assert.equal(back.box, 'select_related in serializers', 'the draft is back');
  assert.equal(back.followUp, follow2.followUp);
  // Esc asks; Enter stops: the interview ends with its report.
  await page.keyboard.press('Escape');
  await quizUntil(reopened, 'the question before a stop', (v) => /Stop without submitting/.test(v.actions ?? '') && v.boxReadonly);
  await page.keyboard.press('Enter');
  const done = await quizUntil(reopened, 'the report', (v) => v.stage === 'done' && !!v.report);
  const report = done.report;
  assert.match(report, /^Mock interview report · workspace\nStack: Django\n2 questions in \d+:\d\d · \d+ of \d+ key points\n/);
  assert.ok(report.includes(`1. Django · `) && report.includes(warm.question), report);
  assert.ok(report.includes(`Follow-up (answered): ${follow.followUp}`), report);
  assert.ok(report.includes(`\n2. ${second.about} · ${second.where} · `), report);
  assert.match(report, /\n2\. .* · 0 of \d+ key points · Forgot\n/);
  assert.match(report, /planned questions? not reached/);
  await shot('vscode-mock-report');
  // In the store: both written answers (the empty one as Forgot), and the report.
  const answers = writtenAnswers().slice(-2);
  assert.deepEqual(answers.map((a) => [a.mode, a.text]), [['answer', warmUp], ['answer', '']]);
  assert.equal(answers[1].rating, 1, 'Forgot');
  const mocks = sql('SELECT report FROM mock_sessions ORDER BY id');
  assert.equal(mocks.length, mocksBefore + 1, 'one mock interview kept');
  assert.ok(mocks.at(-1).report.includes(followUpAnswer), 'the follow-up answer is in the kept report');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
});

check('the concept navigator lists the file\'s concepts, pitfalls first; a click jumps to the place', { timeout: 3 * T }, async () => {
  await showViewsTop();
  await page.locator('.activitybar').getByRole('tab', { name: /^Interview Prep/ }).click({ timeout: T });
  const tree = page.locator('.part.sidebar');
  await tree.getByRole('treeitem', { name: /This file/ }).waitFor({ timeout: T });
  const n1 = tree.getByRole('treeitem', { name: /^N\+1 queries/ });
  await n1.waitFor({ timeout: T });
  const rows = await tree.getByRole('treeitem').allInnerTexts();
  const names = rows.map(squash);
  const firstConcept = names.findIndex((r) => !/^(This file|Workspace|N\+1 queries|Mutable default argument)/.test(r));
  assert.ok(names.findIndex((r) => r.startsWith('N+1 queries')) < firstConcept, `pitfalls first: ${names.join(' | ')}`);
  assert.ok(names.findIndex((r) => r.startsWith('Mutable default argument')) < firstConcept, names.join(' | '));
  assert.ok(await n1.locator('.codicon-warning').count(), 'a pitfall has the warning icon');
  // The root's counts come with its children: the row is redrawn once they are in.
  await until('the file root counting its concepts', async () =>
    /views\.py · 9 concepts/.test(squash(await tree.getByRole('treeitem', { name: /This file/ }).innerText())));
  await n1.click();
  const place = tree.getByRole('treeitem', { name: /order\.customer\.email/ });
  await place.waitFor({ timeout: T });
  assert.match(squash(await place.innerText()), /^Ln 13\s*rows\.append/);
  // Move the cursor away, then let the tree put it on the N+1 access (line 13).
  await showViewsTop();
  await place.click();
  const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
  await until('the cursor on the N+1 access', async () => /Ln 13, Col \d+/.test(await selection.innerText().catch(() => '')));
  // The workspace root is asked for only when expanded; it holds views.py, the Dockerfile and
  // the CI workflow.
  await tree.getByRole('treeitem', { name: /Workspace/ }).click();
  await until('the workspace root counted its files', async () =>
    /Workspace\s*3 files · 15 concepts/.test(squash(await tree.getByRole('treeitem', { name: /Workspace/ }).innerText())));
  await page.mouse.move(1100, 16); // no tooltip over the tree
  await shot('vscode-navigator');
  // Explain, from the context menu: the deck's entry opens in an editor.
  await n1.first().click({ button: 'right' });
  const explain = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Explain$/ });
  await explain.waitFor({ timeout: T });
  // A menu ignores the mouse-up of the gesture that opened it: let that moment pass.
  await page.waitForTimeout(500);
  await explain.click();
  const deckTab = page.getByRole('tab', { name: /\.md\b/ });
  await deckTab.first().waitFor({ timeout: T });
  await deckTab.first().hover();
  await deckTab.first().locator('.codicon-close').click();
  // Quiz Me, the row's inline button: a quiz on that concept, quoting the occurrence's line.
  await place.hover();
  await place.locator('.action-label[aria-label="Quiz Me"]').click({ timeout: T });
  const frame = await quizFrame();
  const quiz = await quizUntil(frame, 'a quiz on N+1 queries', (v) => v.stage === 'ask' && !!v.question);
  assert.match(quiz.where ?? '', /^shop\/views\.py:13$/, `the occurrence is quoted: ${JSON.stringify(quiz)}`);
  await page.keyboard.press('Escape');
  await quizUntil(frame, 'the quiz stopped', (v) => v.stage === 'done');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
  await page.locator('.activitybar').getByRole('tab', { name: /^Explorer/ }).click();
});

check('Show Progress opens the Progress view: the report\'s charts, drawn', { timeout: 2 * T }, async () => {
  await palette('Interview Prep: Show Progress');
  await page.getByRole('tab', { name: /Interview Prep: Progress/ }).waitFor({ timeout: T });
  const frame = await webview('the progress report', () => document.body?.getAttribute('data-charts') === '3');
  const drawn = await frame.evaluate(() => [...document.querySelectorAll('.chart')].map((c) => c.getAttribute('data-drawn')));
  assert.deepEqual(drawn, ['yes', 'yes', 'yes'], 'mastery, reviews per day and forecast charts drawn');
  const bars = await frame.evaluate(() => Number(document.getElementById('per-day').getAttribute('data-bars')));
  assert.ok(bars >= 1, 'reviews per day has bars');
  const reviews = await frame.evaluate(() => document.querySelector('.stats')?.textContent ?? '');
  assert.match(squash(reviews), /\b[1-9]\d*\s*reviews today/, `today's answers are counted: ${reviews}`);
  // A workbench hover (a tab's tooltip) stays until the mouse moves in the workbench itself.
  await page.mouse.move(1100, 52);
  await page.waitForTimeout(300);
  await shot('vscode-progress');
  await frame.evaluate(() => document.getElementById('per-day').scrollIntoView({ block: 'center' }));
  await shot('vscode-progress-charts');
  const tab = page.getByRole('tab', { name: /Interview Prep: Progress/ });
  await tab.hover();
  await tab.locator('.codicon-close').click();
  await tab.waitFor({ state: 'detached', timeout: T });
});

check('answers reach the status bar: the due count follows the store', { timeout: 2 * T }, async () => {
  let summary;
  await until('the status bar showing the store\'s due count', async () => {
    summary = (await probe(BIN, { ...process.env, INTERVIEW_PREP_DATA: DATA })).summary;
    if (!summary || !(summary.reviewedToday >= 2)) return false;
    return (await page.locator('.statusbar-item', { hasText: new RegExp(`\\b${summary.due} due`) }).count()) > 0;
  });
  assert.ok(fs.existsSync(path.join(DATA, 'progress.db')), 'progress.db in the data dir');
  await shot('vscode-status');
});

check('a wrong server path: one warning, and the bundled server goes on', { timeout: 3 * T }, async () => {
  await palette('Notifications: Clear All Notifications');
  await setSetting('interviewPrep.server.path', '/nonexistent/interview-prep', 'Remote');
  const warning = toasts('interviewPrep.server.path /nonexistent/interview-prep: no such file');
  await warning.first().waitFor({ timeout: T });
  const said = squash(await warning.first().innerText());
  assert.ok(said.includes(`Using ${BUNDLED} (bundled) instead`), said);
  await showEditorOf('views.py');
  await fileLens();
  assert.deepEqual(lastStart(), { file: BUNDLED, version: VERSION, origin: 'bundled' });
  await settled(warning);
  await shot('vscode-wrong-server-path');
  await palette('Notifications: Clear All Notifications');
});

check('interviewPrep.server.path wins over the bundled binary', { timeout: 3 * T }, async () => {
  await setSetting('interviewPrep.server.path', BIN, 'Remote');
  await until('the server started from the setting', async () => lastStart()?.origin === 'setting');
  assert.deepEqual(lastStart(), { file: BIN, version: VERSION, origin: 'setting' });
  await showEditorOf('views.py');
  await fileLens();
  await views().locator('.squiggly-warning').first().waitFor({ timeout: T });
});

check('no server anywhere: one error with "Open Setting" and "Install Docs", no restart loop', { timeout: 3 * T }, async () => {
  // A .vsix without a server (or one for another platform) and nothing on PATH.
  fs.renameSync(BUNDLED, `${BUNDLED}.away`);
  await palette('Notifications: Clear All Notifications');
  await setSetting('interviewPrep.server.path', '/nonexistent/interview-prep', 'Remote');
  const error = toasts('cannot find a working interview-prep server');
  await error.first().waitFor({ timeout: T });
  const text = squash(await error.first().innerText());
  // "no interview-prep on PATH": the extension host's PATH has none either.
  assert.match(text, /\(interviewPrep\.server\.path \/nonexistent\/interview-prep: no such file; no interview-prep on PATH\)/);
  assert.match(text, /pipx install \./);
  assert.ok(await error.getByRole('button', { name: 'Open Setting' }).isVisible());
  assert.ok(await error.getByRole('button', { name: 'Install Docs' }).isVisible());
  // Nothing restarts behind the user's back: the lenses go and no second error comes.
  await showEditorOf('views.py');
  await quizLenses().first().waitFor({ state: 'detached', timeout: T });
  await settled(error);
  await shot('vscode-missing-server');
  await page.waitForTimeout(3000); // a window in which a restart loop would show itself
  assert.equal(await error.count(), 1, 'one error');
  await error.getByRole('button', { name: 'Open Setting' }).click();
  await page
    .locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' })
    .first()
    .waitFor({ timeout: T });
});

check('the bundled binary back and the setting cleared: the server is back', { timeout: 2 * T }, async () => {
  fs.renameSync(`${BUNDLED}.away`, BUNDLED);
  await setSetting('interviewPrep.server.path', '', 'Remote');
  await showEditorOf('views.py');
  await quizLenses().first().waitFor({ timeout: T });
  await views().locator('.squiggly-warning').first().waitFor({ timeout: T });
  assert.deepEqual(lastStart(), { file: BUNDLED, version: VERSION, origin: 'bundled' });
});

check('Hide in This Project from the navigator: the server writes the project config and offers Undo', { timeout: 3 * T }, async () => {
  await showViewsTop();
  await page.locator('.activitybar').getByRole('tab', { name: /^Interview Prep/ }).click({ timeout: T });
  const tree = page.locator('.part.sidebar');
  const fileRows = async () => squash((await tree.getByRole('treeitem').allInnerTexts()).join(' | '));
  const generators = tree.getByRole('treeitem', { name: /^Generators/ }).first();
  await generators.waitFor({ timeout: T });
  await generators.click({ button: 'right' });
  const hide = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Hide in This Project$/ });
  await hide.waitFor({ timeout: T });
  await page.waitForTimeout(500); // past the mouse-up of the right click
  await hide.click();
  const said = toasts('is hidden in this project');
  await said.first().waitFor({ timeout: T });
  assert.match(squash(await said.first().innerText()), /Generators is hidden in this project: `?generator-function`? added to `?ignore`? in pyproject\.toml/);
  const config = path.join(WORKSPACE, 'pyproject.toml');
  await until('generator-function in pyproject.toml on disk', async () => /generator-function/.test(fs.readFileSync(config, 'utf8')));
  await until('Generators gone from the navigator', async () => !/Generators/.test(await fileRows()));
  await settled(said);
  await shot('vscode-hide-in-project');
  await said.getByRole('button', { name: 'Undo' }).click();
  await until('the config as it was', async () => !/generator-function/.test(fs.readFileSync(config, 'utf8')));
  await until('Generators back in the navigator', async () => /Generators/.test(await fileRows()), T);
  await page.locator('.activitybar').getByRole('tab', { name: /^Explorer/ }).click();
});

/** Opens a workspace file with Quick Open (Ctrl+P), as a user who knows its path does. */
async function quickOpen(rel) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(rel);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
}

// A Dockerfile and a GitHub Actions workflow, as VS Code without other extensions names them
// (languageIds `dockerfile` and `yaml`): the extension hands them to the server like Python.
for (const c of [
  { rel: 'Dockerfile', mode: /^Docker(file)?$/, concept: 'runs-as-root', title: 'Container running as root', line: 1, col: 1, shot: 'vscode-dockerfile-hover' },
  { rel: '.github/workflows/ci.yml', mode: /^YAML$/, concept: 'ci-unpinned-action', title: 'Third-party action on a moving tag', line: 17, col: 15, shot: 'vscode-workflow-hover' },
]) {
  check(`${c.rel}: a ${c.concept} warning on line ${c.line} in Problems, and its hover is the deck entry`, { timeout: 3 * T }, async () => {
    await palette('Notifications: Clear All Notifications');
    await quickOpen(c.rel);
    const editor = page.locator(`.monaco-editor[data-uri$="${c.rel}"]`);
    await editor.locator('.view-lines').waitFor({ timeout: T });
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await until(`the language mode of ${c.rel}`, async () => c.mode.test(squash(await mode.innerText().catch(() => ''))));
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: T });
    // The file's lens ("2 concepts · Quiz"), as in a Python file.
    await editor.locator('.codelens-decoration a', { hasText: /^\d+ concepts? · (\d+ due · )?Quiz$/ }).first().waitFor({ timeout: T });
    // The Problems row names the concept and the place.
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    const row = panel.locator('.monaco-list-row', { hasText: c.concept });
    await row.first().waitFor({ timeout: T });
    const text = squash(await row.first().innerText());
    assert.match(text, new RegExp(`${c.title}\\s+interview-prep\\s*\\(?${c.concept}\\)? \\[Ln ${c.line}, Col ${c.col}\\]`), text);
    assert.match((await row.first().getAttribute('aria-label')) ?? '', /warning/i, 'a warning');
    await page.keyboard.press('Control+J'); // hide the panel again
    // The hover on it: the deck entry's question and 30-second answer.
    const { question, short } = expected(c.concept);
    await editor.locator('.view-lines').click();
    await palette('Go to Line/Column...');
    await page.keyboard.type(`${c.line}:${c.col}`);
    await page.keyboard.press('Enter');
    const hover = page.locator('.monaco-hover').filter({ hasText: rendered(short).slice(0, 40) });
    // A lens refresh that lands meanwhile (the server re-publishes as progress loads) redraws the
    // lines and closes the hover, as it would for a user: shown again until it stays.
    await until('the hover, shown and staying', async () => {
      if (!(await hover.first().isVisible())) {
        await palette('Show or Focus Hover');
        await hover.first().waitFor({ state: 'visible', timeout: T });
      }
      // Off the tabs: the palette's click leaves the mouse where a tab shows its tooltip.
      await page.mouse.move(1100, 52);
      await page.waitForTimeout(500);
      return hover.first().isVisible();
    });
    const shown = rendered(await hover.first().innerText());
    assert.ok(shown.includes(c.title), shown);
    assert.ok(shown.includes(rendered(question)), shown);
    assert.ok(shown.includes(rendered(short)), `hover lacks the 30-second answer "${short}":\n${shown}`);
    await shot(c.shot);
    await page.keyboard.press('Escape');
  });
}

check('Quiz Me on This File from the palette, in the Dockerfile: a quiz on its concepts', { timeout: 3 * T }, async () => {
  await showEditorOf('Dockerfile');
  await palette('Interview Prep: Quiz Me on This File');
  const frame = await quizFrame();
  const view = await quizUntil(frame, 'the first question', (v) => v.stage === 'ask' && !!v.question);
  assert.match(view.where ?? '', /^Dockerfile:\d+$/, `the snippet is from the Dockerfile: ${JSON.stringify(view)}`);
  await page.keyboard.press('Escape');
  await quizUntil(frame, 'the quiz stopped', (v) => v.stage === 'done');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Interview Prep: Quiz/ }).waitFor({ state: 'detached', timeout: T });
});
