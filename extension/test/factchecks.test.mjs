import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { renderView } from '../src/render.js';
import { factCheckView, viewFromRecord } from '../src/state.js';
import { emptyAnswer, factCheck, lavrovAnswer } from '../test-support/answers.mjs';
import { byAttr, fakeDocument } from '../test-support/fake-dom.mjs';

const answered = (body) => ({
  kind: 'check',
  claim: body.claim,
  apiUrl: 'http://127.0.0.1:8000',
  status: 'done',
  outcome: { type: 'answer', status: 200, body },
});

function render(body) {
  const doc = fakeDocument();
  const root = doc.createElement('main');
  renderView(root, viewFromRecord(answered(body)));
  return root;
}

describe('published fact-checks in the panel', () => {
  test('they come first, before the verdict, newest first as the API sent them', () => {
    const older = factCheck({ id: 'fc_old', review_date: '2016-07-10' });
    const newer = factCheck({ id: 'fc_new', review_date: '2020-01-02', publisher: 'AFP' });
    const root = render({ ...lavrovAnswer, fact_checks: [newer, older] });
    const [first, second] = root.children;
    assert.equal(first.getAttribute('data-section'), 'fact_checks');
    assert.equal(second.getAttribute('data-verdict'), 'supported');
    const cards = first.findAll(byAttr('data-fact-check-id'));
    assert.deepEqual(cards.map((c) => c.getAttribute('data-fact-check-id')), ['fc_new', 'fc_old']);
    const field = (card, name) => card.find(byAttr('data-field', name));
    assert.equal(field(cards[0], 'publisher').textContent, 'AFP');
    assert.equal(field(cards[0], 'date').textContent, '2 Jan 2020');
    assert.equal(field(cards[1], 'rating').textContent, 'false');
    assert.equal(field(cards[1], 'claimant').textContent, 'WTOE 5 News');
    assert.equal(field(cards[1], 'link').getAttribute('href'), older.url);
  });

  test('shown even when the news has nothing on the claim', () => {
    const root = render({ ...emptyAnswer, fact_checks: [factCheck()] });
    assert.equal(root.getAttribute('data-state'), 'no-evidence');
    assert.equal(root.children[0].getAttribute('data-section'), 'fact_checks');
  });

  test('no section without fact-checks, and unknown fields are spelled out', () => {
    const root = render(lavrovAnswer);
    assert.equal(root.find(byAttr('data-section', 'fact_checks')), null);
    const view = factCheckView({ claim: 'x', url: 'javascript:alert(1)' });
    assert.equal(view.url, null);
    assert.equal(view.rating, 'rating not given');
    assert.equal(view.publisher, 'unknown fact-checker');
    assert.equal(view.date, 'date unknown');
  });
});
