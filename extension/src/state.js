// Pure mapping from what happened (a selection, an API answer, an error) to what the panel shows.
// No DOM and no extension API here, so every state is unit-tested under `node --test`.
//
// The service worker stores a "check record" in storage.session:
//   {kind: 'empty-selection', id, at}
//   {kind: 'check', id, claim, truncated, originalLength, apiUrl, status: 'loading'}
//   {kind: 'check', ..., status: 'done', outcome}          (outcome: see api.js)
// and the panel renders viewFromRecord(record).

export const MAX_CLAIM_CHARS = 2000;

const MAX_MESSAGE_CHARS = 600;
const MAX_FIELD_ERRORS = 10;

/**
 * Turn selected text into a claim the API accepts: whitespace collapsed, at most
 * MAX_CLAIM_CHARS characters (Unicode code points, as the API counts them), cut at a word
 * boundary when one is near the limit.
 *
 *   prepareClaim('  Kherson\n fell. ')  // {ok: true, claim: 'Kherson fell.', truncated: false, originalLength: 13}
 *   prepareClaim('   ')                 // {ok: false, reason: 'empty'}
 */
export function prepareClaim(raw, max = MAX_CLAIM_CHARS) {
  const text = String(raw ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (!text) return { ok: false, reason: 'empty' };
  const chars = Array.from(text);
  if (chars.length <= max) {
    return { ok: true, claim: text, truncated: false, originalLength: chars.length };
  }
  let cut = chars.slice(0, max).join('');
  const lastSpace = cut.lastIndexOf(' ');
  // Only back off to a word boundary when it costs little; a 2,000-character "word" is cut hard.
  if (lastSpace >= cut.length * 0.85) cut = cut.slice(0, lastSpace);
  return { ok: true, claim: cut.trimEnd(), truncated: true, originalLength: chars.length };
}

export function truncationNotice(record) {
  if (!record?.truncated) return null;
  const kept = Array.from(record.claim ?? '').length;
  return (
    `Your selection was ${formatCount(record.originalLength)} characters long; ` +
    `the API accepts at most ${formatCount(MAX_CLAIM_CHARS)}, so only the first ` +
    `${formatCount(kept)} were checked.`
  );
}

const VERDICTS = {
  supported: {
    text: 'Supported',
    tone: 'supported',
    explanation: 'The indexed news supports this claim.',
  },
  contradicted: {
    text: 'Contradicted',
    tone: 'contradicted',
    explanation: 'The indexed news contradicts this claim.',
  },
  disputed: {
    text: 'Disputed',
    tone: 'disputed',
    explanation: 'Indexed sources disagree about this claim.',
  },
  not_enough_evidence: {
    text: 'Not enough evidence',
    tone: 'unknown',
    explanation: 'The indexed news neither clearly supports nor contradicts this claim.',
  },
};

const STANCES = {
  supports: 'Supports',
  contradicts: 'Contradicts',
  neutral: 'Related',
};

const MONTHS = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];

/** "2022-03-03" -> "3 Mar 2022"; anything else non-empty is shown as it came; null -> null. */
export function formatDate(value) {
  if (typeof value !== 'string' || !value.trim()) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return value.trim();
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return value.trim();
  return `${day} ${MONTHS[month - 1]} ${m[1]}`;
}

/** Only http(s) links are ever rendered: a javascript: or data: URL from the index is dropped. */
export function safeUrl(value) {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function formatConfidence(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const clamped = Math.min(1, Math.max(0, value));
  return `${Math.round(clamped * 100)}%`;
}

function formatCount(n) {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : String(n);
}

function text(value) {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s ? s : null;
}

function clip(value, max = MAX_MESSAGE_CHARS) {
  const s = String(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function titleCase(label) {
  const s = String(label).replace(/[_-]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : 'Unknown';
}

export function passageView(p) {
  const article = p.article && typeof p.article === 'object' ? p.article : {};
  const stance = p.stance && typeof p.stance === 'object' ? p.stance : {};
  const attribution = p.attribution && typeof p.attribution === 'object' ? p.attribution : null;
  const context = p.context && typeof p.context === 'object' ? p.context : {};
  const stanceLabel = text(stance.label) ?? 'neutral';
  const source = text(article.source);
  const date = formatDate(article.published_at);
  const alsoIn = Array.isArray(p.also_in) ? p.also_in : [];
  return {
    id: text(p.id) ?? '',
    text: text(p.text) ?? '(no text)',
    before: text(context.before),
    after: text(context.after),
    stance: {
      label: stanceLabel,
      text: STANCES[stanceLabel] ?? titleCase(stanceLabel),
      confidence: formatConfidence(stance.confidence),
    },
    reason: text(stance.reason),
    speaker: attribution ? text(attribution.speaker) : null,
    cue: attribution ? text(attribution.cue) : null,
    source: source ?? 'unknown source',
    sourceKnown: source !== null,
    date: date ?? 'date unknown',
    dateKnown: date !== null,
    isoDate:
      typeof article.published_at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(article.published_at)
        ? article.published_at
        : null,
    author: text(article.author),
    title: text(article.title),
    url: safeUrl(article.url),
    alsoIn: alsoIn
      .filter((a) => a && typeof a === 'object')
      .map((a) => ({
        source: text(a.source) ?? 'another article (unknown source)',
        url: safeUrl(a.url),
      })),
  };
}

/** A published review of the same claim (fact_checks[] of the answer) -> what its card shows. */
export function factCheckView(f) {
  const date = formatDate(f.review_date);
  return {
    id: text(f.id) ?? '',
    claim: text(f.claim) ?? '(no claim)',
    rating: text(f.rating) ?? 'rating not given',
    ratingNormalised: text(f.rating_normalised) ?? 'other',
    publisher: text(f.publisher) ?? text(f.publisher_site) ?? 'unknown fact-checker',
    claimant: text(f.claimant),
    date: date ?? 'date unknown',
    dateKnown: date !== null,
    isoDate:
      typeof f.review_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f.review_date)
        ? f.review_date
        : null,
    title: text(f.title),
    url: safeUrl(f.url),
  };
}

function factChecks(list) {
  return Array.isArray(list)
    ? list.filter((f) => f && typeof f === 'object').map(factCheckView)
    : [];
}

function passages(list) {
  return Array.isArray(list) ? list.filter((p) => p && typeof p === 'object').map(passageView) : [];
}

/** A 200 answer from POST /v1/check -> the result view (or no-evidence / bad-response). */
export function viewFromAnswer(body, record = {}) {
  const base = { claim: text(body?.claim) ?? record.claim ?? null, notice: truncationNotice(record) };
  const verdictIn = body && typeof body === 'object' ? body.verdict : null;
  if (!verdictIn || typeof verdictIn !== 'object' || typeof verdictIn.label !== 'string') {
    return {
      ...base,
      kind: 'bad-response',
      tone: 'error',
      title: 'Unexpected answer from the API',
      message: 'The answer has no verdict. Is the API URL pointing at the fact-check service?',
      actions: ['retry', 'options'],
    };
  }
  const known = VERDICTS[verdictIn.label];
  const verdict = {
    label: verdictIn.label,
    text: known?.text ?? titleCase(verdictIn.label),
    tone: known?.tone ?? 'unknown',
    explanation: known?.explanation ?? null,
    confidence: formatConfidence(verdictIn.confidence),
  };
  const supporting = passages(body.supporting);
  const contradicting = passages(body.contradicting);
  const related = passages(body.related);
  // Published fact-checks of the same claim come first, whatever the news says.
  const published = factChecks(body.fact_checks);
  if (!supporting.length && !contradicting.length && !related.length) {
    return {
      ...base,
      factChecks: published,
      kind: 'no-evidence',
      tone: 'neutral',
      verdict,
      title: 'No evidence found',
      message:
        'Nothing in the indexed news matches this claim. Try a shorter, more specific sentence, ' +
        'or check that the articles on this topic have been indexed.',
      actions: [],
    };
  }
  const n = (count, word) => `${count} ${word}`;
  return {
    ...base,
    factChecks: published,
    kind: 'result',
    tone: verdict.tone,
    verdict,
    summary: [
      n(supporting.length, 'supporting'),
      n(contradicting.length, 'contradicting'),
      n(related.length, 'related'),
    ].join(' · '),
    sections: [
      {
        key: 'supporting',
        title: 'Supporting',
        passages: supporting,
        folded: false,
        emptyText: 'No passage supports this claim.',
      },
      {
        key: 'contradicting',
        title: 'Contradicting',
        passages: contradicting,
        folded: false,
        emptyText: 'No passage contradicts this claim.',
      },
      {
        key: 'related',
        title: 'Related (neutral)',
        passages: related,
        folded: true,
        emptyText: 'No related passages.',
      },
    ],
  };
}

/** The API's own words for an error body: {"detail": "..."} (or a list of {msg}). */
export function errorDetail(body, rawText) {
  if (body && typeof body === 'object') {
    const d = body.detail;
    if (typeof d === 'string' && d.trim()) return clip(d.trim());
    if (Array.isArray(d)) {
      const parts = d
        .map((x) => (typeof x === 'string' ? x : text(x?.msg ?? x?.message)))
        .filter(Boolean);
      if (parts.length) return clip(parts.join('; '));
    }
    if (typeof body.message === 'string' && body.message.trim()) return clip(body.message.trim());
  }
  const raw = text(rawText);
  return raw ? clip(raw, 200) : null;
}

export function fieldErrors(body) {
  const errors = body && typeof body === 'object' && Array.isArray(body.errors) ? body.errors : [];
  return errors
    .filter((e) => e && typeof e === 'object')
    .slice(0, MAX_FIELD_ERRORS)
    .map((e) => {
      const field = text(e.field);
      const message = text(e.message) ?? 'invalid';
      return clip(field ? `${field}: ${message}` : message, 300);
    });
}

/** Any non-answer outcome -> an error view, always with a title, a message and a way out. */
export function viewFromFailure(outcome, record = {}) {
  const base = { claim: record.claim ?? null, notice: truncationNotice(record) };
  const where = record.apiUrl ?? 'the configured API URL';
  const status = outcome?.status;
  switch (outcome?.type) {
    case 'network-error':
      return {
        ...base,
        kind: 'unreachable',
        tone: 'error',
        title: 'Fact-check API unreachable',
        message: `Could not connect to ${where}.`,
        hint: 'Is the service running? Check the API URL in Options, then try again.',
        actions: ['retry', 'options'],
      };
    case 'timeout':
      return {
        ...base,
        kind: 'unreachable',
        tone: 'error',
        title: 'The API did not answer',
        message: `No answer from ${where} within ${Math.round((outcome.timeoutMs ?? 0) / 1000)} s.`,
        hint: 'The service may be overloaded or still starting. Try again in a moment.',
        actions: ['retry', 'options'],
      };
    case 'permission':
      return {
        ...base,
        kind: 'permission',
        tone: 'warning',
        title: 'Permission needed',
        message: `The extension is not allowed to contact ${outcome.origin ?? where} yet.`,
        hint: 'Open Options and press Save to grant access to the API.',
        actions: ['options'],
      };
    case 'bad-response':
      return {
        ...base,
        kind: 'bad-response',
        tone: 'error',
        title: 'Unexpected answer from the API',
        message: clip(outcome.message ?? 'The answer could not be read.'),
        hint: `Is ${where} the fact-check service?`,
        actions: ['retry', 'options'],
      };
    case 'http-error': {
      const detail = errorDetail(outcome.body, outcome.text);
      if (status === 401 || status === 403) {
        return {
          ...base,
          kind: 'auth',
          tone: 'error',
          title: status === 401 ? 'API key missing or not accepted' : 'Access denied by the API',
          message: `HTTP ${status}: ${detail ?? 'the API refused the request.'}`,
          hint: 'Check the API key in Options.',
          actions: ['options', 'retry'],
        };
      }
      if (status === 503) {
        return {
          ...base,
          kind: 'unreachable',
          tone: 'error',
          title: 'Fact-check service unavailable',
          message: `HTTP 503: ${detail ?? 'the service is temporarily unavailable.'}`,
          hint: 'Its search backend (Elasticsearch) may be down or starting. Try again in a moment.',
          actions: ['retry'],
        };
      }
      if (status >= 500) {
        return {
          ...base,
          kind: 'unreachable',
          tone: 'error',
          title: 'Fact-check service error',
          message: `HTTP ${status}: ${detail ?? 'the service failed to answer.'}`,
          hint: 'Try again; if it keeps failing, tell the team that runs the service.',
          actions: ['retry'],
        };
      }
      return {
        ...base,
        kind: 'client-error',
        tone: 'error',
        title: `The API rejected the request (HTTP ${status})`,
        message: detail ?? 'No reason given.',
        details: fieldErrors(outcome.body),
        hint:
          status === 404 || status === 405
            ? `Is ${where} the fact-check API? The extension calls ${where}/v1/check.`
            : null,
        actions: ['options'],
      };
    }
    default:
      return {
        ...base,
        kind: 'bad-response',
        tone: 'error',
        title: 'Something went wrong in the extension',
        message: clip(outcome?.message ?? 'Unknown error.'),
        actions: ['retry'],
      };
  }
}

/** Everything the panel can show: the whole state machine in one function. */
export function viewFromRecord(record, { shortcut = null } = {}) {
  const how = shortcut
    ? `right-click → “Fact-check selection”, or press ${shortcut}`
    : 'right-click → “Fact-check selection”, or use the keyboard shortcut';
  if (!record || typeof record !== 'object') {
    return {
      kind: 'idle',
      tone: 'neutral',
      title: 'Fact-check a sentence',
      message: `Highlight a sentence on any web page, then ${how}.`,
      hint: 'You will see what the indexed news says: supporting and contradicting passages with source, date and speaker.',
      actions: ['options'],
    };
  }
  if (record.kind === 'empty-selection') {
    return {
      kind: 'empty-selection',
      tone: 'warning',
      title: 'Nothing selected',
      message: `Highlight the sentence you want to check first, then ${how}.`,
      hint: 'Text inside some pages (PDF viewers, browser pages) cannot be read by extensions.',
      actions: [],
    };
  }
  if (record.status === 'loading') {
    return {
      kind: 'loading',
      tone: 'neutral',
      claim: record.claim ?? null,
      notice: truncationNotice(record),
      title: 'Checking…',
      message: `Asking ${record.apiUrl ?? 'the fact-check API'} what the indexed news says.`,
      actions: [],
    };
  }
  const outcome = record.outcome;
  if (outcome?.type === 'answer') return viewFromAnswer(outcome.body, record);
  return viewFromFailure(outcome, record);
}
