// A dependency-free client for the fact-check GraphQL API, for a newsroom CMS plugin.
//
// Works wherever `fetch` does (browsers, Node >= 18, Deno). Usage:
//
//   import { FactcheckClient, highlightRanges, segments } from "./factcheck-cms.mjs";
//   const client = new FactcheckClient({ endpoint: "https://factcheck.example/graphql", apiKey });
//   const draft = editor.getText();
//   const result = await client.checkText(draft);
//   for (const piece of segments(draft, highlightRanges(draft, result))) { ... }
//
// The documents below are the files in ./queries, verbatim (a test keeps them equal).

export const CHECK = `# Check one claim, e.g. a sentence the editor selected: published fact-checks of the same claim
# first, then the verdict and the evidence for it, and a ClaimReview draft for the newsroom's own.
query Check($claim: String!, $topK: Int! = 10, $filters: CheckFilters) {
  check(claim: $claim, topK: $topK, filters: $filters) {
    __typename
    ... on CheckResult {
      claim
      factChecks { ...PublishedFactCheck }
      verdict { label confidence }
      supporting { ...Evidence }
      contradicting { ...Evidence }
      related { ...Evidence }
      claimReviewDraft
    }
    ... on InvalidInput { message errors { field message } }
  }
}

fragment Evidence on Passage {
  id
  text
  score
  stance { label confidence reason }
  attribution { speaker cue }
  article { id title url source publishedAt author }
  context { before after }
  alsoIn { articleId source url }
}

fragment PublishedFactCheck on FactCheck {
  id
  claim
  claimant
  rating
  ratingNormalised
  publisher
  url
  reviewDate
}
`;

export const CHECK_TEXT = `# Check a whole draft: every check-worthy sentence with its offsets (code points) for highlighting,
# and the sentences that were not checked, with the reason.
query CheckText($text: String!, $maxClaims: Int! = 20, $topK: Int! = 5) {
  checkText(text: $text, maxClaims: $maxClaims, topK: $topK) {
    __typename
    ... on TextCheck {
      claims {
        text
        start
        end
        signals
        result {
          factChecks { ...PublishedFactCheck }
          verdict { label confidence }
          supporting { ...Evidence }
          contradicting { ...Evidence }
        }
      }
      skipped { text start end reason }
    }
    ... on InvalidInput { message errors { field message } }
  }
}

fragment Evidence on Passage {
  text
  stance { label confidence reason }
  attribution { speaker cue }
  article { id title url source publishedAt }
}

fragment PublishedFactCheck on FactCheck {
  id
  claim
  claimant
  rating
  ratingNormalised
  publisher
  url
  reviewDate
}
`;

export const FACT_CHECKS = `# Has this been fact-checked already? Published fact-checks by text, publisher, language and age
# (Google Fact Check Tools' claims:search parameters); pass pageInfo.endCursor as $after.
query FactChecks($query: String, $publisher: String, $language: String, $maxAgeDays: Int,
                 $first: Int! = 10, $after: String) {
  factChecks(query: $query, publisher: $publisher, language: $language, maxAgeDays: $maxAgeDays,
             first: $first, after: $after) {
    __typename
    ... on FactCheckConnection {
      total
      factChecks { id claim claimant claimDate rating ratingNormalised publisher publisherSite url reviewDate language }
      pageInfo { hasNextPage endCursor }
    }
    ... on InvalidInput { message errors { field message } }
  }
}
`;

export const INGEST_ARTICLE = `# Publish (or update) an article from the CMS; it is searchable as soon as this returns.
# Needs an API key: Authorization: Bearer <key>.
mutation IngestArticle($input: ArticleInput!) {
  ingestArticle(input: $input) {
    __typename
    ... on IngestResult { indexed unchanged failed { id reason } }
    ... on InvalidInput { message errors { field message } }
  }
}
`;

export const DELETE_ARTICLE = `# Unpublish an article: it and all its sentences leave the index. Needs an API key.
mutation DeleteArticle($id: ID!) {
  deleteArticle(id: $id) {
    __typename
    ... on DeleteResult { id deleted }
    ... on InvalidInput { message errors { field message } }
  }
}
`;

/** A GraphQL or HTTP failure: `code` is the API's extensions.code, `status` the HTTP status. */
export class FactcheckError extends Error {
  constructor(message, { code = "UNKNOWN", status = 0, errors = [] } = {}) {
    super(message);
    this.name = "FactcheckError";
    this.code = code;
    this.status = status;
    this.errors = errors;
  }
}

/** The API refused the arguments; `fields` lists {field, message} (camelCase argument paths). */
export class InvalidInputError extends FactcheckError {
  constructor(payload) {
    super(payload.message, { code: "BAD_USER_INPUT", errors: payload.errors });
    this.name = "InvalidInputError";
    this.fields = payload.errors;
  }
}

export class FactcheckClient {
  /**
   * @param {{endpoint: string, apiKey?: string, fetch?: typeof fetch}} options
   *   endpoint: the /graphql URL; apiKey: needed for ingestArticle/deleteArticle (and for reads
   *   when the server requires keys for reads).
   */
  constructor({ endpoint, apiKey, fetch: fetchImpl = globalThis.fetch }) {
    if (!endpoint) throw new TypeError("endpoint is required");
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.fetch = fetchImpl;
  }

  /** Send one document; returns `data`, throws FactcheckError on any error. */
  async request(document, variables = {}) {
    const headers = { "content-type": "application/json", accept: "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    const response = await this.fetch(this.endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document, variables }),
    });
    let body;
    try {
      body = await response.json();
    } catch {
      throw new FactcheckError(`HTTP ${response.status} without a JSON body`, {
        status: response.status,
      });
    }
    const errors = body.errors ?? [];
    if (errors.length > 0 || !response.ok) {
      const first = errors[0] ?? { message: body.detail ?? `HTTP ${response.status}` };
      throw new FactcheckError(first.message, {
        code: first.extensions?.code ?? "UNKNOWN",
        status: response.status,
        errors,
      });
    }
    return body.data;
  }

  async check(claim, { topK = 10, filters = null } = {}) {
    const data = await this.request(CHECK, { claim, topK, filters });
    return unwrap(data.check, "CheckResult");
  }

  async checkText(text, { maxClaims = 20, topK = 5 } = {}) {
    const data = await this.request(CHECK_TEXT, { text, maxClaims, topK });
    return unwrap(data.checkText, "TextCheck");
  }

  /** `article`: {id?, title?, url?, source?, publishedAt? ("YYYY-MM-DD"), author?, body}. */
  /** Published fact-checks: `{query, publisher, language, maxAgeDays, first, after}`. */
  async factChecks(filters = {}) {
    const data = await this.request(FACT_CHECKS, filters);
    return unwrap(data.factChecks, "FactCheckConnection");
  }

  async ingestArticle(article) {
    const data = await this.request(INGEST_ARTICLE, { input: article });
    return unwrap(data.ingestArticle, "IngestResult");
  }

  async deleteArticle(id) {
    const data = await this.request(DELETE_ARTICLE, { id });
    return unwrap(data.deleteArticle, "DeleteResult");
  }
}

function unwrap(payload, expected) {
  if (payload.__typename === "InvalidInput") throw new InvalidInputError(payload);
  if (payload.__typename !== expected) {
    throw new FactcheckError(`unexpected answer type ${payload.__typename}`);
  }
  return payload;
}

/**
 * UTF-16 index of every code point offset of `text`: the API counts code points (Python string
 * indices), JavaScript strings count UTF-16 units, and they differ after any emoji.
 */
export function utf16Offsets(text) {
  const offsets = [0];
  let position = 0;
  for (const character of text) {
    position += character.length;
    offsets.push(position);
  }
  return offsets;
}

/**
 * Highlight ranges for a `checkText` answer on `text` (the same string that was sent):
 * [{start, end, text, verdict, confidence, supporting, contradicting, className}], with
 * start/end as JavaScript (UTF-16) indices into `text`, in reading order.
 */
export function highlightRanges(text, textCheck) {
  const at = utf16Offsets(text);
  return textCheck.claims.map((claim) => {
    const verdict = claim.result.verdict.label;
    return {
      start: at[claim.start],
      end: at[claim.end],
      text: claim.text,
      verdict,
      confidence: claim.result.verdict.confidence,
      supporting: claim.result.supporting.length,
      contradicting: claim.result.contradicting.length,
      className: `factcheck-${verdict.toLowerCase().replaceAll("_", "-")}`,
    };
  });
}

/** Cut `text` into consecutive pieces, each with its range or null: ready to render as spans. */
export function segments(text, ranges) {
  const pieces = [];
  let cursor = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < cursor) continue; // overlapping ranges cannot both be marked up
    if (range.start > cursor) pieces.push({ text: text.slice(cursor, range.start), range: null });
    pieces.push({ text: text.slice(range.start, range.end), range });
    cursor = range.end;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), range: null });
  return pieces;
}

/**
 * What a CMS panel shows for a `check` answer, in order: the published fact-checks of the same
 * claim first (each with its own rating and publisher), then this service's verdict.
 */
export function panelItems(result) {
  const items = (result.factChecks ?? []).map((f) => ({
    kind: "fact-check",
    text: `${f.publisher ?? "A fact-checker"} rated "${f.claim}": ${f.rating ?? "no rating given"}`,
    url: f.url ?? null,
    date: f.reviewDate ?? null,
  }));
  items.push({ kind: "verdict", text: result.verdict.label, url: null, date: null });
  return items;
}
