import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  MAX_CLAIM_CHARS,
  errorDetail,
  formatDate,
  prepareClaim,
  safeUrl,
  viewFromRecord,
} from '../src/state.js';
import { emptyAnswer, lavrovAnswer, passage } from '../test-support/answers.mjs';

const API = 'http://127.0.0.1:8000';

function done(outcome, extra = {}) {
  return {
    kind: 'check',
    id: 'x',
    claim: 'Kherson has 280,000 people.',
    truncated: false,
    originalLength: 27,
    apiUrl: API,
    status: 'done',
    outcome,
    ...extra,
  };
}

describe('prepareClaim', () => {
  test('nothing selected', () => {
    assert.deepEqual(prepareClaim(''), { ok: false, reason: 'empty' });
    assert.deepEqual(prepareClaim(' \n\t \u00a0'), { ok: false, reason: 'empty' });
    assert.deepEqual(prepareClaim(undefined), { ok: false, reason: 'empty' });
  });

  test('whitespace from the page is collapsed', () => {
    const p = prepareClaim('  Russia\n\n  takes\tKherson. ');
    assert.deepEqual(p, { ok: true, claim: 'Russia takes Kherson.', truncated: false, originalLength: 21 });
  });

  test('exactly the limit is kept whole', () => {
    const text = 'a'.repeat(MAX_CLAIM_CHARS);
    const p = prepareClaim(text);
    assert.equal(p.truncated, false);
    assert.equal(p.claim, text);
  });

  test('too long: cut at a word boundary under the limit', () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const p = prepareClaim(words);
    assert.equal(p.ok, true);
    assert.equal(p.truncated, true);
    assert.equal(p.originalLength, words.length);
    assert.ok(p.claim.length <= MAX_CLAIM_CHARS);
    assert.ok(p.claim.length > MAX_CLAIM_CHARS * 0.85);
    assert.ok(words.startsWith(p.claim));
    // The cut falls between words: the next character of the original is the separating space.
    assert.equal(words[p.claim.length], ' ');
  });

  test('too long without spaces: hard cut at the limit', () => {
    const p = prepareClaim('x'.repeat(5000));
    assert.equal(p.claim.length, MAX_CLAIM_CHARS);
    assert.equal(p.originalLength, 5000);
  });

  test('counts code points like the API, never splitting a surrogate pair', () => {
    const text = '🙂'.repeat(MAX_CLAIM_CHARS + 5);
    const p = prepareClaim(text);
    assert.equal(Array.from(p.claim).length, MAX_CLAIM_CHARS);
    assert.equal(p.originalLength, MAX_CLAIM_CHARS + 5);
    assert.ok(!/[\ud800-\udbff]$/.test(p.claim));
  });
});

describe('formatting helpers', () => {
  test('dates', () => {
    assert.equal(formatDate('2022-03-03'), '3 Mar 2022');
    assert.equal(formatDate('2021-12-31'), '31 Dec 2021');
    assert.equal(formatDate(null), null);
    assert.equal(formatDate(''), null);
    assert.equal(formatDate('2022-13-01'), '2022-13-01');
    assert.equal(formatDate('March 2022'), 'March 2022');
  });

  test('only http(s) links survive', () => {
    assert.equal(safeUrl('https://example.org/a?b=1'), 'https://example.org/a?b=1');
    assert.equal(safeUrl('http://example.org'), 'http://example.org/');
    assert.equal(safeUrl('javascript:alert(1)'), null);
    assert.equal(safeUrl('JaVaScRiPt:alert(1)'), null);
    assert.equal(safeUrl('data:text/html,<script>alert(1)</script>'), null);
    assert.equal(safeUrl('/relative/path'), null);
    assert.equal(safeUrl(null), null);
  });

  test('error detail from the API body', () => {
    assert.equal(errorDetail({ detail: 'Elasticsearch is unavailable' }), 'Elasticsearch is unavailable');
    assert.equal(errorDetail({ detail: [{ msg: 'a' }, { msg: 'b' }] }), 'a; b');
    assert.equal(errorDetail(null, '<html>Bad gateway</html>'), '<html>Bad gateway</html>');
    assert.equal(errorDetail(null, ''), null);
    assert.ok(errorDetail({ detail: 'x'.repeat(5000) }).length <= 600);
  });
});

describe('viewFromRecord: panel states', () => {
  test('nothing checked yet says how to start, naming the shortcut', () => {
    const v = viewFromRecord(undefined, { shortcut: 'Alt+Shift+F' });
    assert.equal(v.kind, 'idle');
    assert.match(v.message, /Alt\+Shift\+F/);
    assert.match(v.message, /Fact-check selection/);
  });

  test('nothing selected', () => {
    const v = viewFromRecord({ kind: 'empty-selection', id: 'a', at: 1 });
    assert.equal(v.kind, 'empty-selection');
    assert.equal(v.title, 'Nothing selected');
  });

  test('loading shows the claim and the truncation notice', () => {
    const v = viewFromRecord({
      kind: 'check',
      id: 'a',
      claim: 'a'.repeat(2000),
      truncated: true,
      originalLength: 3500,
      apiUrl: API,
      status: 'loading',
    });
    assert.equal(v.kind, 'loading');
    assert.equal(v.claim.length, 2000);
    assert.match(v.notice, /3,500 characters/);
    assert.match(v.notice, /at most 2,000/);
    assert.match(v.message, /127\.0\.0\.1:8000/);
  });

  test('an answer: verdict, then supporting and contradicting, related folded', () => {
    const v = viewFromRecord(done({ type: 'answer', status: 200, body: lavrovAnswer }));
    assert.equal(v.kind, 'result');
    assert.deepEqual(
      { label: v.verdict.label, text: v.verdict.text, tone: v.verdict.tone, confidence: v.verdict.confidence },
      { label: 'supported', text: 'Supported', tone: 'supported', confidence: '86%' },
    );
    assert.equal(v.claim, lavrovAnswer.claim);
    assert.equal(v.summary, '1 supporting · 1 contradicting · 1 related');
    assert.deepEqual(
      v.sections.map((s) => [s.key, s.passages.length, s.folded]),
      [
        ['supporting', 1, false],
        ['contradicting', 1, false],
        ['related', 1, true],
      ],
    );
    const [p] = v.sections[0].passages;
    assert.equal(p.speaker, 'Foreign Minister Sergei Lavrov');
    assert.equal(p.cue, 'told');
    assert.equal(p.source, 'unionleader.com');
    assert.equal(p.sourceKnown, true);
    assert.equal(p.date, '3 Mar 2022');
    assert.equal(p.isoDate, '2022-03-03');
    assert.equal(p.url, 'https://www.unionleader.com/news/military/russia-takes-kherson.html');
    assert.equal(p.stance.text, 'Supports');
    assert.equal(p.stance.confidence, '88%');
    assert.equal(p.after, 'He blamed Ukraine for a delay in talks.');
    assert.deepEqual(p.alsoIn, [{ source: 'another article (unknown source)', url: null }]);
  });

  test('missing article metadata degrades to readable placeholders', () => {
    const v = viewFromRecord(done({ type: 'answer', status: 200, body: lavrovAnswer }));
    const [p] = v.sections[1].passages;
    assert.equal(p.source, 'unknown source');
    assert.equal(p.sourceKnown, false);
    assert.equal(p.date, 'date unknown');
    assert.equal(p.dateKnown, false);
    assert.equal(p.url, null);
    assert.equal(p.title, null);
    assert.equal(p.reason, 'numbers differ');
    const related = v.sections[2].passages[0];
    assert.equal(related.speaker, null);
    assert.equal(related.author, 'Jane Doe');
    assert.equal(related.stance.text, 'Related');
  });

  test('a dangerous article URL is dropped, the text is kept as data', () => {
    const body = {
      ...emptyAnswer,
      verdict: { label: 'supported', confidence: 0.5 },
      supporting: [
        passage({
          text: '<img src=x onerror=alert(1)>',
          article: { id: 'a', title: '<b>t</b>', url: 'javascript:alert(1)', source: 's', published_at: null, author: null },
          also_in: [{ article_id: 'b', source: 'B', url: 'data:text/html,x' }],
        }),
      ],
    };
    const [p] = viewFromRecord(done({ type: 'answer', status: 200, body })).sections[0].passages;
    assert.equal(p.url, null);
    assert.equal(p.text, '<img src=x onerror=alert(1)>');
    assert.deepEqual(p.alsoIn, [{ source: 'B', url: null }]);
  });

  test('no evidence at all', () => {
    const v = viewFromRecord(done({ type: 'answer', status: 200, body: emptyAnswer }));
    assert.equal(v.kind, 'no-evidence');
    assert.equal(v.title, 'No evidence found');
    assert.equal(v.verdict.text, 'Not enough evidence');
  });

  test('only related passages: a result whose empty sections say so', () => {
    const body = { ...emptyAnswer, related: lavrovAnswer.related };
    const v = viewFromRecord(done({ type: 'answer', status: 200, body }));
    assert.equal(v.kind, 'result');
    assert.equal(v.sections[0].passages.length, 0);
    assert.equal(v.sections[0].emptyText, 'No passage supports this claim.');
  });

  test('unknown verdict labels are shown, not dropped', () => {
    const body = { ...lavrovAnswer, verdict: { label: 'mostly_true', confidence: 2 } };
    const v = viewFromRecord(done({ type: 'answer', status: 200, body }));
    assert.equal(v.verdict.text, 'Mostly true');
    assert.equal(v.verdict.tone, 'unknown');
    assert.equal(v.verdict.confidence, '100%');
  });

  test('a 200 without a verdict is an unexpected answer', () => {
    const v = viewFromRecord(done({ type: 'answer', status: 200, body: { hello: 'world' } }));
    assert.equal(v.kind, 'bad-response');
  });

  test('network error: unreachable, naming the URL', () => {
    const v = viewFromRecord(done({ type: 'network-error', message: 'Failed to fetch' }));
    assert.equal(v.kind, 'unreachable');
    assert.match(v.message, /http:\/\/127\.0\.0\.1:8000/);
    assert.deepEqual(v.actions, ['retry', 'options']);
  });

  test('timeout: unreachable with the wait time', () => {
    const v = viewFromRecord(done({ type: 'timeout', timeoutMs: 25000 }));
    assert.equal(v.kind, 'unreachable');
    assert.match(v.message, /25 s/);
  });

  test('503 Elasticsearch unavailable: unreachable with the API detail', () => {
    const v = viewFromRecord(
      done({ type: 'http-error', status: 503, body: { detail: 'Elasticsearch is unavailable: connection refused' } }),
    );
    assert.equal(v.kind, 'unreachable');
    assert.equal(v.title, 'Fact-check service unavailable');
    assert.match(v.message, /Elasticsearch is unavailable/);
  });

  test('500 with an HTML body', () => {
    const v = viewFromRecord(done({ type: 'http-error', status: 500, body: null, text: 'Internal Server Error' }));
    assert.equal(v.kind, 'unreachable');
    assert.equal(v.message, 'HTTP 500: Internal Server Error');
  });

  test('401 and 403 point at the API key', () => {
    const v401 = viewFromRecord(done({ type: 'http-error', status: 401, body: { detail: 'Missing API key' } }));
    assert.equal(v401.kind, 'auth');
    assert.match(v401.message, /Missing API key/);
    assert.match(v401.hint, /API key/);
    const v403 = viewFromRecord(done({ type: 'http-error', status: 403, body: { detail: 'Invalid key' } }));
    assert.equal(v403.title, 'Access denied by the API');
  });

  test('422 shows the message and the field errors', () => {
    const v = viewFromRecord(
      done({
        type: 'http-error',
        status: 422,
        body: {
          detail: 'Invalid request',
          errors: [{ field: 'claim', message: 'String should have at most 2000 characters' }],
        },
      }),
    );
    assert.equal(v.kind, 'client-error');
    assert.equal(v.title, 'The API rejected the request (HTTP 422)');
    assert.equal(v.message, 'Invalid request');
    assert.deepEqual(v.details, ['claim: String should have at most 2000 characters']);
  });

  test('404 hints at a wrong API URL', () => {
    const v = viewFromRecord(done({ type: 'http-error', status: 404, body: { detail: 'Not Found' } }));
    assert.match(v.hint, /\/v1\/check/);
  });

  test('missing host permission', () => {
    const v = viewFromRecord(done({ type: 'permission', origin: 'https://factcheck.example.org' }));
    assert.equal(v.kind, 'permission');
    assert.match(v.message, /factcheck\.example\.org/);
    assert.deepEqual(v.actions, ['options']);
  });

  test('never a blank panel: every record yields a titled view', () => {
    const records = [
      undefined,
      null,
      'garbage',
      {},
      { kind: 'empty-selection' },
      { kind: 'check', status: 'loading' },
      done(undefined),
      done({ type: 'something-new' }),
      done({ type: 'answer', body: null }),
      done({ type: 'answer', body: { verdict: { label: 'supported' }, supporting: 'oops' } }),
      done({ type: 'http-error', status: 418, body: null, text: '' }),
      done({ type: 'http-error', status: 502, body: { detail: 42 } }),
      done({ type: 'bad-response', status: 200 }),
      done({ type: 'answer', status: 200, body: lavrovAnswer }),
    ];
    for (const record of records) {
      const v = viewFromRecord(record);
      const headline = v.kind === 'result' ? v.verdict.text : v.title;
      assert.ok(typeof headline === 'string' && headline.length > 0, `blank view for ${JSON.stringify(record)}`);
    }
  });
});
