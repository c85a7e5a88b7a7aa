import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { COMMAND_NAME } from '../src/shared.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const srcFiles = fs.readdirSync(path.join(root, 'src')).map((f) => path.join(root, 'src', f));

test('manifest: MV3, Chromium and Firefox background, files exist', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'src/background.js');
  assert.deepEqual(manifest.background.scripts, ['src/background.js']);
  assert.equal(manifest.background.type, 'module');
  const referenced = [
    manifest.background.service_worker,
    manifest.side_panel.default_path,
    manifest.sidebar_action.default_panel,
    manifest.options_ui.page,
    ...Object.values(manifest.icons),
    ...Object.values(manifest.action.default_icon),
  ];
  for (const file of referenced) assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing`);
  assert.ok(manifest.browser_specific_settings.gecko.id);
});

test('manifest: permissions for the default API hosts, optional for the rest', () => {
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
  assert.deepEqual(manifest.optional_host_permissions, ['http://*/*', 'https://*/*']);
  for (const p of ['contextMenus', 'storage', 'sidePanel', 'scripting', 'activeTab']) {
    assert.ok(manifest.permissions.includes(p), p);
  }
  // No content script runs on every page; the selection is read on demand.
  assert.equal(manifest.content_scripts, undefined);
});

test('manifest: the keyboard command is the one the code listens for', () => {
  const command = manifest.commands[COMMAND_NAME];
  assert.ok(command, `commands.${COMMAND_NAME} missing`);
  assert.equal(command.description, 'Fact-check selection');
  assert.match(command.suggested_key.default, /^(Ctrl|Alt)\+/);
});

test('pages load their module scripts and every relative import resolves', () => {
  for (const html of srcFiles.filter((f) => f.endsWith('.html'))) {
    const scripts = [...fs.readFileSync(html, 'utf8').matchAll(/<script type="module" src="([^"]+)">/g)];
    assert.ok(scripts.length > 0, `${path.basename(html)} has no module script`);
    for (const [, src] of scripts) assert.ok(fs.existsSync(path.join(path.dirname(html), src)), src);
  }
  for (const js of srcFiles.filter((f) => f.endsWith('.js'))) {
    const source = fs.readFileSync(js, 'utf8');
    for (const [, spec] of source.matchAll(/^import .* from '(\.[^']+)';$/gm)) {
      assert.ok(fs.existsSync(path.join(path.dirname(js), spec)), `${path.basename(js)} imports ${spec}`);
    }
    // Syntax check without running (the pages use extension APIs at the top level).
    execFileSync(process.execPath, ['--check', js]);
  }
});

test('no HTML parsing sinks anywhere in the extension code', () => {
  for (const js of srcFiles.filter((f) => f.endsWith('.js'))) {
    const source = fs.readFileSync(js, 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
      assert.ok(!source.includes(sink), `${path.basename(js)} uses ${sink}`);
    }
  }
});
