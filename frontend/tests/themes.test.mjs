// Every widget in each of mdBook's five themes: after a run with output,
// errors and a timeline with cancelled and failed tasks, a comparison of two
// timelines, a Check, a hint and the solution, every piece of text in the
// widgets (editor, buttons, outputs, status, timeline labels, hints, solution,
// notes) must reach WCAG AA's 4.5:1 against what is behind it. Disabled
// buttons are left out, as WCAG leaves them out.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { textContrasts } from "./contrast.mjs";
import {
  CHAPTER,
  act,
  exercise,
  runAndWait,
  setSource,
  snippet,
  startSession,
  usingFixture,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const PAIR = '.wb-pair[data-wb-pair="blocking-the-loop/sleep"]';
const EXERCISE = exercise("blocking-the-loop");
const THEMES = ["light", "rust", "coal", "navy", "ayu"];
const AA = 4.5;

// Output on both streams, and a timeline with every kind of bar and marker.
const EVERYTHING = `import asyncio
import sys
import time


async def fails():
    raise ValueError("boom")


async def main():
    sleeper = asyncio.create_task(asyncio.sleep(1))
    failing = asyncio.create_task(fails())
    time.sleep(0.1)
    await asyncio.sleep(0.1)
    sleeper.cancel()
    await asyncio.sleep(0.1)
    print("to stdout")
    print("to stderr", file=sys.stderr)


asyncio.run(main())
`;

describe("all five themes", { skip: usingFixture && "needs mdBook's theme styles" }, () => {
  let session;
  const pages = [];

  before(async () => {
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async () => {
    while (pages.length > 0) {
      await pages.pop().close();
    }
  });

  for (const theme of THEMES) {
    test(`${theme}: every text in every widget reads at ${AA}:1 or better`, async (t) => {
      const page = await session.context.newPage();
      pages.push(page);
      // mdBook reads the reader's theme from here before drawing the page.
      await page.addInitScript((name) => window.localStorage.setItem("mdbook-theme", name), theme);
      await page.goto(new URL(CHAPTER, session.bookUrl).href);
      assert.ok(await page.evaluate((name) => document.documentElement.classList.contains(name), theme));
      await page.locator(`${WRONG}[data-wb-editor="ace"]`).waitFor();
      await waitForSandbox(page);

      await setSource(page, WRONG, EVERYTHING);
      const live = await runAndWait(page, WRONG);
      assert.equal(live.stdout, "to stdout\n");
      await act(page, PAIR, "compare");
      await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
      await act(page, EXERCISE, "check");
      await waitForOutcome(page, EXERCISE);
      await act(page, EXERCISE, "hint");
      await act(page, EXERCISE, "solution");
      // The detail line under a picture says something once a bar has the focus.
      await page.locator(`${WRONG} .wb-tl-span`).first().focus();

      const measured = await textContrasts(page, `${PAIR}, ${EXERCISE}`);
      const has = (pattern) => measured.some((entry) => pattern.test(entry.element));
      for (const [what, pattern] of [
        ["the editor's code", /\.ace_/],
        ["the output", /pre\.wb-out-stdout/],
        ["the errors", /pre\.wb-out-stderr/],
        ["the buttons", /button\.wb-button/],
        ["the status line", /p\.wb-status/],
        ["the timeline's names", /span\.wb-tl-task/],
        ["the timeline's tick labels", /span\.wb-tl-tick/],
        ["the timeline's bars", /span\.wb-tl-bar-text/],
        ["the failed marker", /span\.wb-tl-marker-symbol/],
        ["the check results", /span\.wb-check-name/],
      ]) {
        assert.ok(has(pattern), `nothing measured for ${what}`);
      }
      for (const part of [".wb-hint-list", ".wb-solution-view"]) {
        assert.ok((await textContrasts(page, `${EXERCISE} ${part}`)).length > 0, `nothing measured in ${part}`);
      }
      const enabled = measured.filter((entry) => !entry.disabled);
      const low = enabled.filter((entry) => entry.ratio < AA);
      const lowest = Math.min(...enabled.map((entry) => entry.ratio));
      t.diagnostic(`${theme}: ${enabled.length} texts, lowest contrast ${lowest}:1`);
      const unique = Array.from(new Map(low.map((entry) => [`${entry.element} ${entry.ratio}`, entry])).values());
      assert.deepEqual(unique.map((entry) => `${entry.element} “${entry.text}” ${entry.ratio}:1`), []);
    });
  }
});
