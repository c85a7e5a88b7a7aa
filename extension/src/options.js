// Options: API URL, API key, passages per check; stored in storage.local. Saving also asks for
// the host permission of the API's origin (no prompt for 127.0.0.1 / localhost, which the
// manifest already grants).
import { ext } from './browser.js';
import { DEFAULT_SETTINGS, normalizeApiUrl, normalizeTopK, originPattern, withDefaults } from './config.js';
import { COMMAND_NAME } from './shared.js';

const form = document.getElementById('options');
const apiUrlInput = document.getElementById('api-url');
const apiKeyInput = document.getElementById('api-key');
const topKInput = document.getElementById('top-k');
const status = document.getElementById('status');

function say(state, message) {
  status.dataset.state = state;
  status.textContent = message;
}

function fill(settings) {
  apiUrlInput.value = settings.apiUrl;
  apiKeyInput.value = settings.apiKey;
  topKInput.value = String(settings.topK);
}

async function save(event) {
  event.preventDefault();
  const url = normalizeApiUrl(apiUrlInput.value);
  if (!url.ok) {
    say('error', url.error);
    apiUrlInput.focus();
    return;
  }
  // Ask first, while the click still counts as a user gesture (the browser requires one).
  let granted;
  try {
    granted = await ext.permissions.request({ origins: [originPattern(url.url)] });
  } catch (err) {
    granted = false;
    console.warn('permissions.request:', err);
  }
  const settings = {
    apiUrl: url.url,
    apiKey: apiKeyInput.value.trim(),
    topK: normalizeTopK(topKInput.value),
  };
  await ext.storage.local.set({ settings });
  fill(settings);
  if (granted) {
    say('ok', `Saved. The extension will call ${url.url}/v1/check.`);
  } else {
    say('warning', `Saved, but access to ${new URL(url.url).origin} was not granted: checks will fail until you allow it (press Save again).`);
  }
}

async function reset() {
  await ext.storage.local.set({ settings: { ...DEFAULT_SETTINGS } });
  fill(DEFAULT_SETTINGS);
  say('ok', 'Defaults restored.');
}

form.addEventListener('submit', save);
document.getElementById('reset').addEventListener('click', reset);

const { settings } = await ext.storage.local.get('settings');
const current = withDefaults(settings);
fill(current);
try {
  if (!(await ext.permissions.contains({ origins: [originPattern(current.apiUrl)] }))) {
    say('warning', `Access to ${new URL(current.apiUrl).origin} is not granted yet: press Save to allow it.`);
  }
} catch {
  // No permissions API to ask: nothing to warn about.
}
try {
  const commands = await ext.commands.getAll();
  const shortcut = commands.find((c) => c.name === COMMAND_NAME)?.shortcut;
  document.getElementById('shortcut-hint').textContent = shortcut
    ? `Keyboard shortcut: ${shortcut} (change it at chrome://extensions/shortcuts).`
    : 'No keyboard shortcut is set; assign one at chrome://extensions/shortcuts.';
} catch {
  // Not every browser lists commands; the hint is optional.
}
form.dataset.ready = 'true';
