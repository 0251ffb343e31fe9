//! The VS Code end-to-end test: a real VS Code (code-server) with the platform .vsix installed
//! and no interview-prep on PATH, driven headless through playwright-core. The server that runs
//! is the one bundled in the extension (made executable again by the extension: run-vscode.sh
//! drops its mode first), until a test sets `interviewPrep.server.path`, which wins. It asserts
//! what the user sees: diagnostic
//! decorations and Problems rows with our codes, the hover's question and answer, the code
//! lenses, a quiz started from the lens (a notification with "Show answer"), the due count in the
//! status bar, a wrong-typed setting warned about once, live settings changes, a wrong server
//! path falling back to the bundled binary, and one clear error with buttons when there is no
//! server at all. Started by tests/editors/run-vscode.sh, which sets
//! the environment read below. A server that does not advertise every command of the protocol
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
  const editor = page.locator('.settings-editor');
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

/** "6 interview concepts · Quiz me on this file"; newer servers: "9 interview concepts · 0 due · Quiz me". */
const fileLens = () => page.locator('.codelens-decoration a', { hasText: /^\d+ interview concepts? · (.* · )?Quiz me( on this file)?$/ });

const toasts = (text) => page.locator('.notification-toast', { hasText: text });

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
  await page.getByRole('treeitem', { name: 'views.py' }).click({ timeout: T });
  const editor = views();
  await editor.locator('.squiggly-warning').nth(1).waitFor({ timeout: T });
  assert.equal(await editor.locator('.squiggly-warning').count(), 2, 'N+1 and the mutable default are warnings');
  assert.ok((await editor.locator('.squiggly-hint').count()) >= 4, 'concepts are hints');
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
    (await editor.locator('.squiggly-hint').count()) === 0 && (await editor.locator('.squiggly-info').count()) >= 3);
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
  assert.match(text, /N\+1 queries: .* interview-prep\s*\(?n-plus-one\)? \[Ln 13, Col 50\]/);
  assert.match(text, /Mutable default argument: .* interview-prep\s*\(?mutable-default-argument\)? \[Ln 17, Col 26\]/);
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

check('code lenses: "N interview concepts · … Quiz me" on the file and one per function', { timeout: 2 * T }, async () => {
  await showViewsTop();
  await fileLens().waitFor({ timeout: T });
  const lenses = page.locator('.codelens-decoration a', { hasText: / · Quiz me$/ });
  await until('a lens over each of the four functions', async () => (await lenses.count()) >= 4);
  await page.locator('.codelens-decoration a', { hasText: /^Mutable default argument · Quiz me$/ }).waitFor({ timeout: T });
  await shot('vscode-lenses');
});

check('the status bar due count and Show Progress follow what the server offers', { timeout: 2 * T }, async () => {
  const due = page.locator('.statusbar-item', { hasText: /\d+ due/ });
  await palette('Interview Prep: Show Progress');
  assert.ok(server.commands.includes('interview-prep.progressSummary'), `advertised: ${server.commands}`);
  await due.waitFor({ timeout: T });
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe').locator('body');
  await preview.getByText(/due now/).waitFor({ timeout: T });
  await shot('vscode-progress');
  // Only the preview opened (a virtual document: nothing to save); close its tab.
  const tab = page.getByRole('tab', { name: /Progress/ });
  await tab.hover();
  await tab.locator('.codicon-close').click();
  await tab.waitFor({ state: 'detached', timeout: T });
});

check('clicking the file lens starts a quiz: a notification with "Show answer"', { timeout: 3 * T }, async () => {
  await showViewsTop();
  await fileLens().click();
  const prompt = page.locator('.notification-toast', { has: page.getByRole('button', { name: 'Show answer' }) });
  await prompt.waitFor({ timeout: T });
  const message = squash(await prompt.locator('.notification-list-item-message').innerText());
  // The contract only says the message contains the question; its wording is the server's.
  assert.ok(message.length >= 10, `prompt: ${message}`);
  assert.ok(await prompt.getByRole('button', { name: 'Skip' }).isVisible());
  await settled(prompt);
  await shot('vscode-quiz');
  const question = message.replace(/^Interview question: /, '');
  await prompt.getByRole('button', { name: 'Show answer' }).click();
  const rate = page.locator('.notification-toast', { has: page.getByRole('button', { name: 'Recalled' }) });
  await rate.waitFor({ timeout: T });
  for (const b of ['Forgot', 'Struggled', 'Easy']) assert.ok(await rate.getByRole('button', { name: b }).isVisible(), b);
  await settled(rate);
  await shot('vscode-quiz-rate');
  assert.ok(question.length > 0);
});

check('answering records a review and the status bar shows the due count', { timeout: 3 * T }, async () => {
  const rate = page.locator('.notification-toast', { has: page.getByRole('button', { name: 'Recalled' }) });
  await rate.getByRole('button', { name: 'Recalled' }).click();
  // The quiz goes on with the next card, if any: dismissing that prompt ends the quiz. Every
  // saved answer and the end of the quiz reach the status bar as interview-prep/progressChanged.
  const next = page.locator('.notification-toast', { has: page.getByRole('button', { name: 'Show answer' }) });
  let summary;
  await until('a recorded review and the status bar showing its due count', async () => {
    if (await next.count()) {
      await next.first().hover({ timeout: 2000 }).catch(() => {});
      await next.first().locator('.codicon-notifications-clear').click({ timeout: 2000 }).catch(() => {});
    }
    summary = (await probe(BIN, { ...process.env, INTERVIEW_PREP_DATA: DATA })).summary;
    if (!summary || !(summary.reviewedToday >= 1)) return false;
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
  await fileLens().waitFor({ timeout: T });
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
  await fileLens().waitFor({ timeout: T });
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
  await page.locator('.codelens-decoration a', { hasText: 'Quiz me' }).first().waitFor({ state: 'detached', timeout: T });
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
  await fileLens().waitFor({ timeout: T });
  await views().locator('.squiggly-warning').first().waitFor({ timeout: T });
  assert.deepEqual(lastStart(), { file: BUNDLED, version: VERSION, origin: 'bundled' });
});
