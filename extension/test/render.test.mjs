import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { renderView } from '../src/render.js';
import { viewFromRecord } from '../src/state.js';
import { lavrovAnswer, passage } from '../test-support/answers.mjs';
import { byAttr, byTag, fakeDocument } from '../test-support/fake-dom.mjs';

function render(record, options) {
  const doc = fakeDocument();
  const root = doc.createElement('main');
  renderView(root, viewFromRecord(record), options);
  return root;
}

const answered = (body) => ({
  kind: 'check',
  claim: body.claim,
  apiUrl: 'http://127.0.0.1:8000',
  status: 'done',
  outcome: { type: 'answer', status: 200, body },
});

describe('renderView', () => {
  test('result: verdict first, then supporting, contradicting, related folded', () => {
    const root = render(answered(lavrovAnswer));
    assert.equal(root.getAttribute('data-state'), 'result');
    const [first] = root.children;
    assert.equal(first.getAttribute('data-verdict'), 'supported');
    assert.match(first.textContent, /^Supported/);
    const sections = root.findAll(byAttr('data-section'));
    assert.deepEqual(
      sections.map((s) => [s.getAttribute('data-section'), s.tagName]),
      [
        ['supporting', 'SECTION'],
        ['contradicting', 'SECTION'],
        ['related', 'DETAILS'],
      ],
    );
    assert.equal(sections[2].getAttribute('open'), null);
  });

  test('a passage shows text, speaker, source, date and a link', () => {
    const root = render(answered(lavrovAnswer));
    const card = root.find(byAttr('data-passage-id', lavrovAnswer.supporting[0].id));
    const field = (name) => card.find(byAttr('data-field', name));
    assert.equal(field('text').textContent, lavrovAnswer.supporting[0].text);
    assert.equal(field('speaker').textContent, 'Foreign Minister Sergei Lavrov');
    assert.equal(field('source').textContent, 'unionleader.com');
    assert.equal(field('date').textContent, '3 Mar 2022');
    assert.equal(field('date').getAttribute('datetime'), '2022-03-03');
    const link = field('link');
    assert.equal(link.tagName, 'A');
    assert.equal(link.getAttribute('href'), lavrovAnswer.supporting[0].article.url);
    assert.equal(link.getAttribute('rel'), 'noopener noreferrer');
    assert.match(link.textContent, /Russia takes Kherson/);
  });

  test('unknown metadata is spelled out', () => {
    const root = render(answered(lavrovAnswer));
    const card = root.find(byAttr('data-passage-id', lavrovAnswer.contradicting[0].id));
    const field = (name) => card.find(byAttr('data-field', name));
    assert.equal(field('source').textContent, 'unknown source');
    assert.equal(field('date').textContent, 'date unknown');
    assert.equal(field('link').tagName, 'SPAN');
    assert.equal(field('link').textContent, 'no link to the article');
    const related = root.find(byAttr('data-passage-id', lavrovAnswer.related[0].id));
    assert.equal(related.find(byAttr('data-field', 'speaker')).textContent, 'not attributed');
  });

  test('API text is inserted as text, and hostile links are not rendered', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const body = {
      ...lavrovAnswer,
      claim: evil,
      supporting: [
        passage({
          id: 'evil',
          text: evil,
          attribution: { speaker: '<script>alert(2)</script>', cue: 'said' },
          article: { id: 'a', title: evil, url: 'javascript:alert(3)', source: '<b>s</b>', published_at: null, author: null },
        }),
      ],
    };
    const root = render(answered(body)); // the fake DOM throws if any markup API is used
    const card = root.find(byAttr('data-passage-id', 'evil'));
    assert.equal(card.find(byAttr('data-field', 'text')).textContent, evil);
    assert.equal(card.find(byAttr('data-field', 'speaker')).textContent, '<script>alert(2)</script>');
    const anchors = root.findAll(byTag('a'));
    assert.ok(anchors.every((a) => /^https?:/.test(a.getAttribute('href'))));
    assert.equal(card.findAll(byTag('a')).length, 0);
  });

  test('error views have a title, a message and working buttons', () => {
    const actions = [];
    const root = render(
      {
        kind: 'check',
        claim: 'x',
        apiUrl: 'http://127.0.0.1:9',
        status: 'done',
        outcome: { type: 'network-error', message: 'refused' },
      },
      { onAction: (a) => actions.push(a) },
    );
    assert.equal(root.getAttribute('data-state'), 'unreachable');
    assert.equal(root.find(byAttr('data-field', 'title')).textContent, 'Fact-check API unreachable');
    assert.match(root.find(byAttr('data-field', 'message')).textContent, /127\.0\.0\.1:9/);
    for (const b of root.findAll(byTag('button'))) b.click();
    assert.deepEqual(actions, ['retry', 'options']);
  });

  test('422 lists the field errors', () => {
    const root = render({
      kind: 'check',
      claim: 'x',
      status: 'done',
      outcome: {
        type: 'http-error',
        status: 422,
        body: { detail: 'Invalid request', errors: [{ field: 'claim', message: 'too long' }] },
      },
    });
    assert.equal(root.find(byTag('li')).textContent, 'claim: too long');
  });

  test('idle and nothing-selected views are not blank', () => {
    for (const record of [undefined, { kind: 'empty-selection' }]) {
      const root = render(record);
      assert.ok(root.textContent.trim().length > 20);
    }
  });
});
