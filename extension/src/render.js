// View state (state.js) -> DOM. Every string from the API goes through createTextNode /
// textContent and every link through safeUrl (in state.js); nothing is parsed as HTML, so an article
// text like "<img src=x onerror=...>" shows up as text.

const ACTION_LABELS = {
  retry: 'Try again',
  options: 'Open options',
};

function el(doc, tag, attrs = {}, children = []) {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return node;
}

function actionsBar(doc, actions, onAction) {
  if (!actions?.length) return null;
  const buttons = actions.map((action) => {
    const button = el(doc, 'button', { type: 'button', class: 'button', 'data-action': action }, [
      ACTION_LABELS[action] ?? action,
    ]);
    button.addEventListener('click', () => onAction?.(action));
    return button;
  });
  return el(doc, 'div', { class: 'actions' }, buttons);
}

function claimBlock(doc, view) {
  if (!view.claim) return null;
  return el(doc, 'section', { class: 'claim', 'aria-label': 'Checked claim' }, [
    el(doc, 'h2', { class: 'eyebrow' }, ['Checked claim']),
    el(doc, 'blockquote', { class: 'claim-text', 'data-field': 'claim' }, [view.claim]),
  ]);
}

function noticeBlock(doc, view) {
  if (!view.notice) return null;
  return el(doc, 'p', { class: 'notice', role: 'status', 'data-field': 'notice' }, [view.notice]);
}

function stateBlock(doc, view, onAction) {
  const role = view.tone === 'error' || view.tone === 'warning' ? 'alert' : 'status';
  const details = view.details?.length
    ? el(
        doc,
        'ul',
        { class: 'field-errors' },
        view.details.map((d) => el(doc, 'li', {}, [d])),
      )
    : null;
  return el(doc, 'section', { class: `state tone--${view.tone}`, role }, [
    view.kind === 'loading' ? el(doc, 'div', { class: 'spinner', 'aria-hidden': 'true' }) : null,
    el(doc, 'h2', { class: 'state-title', 'data-field': 'title' }, [view.title]),
    view.message ? el(doc, 'p', { class: 'state-message', 'data-field': 'message' }, [view.message]) : null,
    details,
    view.hint ? el(doc, 'p', { class: 'hint' }, [view.hint]) : null,
    actionsBar(doc, view.actions, onAction),
  ]);
}

function verdictBlock(doc, view) {
  const v = view.verdict;
  return el(
    doc,
    'section',
    { class: `verdict tone--${v.tone}`, 'data-verdict': v.label, 'aria-label': 'Verdict' },
    [
      el(doc, 'div', { class: 'verdict-row' }, [
        el(doc, 'span', { class: 'verdict-label', 'data-field': 'verdict' }, [v.text]),
        v.confidence
          ? el(doc, 'span', { class: 'verdict-confidence' }, [`confidence ${v.confidence}`])
          : null,
      ]),
      v.explanation ? el(doc, 'p', { class: 'verdict-explanation' }, [v.explanation]) : null,
      view.summary ? el(doc, 'p', { class: 'verdict-summary' }, [view.summary]) : null,
    ],
  );
}

function passageCard(doc, p) {
  const speaker = p.speaker
    ? el(doc, 'p', { class: 'speaker' }, [
        el(doc, 'span', { class: 'meta-label' }, ['Speaker ']),
        el(doc, 'span', { 'data-field': 'speaker' }, [p.speaker]),
        p.cue ? el(doc, 'span', { class: 'cue' }, [` (${p.cue})`]) : null,
      ])
    : el(doc, 'p', { class: 'speaker muted' }, [
        el(doc, 'span', { class: 'meta-label' }, ['Speaker ']),
        el(doc, 'span', { 'data-field': 'speaker' }, ['not attributed']),
      ]);

  const meta = el(doc, 'p', { class: 'meta' }, [
    el(doc, 'span', { class: p.sourceKnown ? 'source' : 'source muted', 'data-field': 'source' }, [
      p.source,
    ]),
    ' · ',
    el(
      doc,
      'time',
      {
        class: p.dateKnown ? 'date' : 'date muted',
        'data-field': 'date',
        datetime: p.isoDate,
      },
      [p.date],
    ),
    p.author ? ' · ' : null,
    p.author ? el(doc, 'span', { class: 'author', 'data-field': 'author' }, [`by ${p.author}`]) : null,
  ]);

  const link = p.url
    ? el(doc, 'p', { class: 'link' }, [
        el(
          doc,
          'a',
          {
            href: p.url,
            target: '_blank',
            rel: 'noopener noreferrer',
            'data-field': 'link',
            title: p.url,
          },
          [p.title ?? 'Open the article', ' ↗'],
        ),
      ])
    : el(doc, 'p', { class: 'link muted' }, [
        p.title ? `${p.title} — ` : '',
        el(doc, 'span', { 'data-field': 'link' }, ['no link to the article']),
      ]);

  const context =
    p.before || p.after
      ? el(doc, 'details', { class: 'context' }, [
          el(doc, 'summary', {}, ['Context']),
          el(doc, 'p', {}, [
            p.before ? `${p.before} ` : null,
            el(doc, 'mark', {}, [p.text]),
            p.after ? ` ${p.after}` : null,
          ]),
        ])
      : null;

  const stance = el(doc, 'p', { class: `stance stance--${p.stance.label}` }, [
    el(doc, 'span', { class: 'stance-label' }, [p.stance.text]),
    p.stance.confidence ? ` · ${p.stance.confidence}` : null,
    p.reason ? el(doc, 'span', { class: 'reason' }, [` — ${p.reason}`]) : null,
  ]);

  const alsoIn = p.alsoIn.length
    ? el(doc, 'p', { class: 'also-in' }, [
        'Also in: ',
        ...p.alsoIn.flatMap((a, i) => [
          i ? ', ' : null,
          a.url
            ? el(doc, 'a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, [a.source])
            : a.source,
        ]),
      ])
    : null;

  return el(doc, 'article', { class: `passage stance--${p.stance.label}`, 'data-passage-id': p.id }, [
    el(doc, 'blockquote', { class: 'passage-text', 'data-field': 'text' }, [p.text]),
    speaker,
    meta,
    link,
    stance,
    alsoIn,
    context,
  ]);
}

function factCheckCard(doc, f) {
  const link = f.url
    ? el(doc, 'a', { href: f.url, target: '_blank', rel: 'noopener noreferrer', 'data-field': 'link', title: f.url }, [
        f.title ?? 'Read the fact-check',
        ' ↗',
      ])
    : el(doc, 'span', { class: 'muted', 'data-field': 'link' }, ['no link to the fact-check']);
  return el(doc, 'article', { class: `fact-check rating--${f.ratingNormalised}`, 'data-fact-check-id': f.id }, [
    el(doc, 'p', { class: 'rating' }, [
      el(doc, 'span', { class: 'rating-text', 'data-field': 'rating' }, [f.rating]),
      ' · ',
      el(doc, 'span', { class: 'publisher', 'data-field': 'publisher' }, [f.publisher]),
      ' · ',
      el(doc, 'time', { class: f.dateKnown ? 'date' : 'date muted', 'data-field': 'date', datetime: f.isoDate }, [
        f.date,
      ]),
    ]),
    el(doc, 'blockquote', { class: 'fact-check-claim', 'data-field': 'fact-check-claim' }, [f.claim]),
    f.claimant
      ? el(doc, 'p', { class: 'claimant' }, [
          el(doc, 'span', { class: 'meta-label' }, ['Claimed by ']),
          el(doc, 'span', { 'data-field': 'claimant' }, [f.claimant]),
        ])
      : null,
    el(doc, 'p', { class: 'link' }, [link]),
  ]);
}

function factChecksBlock(doc, view) {
  if (!view.factChecks?.length) return null;
  return el(doc, 'section', { class: 'fact-checks', 'data-section': 'fact_checks', 'aria-label': 'Published fact-checks' }, [
    el(doc, 'h2', {}, [
      el(doc, 'span', { class: 'section-title' }, ['Already fact-checked']),
      el(doc, 'span', { class: 'count' }, [` (${view.factChecks.length})`]),
    ]),
    ...view.factChecks.map((f) => factCheckCard(doc, f)),
  ]);
}

function sectionBlock(doc, section) {
  const count = el(doc, 'span', { class: 'count' }, [` (${section.passages.length})`]);
  const body = section.passages.length
    ? section.passages.map((p) => passageCard(doc, p))
    : [el(doc, 'p', { class: 'empty muted' }, [section.emptyText])];
  if (section.folded) {
    return el(doc, 'details', { class: 'passages folded', 'data-section': section.key }, [
      el(doc, 'summary', {}, [el(doc, 'span', { class: 'section-title' }, [section.title]), count]),
      ...body,
    ]);
  }
  return el(doc, 'section', { class: 'passages', 'data-section': section.key }, [
    el(doc, 'h2', {}, [el(doc, 'span', { class: 'section-title' }, [section.title]), count]),
    ...body,
  ]);
}

/** Replace root's content with the view. `onAction(name)` handles the buttons ("retry", "options"). */
export function renderView(root, view, { onAction } = {}) {
  const doc = root.ownerDocument;
  const children = [];
  if (view.kind === 'result' || view.kind === 'no-evidence') {
    // Published fact-checks of the same claim first, then the service's own verdict.
    children.push(factChecksBlock(doc, view), verdictBlock(doc, view), claimBlock(doc, view), noticeBlock(doc, view));
    if (view.kind === 'no-evidence') children.push(stateBlock(doc, view, onAction));
    for (const section of view.sections ?? []) children.push(sectionBlock(doc, section));
  } else {
    children.push(stateBlock(doc, view, onAction), claimBlock(doc, view), noticeBlock(doc, view));
  }
  root.replaceChildren(...children.filter(Boolean));
  root.setAttribute('data-state', view.kind);
  return root;
}

/** Last resort if rendering itself fails: the panel still says something. */
export function renderCrash(root, error) {
  const doc = root.ownerDocument;
  root.replaceChildren(
    el(doc, 'section', { class: 'state tone--error', role: 'alert' }, [
      el(doc, 'h2', { class: 'state-title' }, ['The panel could not show this answer']),
      el(doc, 'p', { class: 'state-message' }, [String(error?.message ?? error)]),
    ]),
  );
  root.setAttribute('data-state', 'crash');
}
