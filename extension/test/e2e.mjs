// End-to-end: the unpacked extension in Debian's Chromium, against a running fact-check API.
//
//   FACTCHECK_E2E_API_URL=http://127.0.0.1:8000 node extension/test/e2e.mjs
//
// tests/integration/test_extension_e2e.py runs this against the real API on the seed index and
// then compares report.json with the API's own answer. Under a plain `node --test extension/test/`
// (no API URL) it is skipped.
//
// Environment:
//   FACTCHECK_E2E_API_URL    the API (required)
//   FACTCHECK_E2E_CLAIM      the sentence to highlight (default: a seed sentence by Lavrov)
//   FACTCHECK_E2E_SPEAKER    the speaker the panel must show for it
//   FACTCHECK_E2E_ARTIFACTS  where panel.png and report.json go (default extension/test/artifacts)
//   FACTCHECK_E2E_CHROMIUM   the browser (default /usr/bin/chromium)
//
// How the lookup is triggered: a real context-menu click cannot be scripted, so the test calls
// the very listener registered on chrome.contextMenus.onClicked (and, for the "nothing selected"
// and "too long" cases, the one on chrome.commands.onCommand) inside the extension's service
// worker, with the tab where the text was really selected by a mouse triple-click. From there
// on everything is the production path: the service worker reads the selection from the page,
// calls the API, stores the outcome; the panel page renders it.
// With an X display (xvfb-run) and xdotool, Chromium runs headed and one more test presses the
// real keyboard shortcut (Alt+Shift+F) as X key events: the browser's own command dispatch, the
// user-gesture-only chrome.sidePanel.open() and activeTab are then exercised too, and the whole
// window with the real side panel is saved as browser-side-panel.png (xwd + netpbm, if present).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..');
const API_URL = process.env.FACTCHECK_E2E_API_URL;
const CLAIM =
  process.env.FACTCHECK_E2E_CLAIM ??
  'Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be demilitarized ' +
    'even if a peace agreement were signed.';
const SPEAKER = process.env.FACTCHECK_E2E_SPEAKER ?? 'Foreign Minister Sergei Lavrov';
const ARTIFACTS = path.resolve(process.env.FACTCHECK_E2E_ARTIFACTS ?? path.join(here, 'artifacts'));
const CHROMIUM = process.env.FACTCHECK_E2E_CHROMIUM ?? '/usr/bin/chromium';
const CHECK_TIMEOUT_MS = 120_000;

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
// Real X key events need a display and xdotool; otherwise Chromium runs headless.
const HEADED = Boolean(process.env.DISPLAY) && which('xdotool') !== null;

// A long paragraph (> 2,000 characters) for the "selection too long" case.
const LONG_TEXT = Array.from(
  { length: 30 },
  (_, i) =>
    `Paragraph ${i + 1}: Russian forces took the government building in Kherson while a second ` +
    'round of talks between Russia and Ukraine began in Belarus.',
).join(' ');

function articlePage() {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test article</title>
<style>body{font:16px/1.5 sans-serif;max-width:720px;margin:24px auto}</style></head><body>
<h1>Talks resume as Kherson falls</h1>
<p id="before">Delegations met near the Belarus border on Thursday.</p>
<p id="claim">${esc(CLAIM)}</p>
<p id="after">Officials did not say when talks would continue.</p>
<p id="long">${esc(LONG_TEXT)}</p>
</body></html>`;
}

async function serveArticle() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(articlePage());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/article.html` };
}

async function closedPortUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Everything the panel shows, read from its DOM. */
function readPanel(panel) {
  return panel.evaluate(() => {
    const app = document.getElementById('app');
    const field = (root, name) => root.querySelector(`[data-field="${name}"]`);
    const textOf = (root, name) => field(root, name)?.textContent ?? null;
    return {
      state: app.dataset.state,
      text: app.innerText,
      verdict: document.querySelector('[data-verdict]')?.dataset.verdict ?? null,
      verdictText: textOf(document, 'verdict'),
      claim: textOf(document, 'claim'),
      notice: textOf(document, 'notice'),
      title: textOf(document, 'title'),
      message: textOf(document, 'message'),
      firstSection: app.firstElementChild?.dataset.section ?? null,
      factChecks: [...document.querySelectorAll('[data-fact-check-id]')].map((card) => ({
        id: card.dataset.factCheckId,
        claim: textOf(card, 'fact-check-claim'),
        rating: textOf(card, 'rating'),
        publisher: textOf(card, 'publisher'),
        link: field(card, 'link')?.tagName === 'A' ? field(card, 'link').href : null,
        visible: card.checkVisibility(),
      })),
      sections: [...document.querySelectorAll('[data-section]:not([data-section="fact_checks"])')].map((section) => ({
        key: section.dataset.section,
        folded: section.tagName === 'DETAILS',
        open: section.tagName === 'DETAILS' ? section.open : true,
        passages: [...section.querySelectorAll('[data-passage-id]')].map((card) => ({
          id: card.dataset.passageId,
          text: textOf(card, 'text'),
          speaker: textOf(card, 'speaker'),
          source: textOf(card, 'source'),
          date: textOf(card, 'date'),
          datetime: field(card, 'date')?.getAttribute('datetime') ?? null,
          author: textOf(card, 'author'),
          link: field(card, 'link')?.tagName === 'A' ? field(card, 'link').href : null,
          visible: card.checkVisibility(),
        })),
      })),
    };
  });
}

describe('extension end to end', { skip: !API_URL && 'set FACTCHECK_E2E_API_URL (tests/integration/test_extension_e2e.py does)' }, () => {
  let chromium;
  let context;
  let worker;
  let extensionId;
  let article;
  let articlePageHandle;
  let panel;
  const pageErrors = [];
  const report = { apiUrl: API_URL, claim: CLAIM, speaker: SPEAKER };

  before(async () => {
    ({ chromium } = await import('playwright-core'));
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run extension/setup.sh`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    article = await serveArticle();
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-e2e-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      // Playwright's headless mode is Chromium's new headless, which runs extensions too.
      headless: !HEADED,
      viewport: HEADED ? null : { width: 1100, height: 800 },
      args: [
        ...(HEADED ? ['--window-position=0,0', '--window-size=1280,860'] : []),
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    });
    context.on('page', (page) => {
      page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    });
    worker =
      context.serviceWorkers().find((w) => w.url().endsWith('/src/background.js')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().endsWith('/src/background.js'),
        timeout: 30_000,
      }));
    extensionId = new URL(worker.url()).host;
    report.extensionId = extensionId;
    report.headed = HEADED;
  });

  after(async () => {
    fs.writeFileSync(path.join(ARTIFACTS, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await context?.close();
    article?.server.close();
  });

  const extensionUrl = (page) => `chrome-extension://${extensionId}/src/${page}`;

  async function setApiUrl(url) {
    const options = await context.newPage();
    await options.goto(extensionUrl('options.html'));
    await options.waitForSelector('form[data-ready="true"]');
    await options.fill('#api-url', url);
    await options.click('#save');
    await options.waitForSelector('#status[data-state="ok"]', { timeout: 10_000 });
    const status = await options.textContent('#status');
    await options.close();
    const stored = await worker.evaluate(() => chrome.storage.local.get('settings'));
    return { status, stored: stored.settings };
  }

  async function currentTabFor(url) {
    return worker.evaluate(async (u) => {
      const [tab] = await chrome.tabs.query({ url: u });
      return tab;
    }, url);
  }

  /** Select an element's text like a person would: a triple-click on it. */
  async function selectParagraph(selector) {
    await articlePageHandle.bringToFront();
    await articlePageHandle.click(selector, { clickCount: 3 });
    return articlePageHandle.evaluate(() => window.getSelection().toString());
  }

  async function clickMenu(selectionText) {
    const tab = await currentTabFor(article.url);
    return withTimeout(
      worker.evaluate(
        ([t, text]) =>
          globalThis.factCheck.onMenuClicked(
            { menuItemId: 'fact-check-selection', frameId: 0, selectionText: text, editable: false, pageUrl: t.url },
            t,
          ),
        [tab, selectionText],
      ),
      CHECK_TIMEOUT_MS,
      'context-menu check',
    );
  }

  async function pressCommand() {
    const tab = await currentTabFor(article.url);
    return withTimeout(
      worker.evaluate((t) => globalThis.factCheck.onCommand('fact-check-selection', t), tab),
      CHECK_TIMEOUT_MS,
      'keyboard-command check',
    );
  }

  async function storedRecord() {
    return (await worker.evaluate(() => chrome.storage.session.get('check'))).check;
  }

  test('options page stores the API URL (no permission prompt for 127.0.0.1)', async () => {
    const { status, stored } = await setApiUrl(API_URL);
    assert.match(status, /^Saved\./);
    assert.equal(stored.apiUrl, API_URL.replace(/\/+$/, ''));
    const menus = await worker.evaluate(() => typeof chrome.contextMenus.onClicked.hasListeners === 'function'
      ? chrome.contextMenus.onClicked.hasListeners() : true);
    assert.ok(menus, 'no context-menu listener registered');
  });

  test('panel before any check explains how to start', async () => {
    panel = await context.newPage();
    await panel.setViewportSize({ width: 400, height: 1000 });
    await panel.goto(extensionUrl('panel.html'));
    await panel.waitForSelector('#app[data-state="idle"]');
    const shown = await readPanel(panel);
    assert.match(shown.text, /Fact-check selection/);
    report.idle = shown.text;
  });

  test('fact-check a highlighted seed sentence: verdict and passages with speaker and source', async () => {
    articlePageHandle = await context.newPage();
    await articlePageHandle.goto(article.url);
    const selected = await selectParagraph('#claim');
    assert.equal(selected.trim(), CLAIM);

    await clickMenu(selected);
    const record = await storedRecord();
    report.record = { claim: record.claim, status: record.status, outcomeType: record.outcome?.type, httpStatus: record.outcome?.status };
    assert.equal(record.status, 'done');
    assert.equal(record.outcome.type, 'answer', JSON.stringify(record.outcome).slice(0, 500));
    assert.equal(record.claim, CLAIM);

    await panel.bringToFront();
    await panel.waitForSelector('#app[data-state="result"]', { timeout: 10_000 });
    const shown = await readPanel(panel);
    report.panel = shown;
    const cards = shown.sections.flatMap((s) => s.passages.map((p) => ({ ...p, section: s.key })));
    const mine = cards.find((p) => p.text.includes('Ukraine would be demilitarized'));
    assert.ok(mine, `no passage with the seed sentence in the panel:\n${shown.text}`);
    assert.ok(mine.speaker.includes(SPEAKER), `speaker shown: ${mine.speaker}`);
    assert.ok(mine.source && mine.source.length > 0);
    assert.ok(mine.date && mine.date.length > 0);
    // Verdict on top, then supporting, contradicting, related (folded).
    assert.deepEqual(shown.sections.map((s) => [s.key, s.folded]), [
      ['supporting', false],
      ['contradicting', false],
      ['related', true],
    ]);
    // Published fact-checks of the same claim first (when there are any), then the verdict.
    const order = await panel.evaluate(() =>
      [...document.getElementById('app').children].map((c) => c.dataset.section ?? c.dataset.verdict ?? null),
    );
    const expectedOrder = shown.factChecks.length ? ['fact_checks', shown.verdict] : [shown.verdict];
    assert.deepEqual(order.slice(0, expectedOrder.length), expectedOrder);
    if (!mine.visible) {
      // Neutral passages are folded away: open the section as a reader would, then look again.
      await panel.click(`[data-section="${mine.section}"] > summary`);
      const visible = await panel.locator(`[data-passage-id="${mine.id}"]`).first().isVisible();
      assert.ok(visible, 'the passage stays hidden after opening its section');
      report.expandedSection = mine.section;
    }
    report.passage = { ...mine, visibleAfterExpanding: true };

    // Side panels are narrow: nothing may stick out sideways.
    const overflow = await panel.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('#app *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`),
    }));
    assert.deepEqual(overflow.wide, [], `wider than the panel: ${JSON.stringify(overflow)}`);
    await panel.locator(`[data-passage-id="${mine.id}"]`).first().scrollIntoViewIfNeeded();
    await panel.evaluate(() => window.scrollTo(0, 0));
    await panel.screenshot({ path: path.join(ARTIFACTS, 'panel.png') });
    await panel.screenshot({ path: path.join(ARTIFACTS, 'panel-full.png'), fullPage: true });
    report.screenshot = path.join(ARTIFACTS, 'panel.png');
  });

  test('the real keyboard shortcut opens the side panel and checks the selection', { skip: !HEADED && 'needs an X display (xvfb-run) and xdotool' }, async () => {
    const selected = await selectParagraph('#claim');
    assert.equal(selected.trim(), CLAIM);
    const before = await storedRecord();
    const panelTargets = async () => {
      const cdp = await context.newCDPSession(articlePageHandle);
      const { targetInfos } = await cdp.send('Target.getTargets');
      await cdp.detach();
      return targetInfos.filter((t) => t.type === 'page' && t.url === extensionUrl('panel.html')).length;
    };
    const panelsBefore = await panelTargets();
    // X key events go through the browser's accelerators, unlike Playwright's synthetic ones.
    const windows = execFileSync('xdotool', ['search', '--onlyvisible', '--class', 'chromium'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    execFileSync('xdotool', ['windowfocus', '--sync', windows.at(-1)]);
    execFileSync('xdotool', ['key', '--clearmodifiers', 'alt+shift+f']);
    let record;
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    for (;;) {
      record = await storedRecord();
      if (record?.id !== before?.id && record?.status === 'done') break;
      assert.ok(Date.now() < deadline, `the shortcut started no check (record: ${JSON.stringify(record)?.slice(0, 300)})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(record.via, 'command');
    assert.equal(record.claim, CLAIM);
    assert.equal(record.outcome.type, 'answer');
    // The side panel is a page target of its own, besides the panel tab this test opened.
    assert.equal(await panelTargets(), panelsBefore + 1, 'the side panel did not open');
    report.keystroke = { via: record.via, claim: record.claim, sidePanelOpened: true };
    if (which('xwd') && which('xwdtopnm') && which('pnmtopng')) {
      await new Promise((r) => setTimeout(r, 500)); // let the panel paint
      const out = path.join(ARTIFACTS, 'browser-side-panel.png');
      execFileSync('sh', ['-c', `xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > '${out}'`]);
      report.keystroke.screenshot = out;
    }
  });

  test('keyboard command with nothing selected: the panel says so', async () => {
    await articlePageHandle.bringToFront();
    await articlePageHandle.evaluate(() => window.getSelection().removeAllRanges());
    await pressCommand();
    await panel.waitForSelector('#app[data-state="empty-selection"]', { timeout: 10_000 });
    const shown = await readPanel(panel);
    assert.equal(shown.title, 'Nothing selected');
    report.emptySelection = shown.text;
  });

  test('a selection over 2,000 characters is trimmed, noticed, and accepted by the API', async () => {
    const selected = await selectParagraph('#long');
    assert.ok(selected.trim().length > 2000, `selected only ${selected.length} characters`);
    await pressCommand();
    const record = await storedRecord();
    assert.equal(record.truncated, true);
    assert.ok(Array.from(record.claim).length <= 2000);
    assert.equal(record.outcome.type, 'answer', `API said ${record.outcome.status}: ${JSON.stringify(record.outcome.body)}`);
    await panel.waitForFunction(() => ['result', 'no-evidence'].includes(document.getElementById('app').dataset.state));
    const shown = await readPanel(panel);
    assert.match(shown.notice, /at most 2,000/);
    report.tooLong = { state: shown.state, notice: shown.notice, sentLength: Array.from(record.claim).length };
  });

  test('API unreachable: a clear error, not a blank panel', async () => {
    const closed = await closedPortUrl();
    await setApiUrl(closed);
    try {
      await selectParagraph('#claim');
      await pressCommand();
      await panel.waitForSelector('#app[data-state="unreachable"]', { timeout: 10_000 });
      const shown = await readPanel(panel);
      assert.equal(shown.title, 'Fact-check API unreachable');
      assert.ok(shown.message.includes(closed), shown.message);
      await panel.screenshot({ path: path.join(ARTIFACTS, 'panel-unreachable.png'), fullPage: true });
      report.unreachable = shown.text;
    } finally {
      await setApiUrl(API_URL);
    }
  });

  test('"Try again" in the panel re-checks once the API is back', async () => {
    await panel.bringToFront();
    await panel.click('#app [data-action="retry"]');
    await panel.waitForSelector('#app[data-state="result"]', { timeout: CHECK_TIMEOUT_MS });
    const record = await storedRecord();
    assert.equal(record.via, 'retry');
    assert.equal(record.claim, CLAIM);
  });

  test('no script errors in the extension pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
