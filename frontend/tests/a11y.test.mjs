// What a screen reader gets: a name for every button, a label and a
// description of the keys for every editor, output and status lines that are
// live regions from the start (one that appears with its first words is not
// read out), and every change of state put into words in one of them.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  act,
  chapterPages,
  exercise,
  runAndWait,
  scriptText,
  setSource,
  snippet,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const PAIR = '.wb-pair[data-wb-pair="blocking-the-loop/sleep"]';
const EXERCISE = exercise("blocking-the-loop");

// Every change to a live region's words, in order, as
// {region: "<role> <name>", text, exposed}: `exposed` says the region was in
// the accessibility tree (not hidden, nor inside something hidden) then.
async function listen(page) {
  await page.evaluate(() => {
    window.__wbHeard = [];
    const regions = document.querySelectorAll(
      ".wb-pair [aria-live], .wb-pair [role='status'], .wb-pair [role='log'], "
      + ".wb-exercise [aria-live], .wb-exercise [role='status'], .wb-exercise [role='log']",
    );
    regions.forEach((region) => {
      new MutationObserver(() => {
        const hidden = region.closest("[hidden], [aria-hidden='true']") || !region.checkVisibility();
        const owner = region.closest(".wb-snippet, .wb-exercise, .wb-pair");
        window.__wbHeard.push({
          widget: owner.dataset.wbId || owner.dataset.wbExercise || "pair",
          region: `${region.getAttribute("role")} ${region.getAttribute("aria-label") || ""}`.trim(),
          text: region.textContent,
          exposed: !hidden && ["polite", "assertive"].includes(region.getAttribute("aria-live")
            || ({ status: "polite", log: "polite" })[region.getAttribute("role")]),
        });
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
  });
  return async () => page.evaluate(() => window.__wbHeard.splice(0));
}

describe("screen readers", () => {
  const pages = chapterPages();

  async function ready() {
    const opened = await pages.open();
    await opened.page.locator(`${WRONG}[data-wb-editor="ace"]`).waitFor();
    await waitForSandbox(opened.page);
    return opened.page;
  }

  test("every button is named and every editor labelled, with its keys as description", async () => {
    const page = await ready();
    for (const widget of [PAIR, EXERCISE]) {
      const tree = await page.locator(widget).ariaSnapshot();
      const unnamed = tree.split("\n").filter((line) => /^\s*- button(?! ")/.test(line));
      assert.deepEqual(unnamed, [], `buttons without a name in ${widget}`);
      assert.match(tree, /- button "Run"/);
    }
    const editor = page.locator(WRONG).getByRole("group", { name: "Python code of the wrong example", exact: true });
    assert.equal(await editor.count(), 1);
    const described = await editor.evaluate((node) => document.getElementById(node.getAttribute("aria-describedby"))?.textContent);
    assert.match(described, /Esc stops, then Tab moves on/);
    // The text field Enter leads to says the same.
    const field = page.locator(WRONG).getByRole("textbox", { name: /^Python code of the wrong example/ });
    assert.equal(await field.getAttribute("aria-describedby"), await editor.getAttribute("aria-describedby"));
  });

  test("output, errors and status are live regions before the first run", async () => {
    const page = await ready();
    for (const where of [WRONG, `${PAIR} .wb-compare`, EXERCISE]) {
      const status = page.locator(where).getByRole("status").and(page.locator(".wb-status"));
      assert.equal(await status.count(), 1, `no status line in the accessibility tree in ${where}`);
    }
    const results = page.locator(EXERCISE).getByRole("status", { name: "Check results", exact: true });
    assert.equal(await results.count(), 1);
    for (const name of ["Output", "Errors (stderr)"]) {
      for (const where of [WRONG, EXERCISE]) {
        const log = page.locator(where).getByRole("log", { name, exact: true });
        assert.equal(await log.count(), 1, `no ${name} log in the accessibility tree in ${where}`);
        assert.equal(await log.getAttribute("aria-live"), "polite");
      }
    }
  });

  test("running, finished, failed and stopped are all said, and so is the output", async () => {
    const page = await ready();
    const heard = await listen(page);
    const said = async () => (await heard()).filter((entry) => entry.widget === "blocking-the-loop/sleep/wrong");

    await setSource(page, WRONG, 'print("hello")\n');
    await runAndWait(page, WRONG);
    let words = await said();
    assert.ok(words.every((entry) => entry.exposed), JSON.stringify(words));
    assert.deepEqual(words.filter((entry) => entry.region === "status").map((entry) => entry.text).filter(Boolean),
      ["Running…", "Finished."]);
    assert.ok(words.some((entry) => entry.region === "log Output" && entry.text === "hello\n"));

    await setSource(page, WRONG, 'raise ValueError("boom")\n');
    await runAndWait(page, WRONG);
    words = await said();
    assert.equal(words.filter((entry) => entry.region === "status").at(-1).text, "Exited with status 1.");
    assert.ok(words.some((entry) => entry.region === "log Errors (stderr)" && /ValueError: boom/.test(entry.text)));

    await setSource(page, WRONG, "while True: pass\n");
    await act(page, WRONG, "run");
    await act(page, WRONG, "stop");
    await waitForOutcome(page, WRONG, 10_000);
    words = await said();
    assert.equal(words.filter((entry) => entry.region === "status").at(-1).text, "Stopped.");
    assert.ok(words.every((entry) => entry.exposed));
  });

  test("a Check says how many checks passed, and Compare says when both have run", async () => {
    const page = await ready();
    const heard = await listen(page);
    const statusOf = (entries, widget) => entries
      .filter((entry) => entry.widget === widget && entry.region === "status" && entry.text)
      .map((entry) => entry.text);

    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    await setSource(page, EXERCISE, await scriptText(page, `${EXERCISE} script.wb-solution`));
    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    const checks = statusOf(await heard(), "blocking-the-loop");
    assert.match(checks.join(" | "), /^Checking… \| \d of (\d+) checks passed\. \| Checking… \| All \1 checks passed\.$/);

    await act(page, PAIR, "compare");
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    const compared = statusOf(await heard(), "pair");
    assert.equal(compared.at(-1), "Both programs ran; their timelines share one time scale.");
    assert.ok(compared.includes("Running ✗ Wrong…") && compared.includes("Running ✓ Correct…"), compared.join(" | "));
  });
});
