// The service worker's logic with a stand-in for the extension API (storage, scripting, menus)
// and a stub API over real loopback HTTP. The real browser path is covered by e2e.mjs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { lavrovAnswer } from '../test-support/answers.mjs';
import { startStubApi } from '../test-support/stub-api.mjs';

function event() {
  const listeners = [];
  return { listeners, addListener: (fn) => listeners.push(fn) };
}

function storageArea() {
  const area = {
    data: {},
    history: [],
    async get(key) {
      return typeof key === 'string' ? { [key]: structuredClone(area.data[key]) } : structuredClone(area.data);
    },
    async set(items) {
      Object.assign(area.data, structuredClone(items));
      area.history.push(structuredClone(items));
    },
  };
  return area;
}

const fake = {
  selection: '',
  scriptError: null,
  permission: true,
  menus: [],
  panelOpens: [],
  scriptTargets: [],
};

globalThis.chrome = {
  runtime: { id: 'test-extension', onInstalled: event(), onMessage: event() },
  contextMenus: {
    onClicked: event(),
    removeAll: async () => {
      fake.menus = [];
    },
    create: (props) => fake.menus.push(props),
  },
  commands: { onCommand: event() },
  sidePanel: {
    setPanelBehavior: async () => {},
    open: async (target) => {
      fake.panelOpens.push(target);
    },
  },
  storage: { session: storageArea(), local: storageArea() },
  permissions: { contains: async () => fake.permission },
  scripting: {
    executeScript: async ({ target }) => {
      fake.scriptTargets.push(target);
      if (fake.scriptError) throw new Error(fake.scriptError);
      return [{ frameId: 0, result: fake.selection }];
    },
  },
  tabs: { query: async () => [{ id: 7, windowId: 3, url: 'https://news.example/a' }] },
};

const { onMenuClicked, onCommand } = await import('../src/background.js');
const tab = { id: 7, windowId: 3 };
const session = () => chrome.storage.session;
const record = () => session().data.check;

describe('service worker', () => {
  let api;
  before(async () => {
    api = await startStubApi();
  });
  after(() => api.close());
  beforeEach(async () => {
    Object.assign(fake, { selection: '', scriptError: null, permission: true, panelOpens: [], scriptTargets: [] });
    session().history.length = 0;
    api.requests.length = 0;
    api.respond({ status: 200, json: lavrovAnswer });
    await chrome.storage.local.set({ settings: { apiUrl: api.url, apiKey: '', topK: 10 } });
  });

  test('installs the "Fact-check selection" context-menu item for selections', async () => {
    for (const fn of chrome.runtime.onInstalled.listeners) fn({ reason: 'install' });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(fake.menus, [{ id: 'fact-check-selection', title: 'Fact-check selection', contexts: ['selection'] }]);
    assert.ok(chrome.contextMenus.onClicked.listeners.includes(onMenuClicked));
    assert.ok(chrome.commands.onCommand.listeners.includes(onCommand));
  });

  test('menu click: opens the panel at once, checks the page selection, stores loading then the answer', async () => {
    fake.selection = '  Foreign Minister Sergei Lavrov earlier told journalists\nthat Ukraine would be demilitarized. ';
    const pending = onMenuClicked({ menuItemId: 'fact-check-selection', frameId: 2, selectionText: 'short' }, tab);
    // Opened synchronously, while the user gesture is still valid.
    assert.deepEqual(fake.panelOpens, [{ windowId: 3 }]);
    await pending;
    assert.deepEqual(fake.scriptTargets, [{ tabId: 7, frameIds: [2] }]);
    const claim = 'Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be demilitarized.';
    assert.deepEqual(JSON.parse(api.requests[0].body), { claim, top_k: 10 });
    const states = session().history.map((h) => h.check.status);
    assert.deepEqual(states, ['loading', 'done']);
    assert.equal(record().claim, claim);
    assert.equal(record().via, 'menu');
    assert.deepEqual(record().outcome, { type: 'answer', status: 200, body: lavrovAnswer });
  });

  test('a page that cannot be scripted falls back to the menu selection text', async () => {
    fake.scriptError = 'Cannot access a chrome:// URL';
    await onMenuClicked({ menuItemId: 'fact-check-selection', frameId: 0, selectionText: 'Kherson fell.' }, tab);
    assert.equal(JSON.parse(api.requests[0].body).claim, 'Kherson fell.');
  });

  test('keyboard command with nothing selected: no request, "nothing selected" state', async () => {
    await onCommand('fact-check-selection', tab);
    assert.deepEqual(fake.scriptTargets, [{ tabId: 7, allFrames: true }]);
    assert.equal(api.requests.length, 0);
    assert.equal(record().kind, 'empty-selection');
    assert.equal(record().via, 'command');
  });

  test('other menu items and commands are ignored', async () => {
    await onMenuClicked({ menuItemId: 'something-else' }, tab);
    await onCommand('other-command', tab);
    assert.equal(session().history.length, 0);
    assert.equal(fake.panelOpens.length, 0);
  });

  test('a selection over 2,000 characters is trimmed before it is sent', async () => {
    fake.selection = 'Kherson fell. '.repeat(300);
    await onCommand('fact-check-selection', tab);
    const sent = JSON.parse(api.requests[0].body).claim;
    assert.ok(sent.length <= 2000 && sent.length > 1900, String(sent.length));
    assert.equal(record().truncated, true);
    assert.equal(record().originalLength, 'Kherson fell. '.repeat(300).trim().length);
  });

  test('the API key is sent as a bearer token', async () => {
    await chrome.storage.local.set({ settings: { apiUrl: api.url, apiKey: 'k-123', topK: 5 } });
    fake.selection = 'Kherson fell.';
    await onCommand('fact-check-selection', tab);
    assert.equal(api.requests[0].headers.authorization, 'Bearer k-123');
    assert.equal(JSON.parse(api.requests[0].body).top_k, 5);
  });

  test('without host permission nothing is sent and the panel says why', async () => {
    fake.permission = false;
    fake.selection = 'Kherson fell.';
    await onCommand('fact-check-selection', tab);
    assert.equal(api.requests.length, 0);
    assert.equal(record().outcome.type, 'permission');
    assert.equal(record().outcome.origin, api.url);
  });

  test('API errors are stored as outcomes for the panel', async () => {
    api.respond({ status: 503, json: { detail: 'Elasticsearch is unavailable' } });
    fake.selection = 'Kherson fell.';
    await onCommand('fact-check-selection', tab);
    assert.equal(record().outcome.type, 'http-error');
    assert.equal(record().outcome.status, 503);
  });

  test('a newer check wins over a slower older one', async () => {
    api.respond((req) =>
      JSON.parse(req.body).claim === 'first'
        ? { status: 200, json: { ...lavrovAnswer, claim: 'first' }, delayMs: 300 }
        : { status: 200, json: { ...lavrovAnswer, claim: 'second' } },
    );
    fake.selection = 'first';
    const first = onCommand('fact-check-selection', tab);
    await new Promise((r) => setTimeout(r, 50));
    fake.selection = 'second';
    await Promise.all([first, onCommand('fact-check-selection', tab)]);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(record().claim, 'second');
    assert.equal(record().outcome.body.claim, 'second');
  });

  test('"Try again" from the panel re-runs the last claim; foreign senders are ignored', async () => {
    fake.selection = 'Kherson fell.';
    await onCommand('fact-check-selection', tab);
    const [listener] = chrome.runtime.onMessage.listeners;
    assert.equal(listener({ type: 'factcheck:retry' }, { id: 'another-extension' }, () => {}), false);
    const response = await new Promise((resolve) => {
      assert.equal(listener({ type: 'factcheck:retry' }, { id: 'test-extension' }, resolve), true);
    });
    assert.deepEqual(response, { ok: true });
    assert.equal(record().via, 'retry');
    assert.deepEqual(
      api.requests.map((r) => JSON.parse(r.body).claim),
      ['Kherson fell.', 'Kherson fell.'],
    );
  });
});
