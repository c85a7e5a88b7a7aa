// Service worker (Chromium) / background script (Firefox). It owns the only network call: the
// context-menu item and the keyboard command both end in runCheck(), which reads the selection,
// calls the API and stores a "check record" in storage.session; the panel renders that record.
import { ext } from './browser.js';
import { checkClaim } from './api.js';
import { apiOrigin, originPattern, withDefaults } from './config.js';
import { COMMAND_NAME as COMMAND, MENU_ID } from './shared.js';
import { prepareClaim } from './state.js';

const RECORD_KEY = 'check';

let latestId = null;
let inFlight = null;

ext.runtime.onInstalled.addListener(() => {
  // Menus persist across restarts; recreating them from scratch avoids "duplicate id" errors.
  ext.contextMenus
    .removeAll()
    .then(() =>
      ext.contextMenus.create({ id: MENU_ID, title: 'Fact-check selection', contexts: ['selection'] }),
    );
});

if (ext.sidePanel?.setPanelBehavior) {
  ext.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
} else if (ext.sidebarAction?.toggle) {
  // Firefox: the toolbar button toggles the sidebar that shows the same panel page.
  ext.action.onClicked.addListener(() => ext.sidebarAction.toggle());
}

/**
 * Open the panel. Must run synchronously inside the menu/command handler: both browsers only
 * allow it while handling the user's gesture, which is gone after the first `await`.
 */
function openPanel(tab) {
  try {
    if (ext.sidePanel?.open) {
      const target = tab?.windowId !== undefined ? { windowId: tab.windowId } : { tabId: tab?.id };
      return ext.sidePanel.open(target).catch((err) => console.debug('sidePanel.open:', err?.message));
    }
    if (ext.sidebarAction?.open) {
      return ext.sidebarAction.open().catch((err) => console.debug('sidebarAction.open:', err?.message));
    }
  } catch (err) {
    console.debug('openPanel:', err?.message);
  }
  return Promise.resolve();
}

// Runs inside the page (scripting.executeScript), so it must not use anything from this module.
function pageSelectionText() {
  const active = document.activeElement;
  if (
    active &&
    (active.tagName === 'TEXTAREA' ||
      (active.tagName === 'INPUT' && /^(text|search|url|tel|email)$/i.test(active.type))) &&
    typeof active.selectionStart === 'number' &&
    active.selectionEnd > active.selectionStart
  ) {
    return active.value.slice(active.selectionStart, active.selectionEnd);
  }
  const selection = window.getSelection();
  return selection ? selection.toString() : '';
}

/** The selection's full text from the page; '' where the page cannot be scripted (browser pages, PDF). */
async function readSelection(tabId, frameId) {
  try {
    const target =
      typeof frameId === 'number' ? { tabId, frameIds: [frameId] } : { tabId, allFrames: true };
    const results = await ext.scripting.executeScript({ target, func: pageSelectionText });
    // Main frame first, then the first frame that has a selection.
    const texts = (results ?? [])
      .sort((a, b) => (a.frameId ?? 0) - (b.frameId ?? 0))
      .map((r) => (typeof r?.result === 'string' ? r.result : ''));
    return texts.find((t) => t.trim()) ?? '';
  } catch (err) {
    console.debug('readSelection:', err?.message);
    return '';
  }
}

async function activeTab() {
  const [tab] = await ext.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

async function saveRecord(record) {
  await ext.storage.session.set({ [RECORD_KEY]: record });
}

async function loadSettings() {
  const { settings } = await ext.storage.local.get('settings');
  return withDefaults(settings);
}

async function hasHostPermission(apiUrl) {
  try {
    return await ext.permissions.contains({ origins: [originPattern(apiUrl)] });
  } catch {
    return true; // No permissions API to ask: let the request itself decide.
  }
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Check an already prepared claim and store every step (loading, then the outcome). */
async function checkPrepared(prepared, via) {
  const id = newId();
  latestId = id;
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;

  const settings = await loadSettings();
  const base = {
    kind: 'check',
    id,
    via,
    claim: prepared.claim,
    truncated: prepared.truncated,
    originalLength: prepared.originalLength,
    apiUrl: settings.apiUrl,
    startedAt: Date.now(),
  };
  await saveRecord({ ...base, status: 'loading' });

  let outcome;
  if (!(await hasHostPermission(settings.apiUrl))) {
    outcome = { type: 'permission', origin: apiOrigin(settings.apiUrl) };
  } else {
    try {
      outcome = await checkClaim({
        apiUrl: settings.apiUrl,
        apiKey: settings.apiKey,
        claim: prepared.claim,
        topK: settings.topK,
        signal: controller.signal,
      });
    } catch (err) {
      outcome = { type: 'internal-error', message: String(err?.message ?? err) };
    }
  }
  // A newer check replaced this one while it ran: its answer must not overwrite the newer one.
  if (outcome.type === 'aborted' || latestId !== id) return;
  await saveRecord({ ...base, status: 'done', finishedAt: Date.now(), outcome });
}

/** Read the selection in `tab` (falling back to `fallbackText`) and check it. */
export async function runCheck({ tab, frameId, fallbackText = '', via = 'menu' } = {}) {
  const theTab = tab ?? (await activeTab());
  const pageText = theTab?.id !== undefined ? await readSelection(theTab.id, frameId) : '';
  const prepared = prepareClaim(pageText.trim() ? pageText : fallbackText);
  if (!prepared.ok) {
    latestId = newId();
    inFlight?.abort();
    await saveRecord({ kind: 'empty-selection', id: latestId, via, at: Date.now() });
    return;
  }
  await checkPrepared(prepared, via);
}

export function onMenuClicked(info, tab) {
  if (info?.menuItemId !== MENU_ID) return Promise.resolve();
  openPanel(tab);
  return runCheck({ tab, frameId: info.frameId, fallbackText: info.selectionText ?? '', via: 'menu' });
}

export function onCommand(command, tab) {
  if (command !== COMMAND) return Promise.resolve();
  openPanel(tab);
  return runCheck({ tab, via: 'command' });
}

async function retryLast() {
  const { [RECORD_KEY]: record } = await ext.storage.session.get(RECORD_KEY);
  if (record?.kind === 'check' && record.claim) {
    await checkPrepared(
      {
        claim: record.claim,
        truncated: Boolean(record.truncated),
        originalLength: record.originalLength,
      },
      'retry',
    );
  }
}

ext.contextMenus.onClicked.addListener(onMenuClicked);
ext.commands.onCommand.addListener(onCommand);
ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender?.id !== ext.runtime.id || message?.type !== 'factcheck:retry') return false;
  retryLast().then(
    () => sendResponse({ ok: true }),
    (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }),
  );
  return true;
});

// Automation hook: the end-to-end test (extension/test/e2e.mjs) calls these very listeners from
// the service worker, because a real context-menu click cannot be scripted.
globalThis.factCheck = { onMenuClicked, onCommand, runCheck, MENU_ID, COMMAND };
