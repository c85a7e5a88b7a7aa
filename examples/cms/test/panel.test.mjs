import assert from "node:assert/strict";
import { test } from "node:test";

import { panelItems } from "../factcheck-cms.mjs";

test("published fact-checks come before the verdict", () => {
  const items = panelItems({
    verdict: { label: "NOT_ENOUGH_EVIDENCE", confidence: 0 },
    factChecks: [
      { claim: "Pope Francis endorsed Donald Trump for president.", rating: "false",
        publisher: "Snopes", url: "https://www.snopes.com/fact-check/x/", reviewDate: "2016-07-10" },
    ],
  });
  assert.deepEqual(items.map((i) => i.kind), ["fact-check", "verdict"]);
  assert.match(items[0].text, /^Snopes rated "Pope Francis endorsed Donald Trump/);
  assert.match(items[0].text, /: false$/);
  assert.equal(items[0].url, "https://www.snopes.com/fact-check/x/");
});

test("no fact-checks: the verdict alone", () => {
  assert.deepEqual(panelItems({ verdict: { label: "SUPPORTED" } }).map((i) => i.kind), ["verdict"]);
});
