// The browser's worksheet scoring (hooks/yamlbook/assets/javascripts/worksheet-scoring.js), loaded
// without a DOM, against the same cases as the Python reference (tests/test_scoring.py).
// Run by `node --test tests/js`, which tests/test_scoring.py does on every test run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const scoring = require("../../hooks/yamlbook/assets/javascripts/worksheet-scoring.js");
const vectors = JSON.parse(readFileSync(new URL("../vectors/worksheet-scoring.json", import.meta.url)));

for (const c of vectors.cases) {
  test(`score: ${c.name}`, () => {
    assert.deepStrictEqual(scoring.scoreWorksheet(vectors.sheets[c.sheet], c.answers, vectors.rules), c.expected);
  });
}

for (const c of vectors.team_cases) {
  test(`team: ${c.name}`, () => {
    assert.deepStrictEqual(scoring.aggregateTeam(vectors.sheets[c.sheet], c.respondents, vectors.rules), c.expected);
  });
}

test("the module defines no DOM or page globals", () => {
  assert.equal(typeof globalThis.playbook, "undefined");
});
