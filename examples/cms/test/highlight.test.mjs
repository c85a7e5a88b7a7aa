// The pure helpers of factcheck-cms.mjs, no server: offsets, ranges, segments, error handling.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  FactcheckClient,
  FactcheckError,
  InvalidInputError,
  highlightRanges,
  segments,
  utf16Offsets,
} from "../factcheck-cms.mjs";

// The API's offsets count code points; "👍" is one code point but two UTF-16 units.
const DRAFT = "👍 Is it over? Kherson fell on Thursday.";
const ANSWER = {
  claims: [{
    text: "Kherson fell on Thursday.",
    start: 14,
    end: 39,
    signals: ["DATE", "NAMED_ENTITY", "EVENT"],
    result: { verdict: { label: "NOT_ENOUGH_EVIDENCE", confidence: 0.4 }, supporting: [],
              contradicting: [] },
  }],
  skipped: [{ text: "Is it over?", start: 2, end: 13, reason: "QUESTION" }],
};

test("utf16Offsets maps code points to UTF-16 indices", () => {
  assert.deepEqual(utf16Offsets("a👍b"), [0, 1, 3, 4]);
  assert.deepEqual(utf16Offsets(""), [0]);
});

test("highlight ranges slice the draft exactly, after an emoji too", () => {
  const [range] = highlightRanges(DRAFT, ANSWER);
  assert.equal(DRAFT.slice(range.start, range.end), "Kherson fell on Thursday.");
  assert.equal(range.className, "factcheck-not-enough-evidence");
});

test("segments cover the whole text in order", () => {
  const pieces = segments(DRAFT, highlightRanges(DRAFT, ANSWER));
  assert.equal(pieces.map((p) => p.text).join(""), DRAFT);
  assert.deepEqual(pieces.map((p) => p.range?.verdict ?? null), [null, "NOT_ENOUGH_EVIDENCE"]);
});

function fakeFetch(status, body) {
  const calls = [];
  const impl = async (url, init) => {
    calls.push({ url, init });
    return { ok: status < 400, status, json: async () => body };
  };
  return { impl, calls };
}

test("the client sends the key and throws typed errors", async () => {
  const { impl, calls } = fakeFetch(401, {
    data: null,
    errors: [{ message: "needs an API key", extensions: { code: "UNAUTHENTICATED" } }],
  });
  const client = new FactcheckClient({ endpoint: "http://x/graphql", apiKey: "k", fetch: impl });
  await assert.rejects(client.deleteArticle("a"), (error) => {
    assert.ok(error instanceof FactcheckError);
    assert.equal(error.code, "UNAUTHENTICATED");
    assert.equal(error.status, 401);
    return true;
  });
  assert.equal(calls[0].init.headers.authorization, "Bearer k");
  assert.match(JSON.parse(calls[0].init.body).query, /mutation DeleteArticle/);
});

test("InvalidInput answers become InvalidInputError with the fields", async () => {
  const { impl } = fakeFetch(200, { data: { check: {
    __typename: "InvalidInput", message: "invalid input: claim: empty",
    errors: [{ field: "claim", message: "must not be empty or whitespace" }],
  } } });
  const client = new FactcheckClient({ endpoint: "http://x/graphql", fetch: impl });
  await assert.rejects(client.check(" "), (error) => {
    assert.ok(error instanceof InvalidInputError);
    assert.equal(error.fields[0].field, "claim");
    return true;
  });
});
