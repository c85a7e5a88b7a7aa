import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClaim } from '../src/api.js';
import { lavrovAnswer } from '../test-support/answers.mjs';
import { closedPortUrl, startStubApi } from '../test-support/stub-api.mjs';

describe('checkClaim against a stub API over loopback', () => {
  let api;
  before(async () => {
    api = await startStubApi();
  });
  after(() => api.close());

  test('POSTs the claim as JSON and returns the answer', async () => {
    api.respond({ status: 200, json: lavrovAnswer });
    const outcome = await checkClaim({ apiUrl: api.url, claim: 'Lavrov said so.', topK: 10 });
    assert.deepEqual(outcome, { type: 'answer', status: 200, body: lavrovAnswer });
    const req = api.requests.at(-1);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/v1/check');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(req.body), { claim: 'Lavrov said so.', top_k: 10 });
    assert.equal(req.headers.authorization, undefined);
  });

  test('sends the API key as a bearer token', async () => {
    api.respond({ status: 200, json: lavrovAnswer });
    await checkClaim({ apiUrl: api.url, apiKey: 's3cret', claim: 'x' });
    assert.equal(api.requests.at(-1).headers.authorization, 'Bearer s3cret');
  });

  test('keeps a path prefix of the API URL', async () => {
    api.respond({ status: 200, json: lavrovAnswer });
    await checkClaim({ apiUrl: `${api.url}/factcheck`, claim: 'x' });
    assert.equal(api.requests.at(-1).url, '/factcheck/v1/check');
  });

  test('4xx and 5xx keep status and JSON body', async () => {
    const body422 = { detail: 'Invalid request', errors: [{ field: 'claim', message: 'too long' }] };
    api.respond({ status: 422, json: body422 });
    assert.deepEqual(await checkClaim({ apiUrl: api.url, claim: 'x' }), {
      type: 'http-error',
      status: 422,
      body: body422,
      text: null,
    });
    api.respond({ status: 503, json: { detail: 'Elasticsearch is unavailable' } });
    const o = await checkClaim({ apiUrl: api.url, claim: 'x' });
    assert.equal(o.status, 503);
    assert.equal(o.body.detail, 'Elasticsearch is unavailable');
  });

  test('a non-JSON error page is kept as text', async () => {
    api.respond({ status: 502, raw: '<html>Bad Gateway</html>', contentType: 'text/html' });
    const o = await checkClaim({ apiUrl: api.url, claim: 'x' });
    assert.deepEqual(o, { type: 'http-error', status: 502, body: null, text: '<html>Bad Gateway</html>' });
  });

  test('a non-JSON 200 is a bad response', async () => {
    api.respond({ status: 200, raw: 'hello' });
    const o = await checkClaim({ apiUrl: api.url, claim: 'x' });
    assert.equal(o.type, 'bad-response');
    api.respond({ status: 200, raw: '[1,2]', contentType: 'application/json' });
    assert.equal((await checkClaim({ apiUrl: api.url, claim: 'x' })).type, 'bad-response');
  });

  test('a slow API times out', async () => {
    api.respond({ status: 200, json: lavrovAnswer, delayMs: 1000 });
    const o = await checkClaim({ apiUrl: api.url, claim: 'x', timeoutMs: 100 });
    assert.deepEqual(o, { type: 'timeout', timeoutMs: 100 });
  });

  test('a newer check aborts the older one', async () => {
    api.respond({ status: 200, json: lavrovAnswer, delayMs: 1000 });
    const controller = new AbortController();
    const pending = checkClaim({ apiUrl: api.url, claim: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    assert.deepEqual(await pending, { type: 'aborted' });
  });

  test('nothing listening: network error', async () => {
    const o = await checkClaim({ apiUrl: await closedPortUrl(), claim: 'x' });
    assert.equal(o.type, 'network-error');
    assert.ok(o.message.length > 0);
  });
});
