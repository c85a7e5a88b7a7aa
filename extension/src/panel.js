// The side panel (Chromium) / sidebar (Firefox). It only displays: the service worker does the
// checking and stores the current check in storage.session, which this page follows.
import { ext } from './browser.js';
import { renderCrash, renderView } from './render.js';
import { viewFromRecord } from './state.js';
import { COMMAND_NAME } from './shared.js';

const root = document.getElementById('app');
let shortcut = null;

function onAction(action) {
  if (action === 'options') ext.runtime.openOptionsPage();
  if (action === 'retry') ext.runtime.sendMessage({ type: 'factcheck:retry' });
}

function show(record) {
  try {
    renderView(root, viewFromRecord(record, { shortcut }), { onAction });
  } catch (err) {
    console.error(err);
    renderCrash(root, err);
  }
}

document.getElementById('open-options').addEventListener('click', () => onAction('options'));

ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'session' && changes.check) show(changes.check.newValue);
});

try {
  const commands = await ext.commands.getAll();
  shortcut = commands.find((c) => c.name === COMMAND_NAME)?.shortcut || null;
} catch {
  shortcut = null;
}
try {
  const { check } = await ext.storage.session.get('check');
  show(check);
} catch (err) {
  renderCrash(root, err);
}
