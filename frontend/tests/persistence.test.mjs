// Nothing the reader types is lost: edits survive a reload and a stopped
// worker, Reset asks before it throws them away, and an edited editor says so.
// Its own browser session, so the edits it saves reach no other test file.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  act,
  exercise,
  getSource,
  openChapter,
  snippet,
  startSession,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const EXERCISE = exercise("blocking-the-loop");

// Types at the end of the widget's editor, as a reader would.
async function typeAtEnd(page, widget, text) {
  await page.locator(`${widget} .wb-editor`).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

describe("persistence", () => {
  let session;

  before(async () => {
    session = await startSession({}, { keepEdits: true });
  });

  after(async () => {
    await session?.close();
  });

  test("an edit survives a reload and a stopped worker, and is marked as the reader's", async () => {
    const { page } = await openChapter(session);
    const book = await getSource(page, WRONG);
    assert.equal(await page.locator(`${WRONG} .wb-edited`).isVisible(), false);
    await typeAtEnd(page, WRONG, "\nwhile True: pass");
    const edited = await getSource(page, WRONG);
    assert.notEqual(edited, book);
    assert.equal(await page.locator(`${WRONG} .wb-edited`).isVisible(), true);
    await waitForSandbox(page);
    await act(page, WRONG, "run");
    await page.locator(`${WRONG} .wb-live[data-wb-state="running"]`).waitFor();
    await act(page, WRONG, "stop");
    assert.equal((await waitForOutcome(page, WRONG)).state, "stopped");
    assert.equal(await getSource(page, WRONG), edited, "Stop must not touch the code");
    await page.reload();
    await page.locator(`${WRONG}[data-wb-editor]`).waitFor();
    assert.equal(await getSource(page, WRONG), edited, "the edit did not survive the reload");
    assert.equal(await page.locator(`${WRONG}[data-wb-edited="true"] .wb-edited`).isVisible(), true);
    await page.close();
  });

  test("Reset asks first, keeps the edit when declined, restores the book's code when accepted", async () => {
    const { page } = await openChapter(session);
    await typeAtEnd(page, EXERCISE, "\n# my attempt");
    const edited = await getSource(page, EXERCISE);
    const questions = [];
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      dialog.dismiss();
    });
    await act(page, EXERCISE, "reset");
    assert.deepEqual(questions, ["Put back the book's code? Your edits to it will be lost."]);
    assert.equal(await getSource(page, EXERCISE), edited);
    page.once("dialog", (dialog) => dialog.accept());
    await act(page, EXERCISE, "reset");
    assert.ok(!(await getSource(page, EXERCISE)).includes("# my attempt"));
    assert.equal(await page.locator(`${EXERCISE} .wb-edited`).isVisible(), false);
    await page.reload();
    await page.locator(`${EXERCISE}[data-wb-editor]`).waitFor();
    assert.ok(!(await getSource(page, EXERCISE)).includes("# my attempt"), "the reset edit came back after a reload");
    await page.close();
  });

  test("Reset on code the reader has not edited asks nothing", async () => {
    const { page } = await openChapter(session);
    // The first test left its edit stored: accept putting the book's code back.
    page.once("dialog", (dialog) => dialog.accept());
    await act(page, WRONG, "reset");
    const book = await getSource(page, WRONG);
    let asked = false;
    page.once("dialog", (dialog) => {
      asked = true;
      dialog.dismiss();
    });
    await act(page, WRONG, "reset");
    assert.equal(asked, false, "Reset asked although there was nothing to lose");
    assert.equal(await getSource(page, WRONG), book);
    await page.close();
  });
});
