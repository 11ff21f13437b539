// Solved exercises: passing every check through the page marks the exercise
// on its widget and on the "Your progress" page, whose table lists every
// exercise of the book with a link to it; Reset progress asks first and
// clears the marks; forgetting saved code is a separate question.
// Its own browser profile, kept across pages, as a reader's would be.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, afterEach, before, describe, test } from "node:test";
import {
  act,
  exercise,
  getSource,
  openChapter,
  setSource,
  snippet,
  startSession,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const NAME = "blocking-the-loop";
const EXERCISE = exercise(NAME);
const WRONG = snippet("blocking-the-loop/sleep/wrong");
const ROW = `.wb-progress tr[data-wb-exercise="${NAME}"]`;

// Every {{#exercise NAME}} in the book's chapters, read from the sources
// the book is built from.
function exercisesInSources() {
  const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");
  const names = [];
  for (const entry of readdirSync(src, { recursive: true })) {
    if (entry.endsWith(".md")) {
      const text = readFileSync(join(src, entry), "utf8");
      for (const match of text.matchAll(/^\s*\{\{\s*#exercise\s+([\w-]+)\s*\}\}\s*$/gm)) {
        names.push(match[1]);
      }
    }
  }
  return names.sort();
}

describe("progress", () => {
  let session;
  const pages = [];

  before(async () => {
    session = await startSession({}, { keepEdits: true });
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async () => {
    while (pages.length > 0) {
      const { page, errors } = pages.pop();
      await page.close();
      assert.deepEqual(errors.map(String), [], "the page threw uncaught errors");
    }
  });

  async function openProgress() {
    const page = await session.context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    pages.push({ page, errors });
    await page.goto(new URL("progress.html", session.bookUrl).href);
    await page.locator(".wb-progress-actions").waitFor();
    return page;
  }

  async function chapter() {
    const opened = await openChapter(session);
    pages.push(opened);
    return opened.page;
  }

  const status = (page) => page.locator(`${ROW} .wb-progress-status`).textContent();
  const storedMarks = (page) => page.evaluate(() => Object.keys(window.localStorage)
    .filter((key) => key.startsWith("workbook:solved:")));

  test("the progress page lists every exercise of the book, none solved yet", async () => {
    const page = await openProgress();
    const names = await page.locator(".wb-progress tr[data-wb-exercise]")
      .evaluateAll((rows) => rows.map((row) => row.dataset.wbExercise));
    assert.deepEqual([...names].sort(), exercisesInSources());
    const statuses = await page.locator(".wb-progress-status").allTextContents();
    assert.deepEqual(new Set(statuses), new Set(["Not solved"]));
    assert.equal(
      await page.locator(".wb-progress-summary").textContent(),
      `You have solved 0 of ${names.length} exercises. The marks are kept in this browser only.`,
    );
    assert.ok(await page.locator('[data-wb-action="reset-progress"]').isDisabled());
  });

  test("solving through the page marks the widget and the progress page; Reset progress clears it", async () => {
    const started = Date.now();
    let page = await chapter();
    await waitForSandbox(page);
    const mark = page.locator(`${EXERCISE} .wb-solved`);
    // The starter fails its checks: nothing is recorded.
    await act(page, EXERCISE, "check");
    assert.equal((await waitForOutcome(page, EXERCISE)).state, "failed");
    assert.equal(await mark.isVisible(), false);
    assert.deepEqual(await storedMarks(page), []);

    await act(page, EXERCISE, "solution");
    await act(page, EXERCISE, "use-solution");
    await act(page, EXERCISE, "check");
    assert.match((await waitForOutcome(page, EXERCISE)).status, /^All \d+ checks passed\.$/);
    assert.equal(await mark.isVisible(), true);
    assert.match(await mark.textContent(), /^✓ Solved \S/);
    assert.equal(await page.locator(EXERCISE).getAttribute("data-wb-solved"), "true");
    const stored = await page.evaluate((key) => window.localStorage.getItem(key), `workbook:solved:${NAME}`);
    const when = Date.parse(stored);
    assert.ok(when >= started - 1000 && when <= Date.now() + 1000, `solved at ${stored}`);

    await page.reload();
    await page.locator(`${EXERCISE}[data-wb-editor]`).waitFor();
    assert.equal(await mark.isVisible(), true, "the mark did not survive a reload");

    page = await openProgress();
    assert.match(await status(page), /^✓ Solved \S/);
    assert.equal(await page.locator(ROW).getAttribute("data-wb-solved"), "true");
    assert.equal(await page.locator('tr[data-wb-solved="true"]').count(), 1);
    assert.match(await page.locator(".wb-progress-summary").textContent(), /^You have solved 1 of \d+ exercises\./);

    // Declining keeps the mark; accepting clears it.
    const questions = [];
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      dialog.dismiss();
    });
    await act(page, ".wb-progress", "reset-progress");
    assert.deepEqual(questions, [
      "Reset your progress? Every exercise will show as not solved. Your saved code is kept.",
    ]);
    assert.match(await status(page), /^✓ Solved/);
    page.once("dialog", (dialog) => dialog.accept());
    await act(page, ".wb-progress", "reset-progress");
    assert.equal(await status(page), "Not solved");
    assert.equal(await page.locator(".wb-progress-action-status").textContent(), "Progress reset: 1 solved mark forgotten.");
    assert.deepEqual(await storedMarks(page), []);
    // Resetting progress leaves the saved solution in the editor alone.
    assert.notEqual(
      await page.evaluate((key) => window.localStorage.getItem(key), `workbook:code:exercise/${NAME}`),
      null,
    );

    page = await chapter();
    assert.equal(await page.locator(`${EXERCISE} .wb-solved`).isVisible(), false);
    assert.equal(await page.locator(EXERCISE).getAttribute("data-wb-solved"), "false");
  });

  test("each row links to its exercise on its chapter page", async () => {
    const page = await openProgress();
    await page.locator(`${ROW} td a`).click();
    await page.waitForURL(/blocking-the-loop\/index\.html#wb-exercise-blocking-the-loop$/);
    const target = page.locator("#wb-exercise-blocking-the-loop");
    assert.equal(await target.getAttribute("data-wb-exercise"), NAME);
    assert.match(await target.textContent(), /^Exercise: /);
    await page.goBack();
    await page.locator(`${ROW} th a`).click();
    await page.waitForURL(/blocking-the-loop\/index\.html$/);
  });

  test("Forget saved code asks, puts back the book's code everywhere, and keeps progress", async () => {
    let page = await chapter();
    const book = await getSource(page, WRONG);
    await setSource(page, WRONG, "print('kept until forgotten')\n");
    await page.evaluate((key) => window.localStorage.setItem(key, new Date().toISOString()), `workbook:solved:${NAME}`);

    page = await openProgress();
    const forget = page.locator('[data-wb-action="forget-code"]');
    assert.ok(await forget.isEnabled());
    page.once("dialog", (dialog) => dialog.dismiss());
    await forget.click();
    const savedCode = () => page.evaluate(() => Object.keys(window.localStorage)
      .filter((key) => key.startsWith("workbook:code:")).sort());
    assert.deepEqual(await savedCode(), ["workbook:code:blocking-the-loop/sleep/wrong", `workbook:code:exercise/${NAME}`]);
    page.once("dialog", (dialog) => dialog.accept());
    await forget.click();
    assert.deepEqual(await savedCode(), []);
    assert.equal(await page.locator(".wb-progress-action-status").textContent(), "Saved code forgotten for 2 programs.");
    assert.ok(await forget.isDisabled());
    assert.match(await status(page), /^✓ Solved/, "forgetting code must keep progress");

    page = await chapter();
    assert.equal(await getSource(page, WRONG), book);
  });
});
