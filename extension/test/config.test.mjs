import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DEFAULT_SETTINGS,
  endpointUrl,
  normalizeApiUrl,
  normalizeTopK,
  originPattern,
  withDefaults,
} from '../src/config.js';

test('API URLs are validated and canonicalised', () => {
  assert.deepEqual(normalizeApiUrl(' http://127.0.0.1:8000/ '), { ok: true, url: 'http://127.0.0.1:8000' });
  assert.deepEqual(normalizeApiUrl('https://FactCheck.Example.org/api//'), {
    ok: true,
    url: 'https://factcheck.example.org/api',
  });
  for (const bad of ['', '   ', 'localhost:8000', 'ftp://x.org', 'http://u:p@x.org', 'http://x.org/?a=1', 'http://x.org/#f']) {
    const r = normalizeApiUrl(bad);
    assert.equal(r.ok, false, bad);
    assert.ok(r.error.length > 0);
  }
});

test('host permission pattern covers every port of the host', () => {
  assert.equal(originPattern('http://127.0.0.1:8000'), 'http://127.0.0.1/*');
  assert.equal(originPattern('https://factcheck.example.org/api'), 'https://factcheck.example.org/*');
});

test('endpoint', () => {
  assert.equal(endpointUrl('http://127.0.0.1:8000'), 'http://127.0.0.1:8000/v1/check');
  assert.equal(endpointUrl('https://x.org/api/'), 'https://x.org/api/v1/check');
});

test('top_k stays within the API bounds', () => {
  assert.equal(normalizeTopK('5'), 5);
  assert.equal(normalizeTopK(0), 1);
  assert.equal(normalizeTopK(500), 50);
  assert.equal(normalizeTopK('abc'), 10);
});

test('stored settings get defaults filled in', () => {
  assert.deepEqual(withDefaults(undefined), { ...DEFAULT_SETTINGS });
  assert.deepEqual(withDefaults({ apiUrl: 'not a url', apiKey: '  k ', topK: '7' }), {
    apiUrl: 'http://127.0.0.1:8000',
    apiKey: 'k',
    topK: 7,
  });
});
