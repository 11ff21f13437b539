// The chapter page end to end: running the pair, editing, stopping, output
// safety and the exercise, in headless Chromium against the built book.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  act,
  chapterPages,
  exercise,
  getSource,
  recordedOutput,
  runAndWait,
  scriptText,
  setSource,
  snippet,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const CORRECT = snippet("blocking-the-loop/sleep/correct");
const EXERCISE = exercise("blocking-the-loop");

describe("chapter page", () => {
  const pages = chapterPages();

  async function ready() {
    const opened = await pages.open();
    await waitForSandbox(opened.page);
    return opened.page;
  }

  for (const [name, widget] of [["wrong", WRONG], ["correct", CORRECT]]) {
    test(`running the ${name} snippet reproduces the book's recorded output`, async () => {
      const page = await ready();
      const recorded = await recordedOutput(page, widget);
      const live = await runAndWait(page, widget);
      assert.equal(live.stdout, recorded.stdout);
      assert.equal(live.stderr, recorded.stderr);
      // It ran to the end (a wrong snippet may well end in a traceback).
      assert.match(live.status, /^(Finished|Exited with status \d+)\.$/);
      // The recorded output stays on the page next to the live one.
      assert.ok(await page.locator(`${widget} .wb-expected .wb-stdout`).isVisible());
    });
  }

  test("an edited snippet runs the edited code", async () => {
    const page = await ready();
    await setSource(page, WRONG, 'print("edited", 6*7)\n');
    const live = await runAndWait(page, WRONG);
    assert.equal(live.stdout, "edited 42\n");
    assert.equal(live.status, "Finished.");
  });

  test("Ctrl-Enter (or Cmd-Enter) in the editor runs the snippet", async () => {
    const page = await ready();
    await setSource(page, CORRECT, 'print("from the keyboard")\n');
    await page.locator(`${CORRECT} .wb-editor`).click();
    await page.keyboard.press("Control+Enter");
    const live = await waitForOutcome(page, CORRECT);
    assert.equal(live.stdout, "from the keyboard\n");

    await setSource(page, CORRECT, 'print("from a Mac keyboard")\n');
    await page.locator(`${CORRECT} .wb-editor`).click();
    await page.keyboard.press("Meta+Enter");
    assert.equal((await waitForOutcome(page, CORRECT)).stdout, "from a Mac keyboard\n");
  });

  test("Reset puts back the book's code once the reader confirms", async () => {
    const page = await ready();
    const original = await getSource(page, WRONG);
    await setSource(page, WRONG, "print('scribble')\n");
    page.once("dialog", (dialog) => dialog.accept());
    await act(page, WRONG, "reset");
    assert.equal(await getSource(page, WRONG), original);
  });

  test("a traceback goes to the stderr panel with the exit status", async () => {
    const page = await ready();
    await setSource(page, WRONG, 'print("before")\nraise ValueError("boom")\n');
    const live = await runAndWait(page, WRONG);
    assert.equal(live.stdout, "before\n");
    assert.match(live.stderr, /ValueError: boom/);
    assert.equal(live.status, "Exited with status 1.");
    assert.equal(live.state, "failed");
  });

  test("Stop ends an endless loop and the next run works", async () => {
    const page = await ready();
    const startsBefore = Number(await page.evaluate(() => document.documentElement.dataset.wbWorkerStarts));
    await setSource(page, WRONG, "while True: pass\n");
    await act(page, WRONG, "run");
    const stop = page.locator(`${WRONG} [data-wb-action="stop"]`);
    assert.ok(await stop.isEnabled(), "Stop must be enabled while running");
    // Run is refused everywhere on the page while the sandbox is busy.
    assert.ok(await page.locator(`${CORRECT} [data-wb-action="run"]`).isDisabled());
    await stop.click();
    const stopped = await waitForOutcome(page, WRONG, 5_000);
    assert.equal(stopped.state, "stopped");
    assert.equal(stopped.status, "Stopped.");
    // A busy worker can only be stopped by replacing it.
    const startsAfter = Number(await page.evaluate(() => document.documentElement.dataset.wbWorkerStarts));
    assert.equal(startsAfter, startsBefore + 1);

    await setSource(page, WRONG, 'print("alive")\n');
    const live = await runAndWait(page, WRONG);
    assert.equal(live.stdout, "alive\n");
    assert.ok(await stop.isDisabled(), "Stop is disabled once nothing runs");
  });

  test("program output is shown as text, never as markup", async () => {
    const page = await ready();
    const payload = '<script>window.__pwned=1</script><b>x</b><img src=nowhere onerror="window.__pwned=2">';
    await setSource(page, WRONG, `import sys\nprint('${payload}')\nprint('${payload}', file=sys.stderr)\n`);
    const live = await runAndWait(page, WRONG);
    assert.equal(live.stdout, `${payload}\n`);
    assert.equal(live.stderr, `${payload}\n`);
    const injected = await page.locator(`${WRONG} .wb-live b, ${WRONG} .wb-live img, ${WRONG} .wb-live script`).count();
    assert.equal(injected, 0, "output was parsed as HTML");
    assert.equal(await page.evaluate(() => typeof window.__pwned), "undefined");
  });

  test("the exercise: starter fails its checks, the solution passes them", async () => {
    const page = await ready();
    const solutionButton = page.locator(`${EXERCISE} [data-wb-action="solution"]`);
    assert.ok(await solutionButton.isDisabled(), "the solution is offered only after a Check");

    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    const results = page.locator(`${EXERCISE} .wb-results li[data-passed]`);
    assert.ok((await results.count()) > 0, "Check listed no results");
    assert.ok((await page.locator(`${EXERCISE} .wb-results li[data-passed="false"]`).count()) >= 1);
    assert.ok(await solutionButton.isEnabled());

    await setSource(page, EXERCISE, await scriptText(page, `${EXERCISE} script.wb-solution`));
    await act(page, EXERCISE, "check");
    const outcome = await waitForOutcome(page, EXERCISE);
    const passed = await page.locator(`${EXERCISE} .wb-results li[data-passed="true"]`).count();
    assert.ok(passed > 0);
    assert.equal(passed, await results.count(), outcome.status);
    assert.match(outcome.status, /^All \d+ checks passed\.$/);
  });

  test("the exercise reveals its hints one at a time", async () => {
    const page = await ready();
    const hintCount = await page.evaluate(
      (selector) => document.querySelector(`${selector} template.wb-hints`).content.children.length,
      EXERCISE,
    );
    assert.ok(hintCount >= 2, `the chapter's exercise has ${hintCount} hints; this test needs two or more`);
    const shown = page.locator(`${EXERCISE} .wb-hint-list > li`);
    assert.equal(await shown.count(), 0);
    for (let seen = 1; seen <= hintCount; seen += 1) {
      await act(page, EXERCISE, "hint");
      assert.equal(await shown.count(), seen);
    }
    assert.ok(await page.locator(`${EXERCISE} [data-wb-action="hint"]`).isDisabled());
  });

  test("after a Check the solution can be shown and copied into the editor", async () => {
    const page = await ready();
    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    await act(page, EXERCISE, "solution");
    const solution = await scriptText(page, `${EXERCISE} script.wb-solution`);
    assert.equal(await page.locator(`${EXERCISE} .wb-solution-view code`).textContent(), solution);
    await act(page, EXERCISE, "use-solution");
    assert.equal(await getSource(page, EXERCISE), solution);
  });
});
