// Share links: Share puts the editor's code, deflate-compressed and
// base64url-encoded, into "#share=<widget id>.<data>"; opening the link in
// another browser loads that code into that widget, marked as shared and
// never run on its own, without touching the reader's saved edit until they
// edit it. Damaged, unknown and oversized links say so and change nothing.
// Two browser profiles: one makes links, the other opens them.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { after, afterEach, before, describe, test } from "node:test";
import {
  act,
  exercise,
  getSource,
  openChapter,
  recordWorkerRequests,
  setSource,
  snippet,
  startSession,
  waitForOutcome,
  waitForSandbox,
  workerRequests,
} from "./support.mjs";

const WIDGET_ID = "blocking-the-loop/sleep/wrong";
const WRONG = snippet(WIDGET_ID);
const CODE = 'print("from a share link")\nprint("héllo ✓ <b>bold</b>")\n';
const NOTE = "Shared code, not run yet. Read it before you press Run.";

const encode = (text) => deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");

describe("share links", () => {
  let sender;
  let receiver;
  const pages = [];

  before(async () => {
    sender = await startSession();
    await sender.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await recordWorkerRequests(sender.context);
    // A reader's own browser: what it saves stays between pages.
    receiver = await startSession({}, { keepEdits: true });
    await recordWorkerRequests(receiver.context);
  });

  after(async () => {
    await sender?.close();
    await receiver?.close();
  });

  afterEach(async () => {
    while (pages.length > 0) {
      const { page, errors } = pages.pop();
      await page.close();
      assert.deepEqual(errors.map(String), [], "the page threw uncaught errors");
    }
  });

  async function open(session, url) {
    const page = await session.context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    pages.push({ page, errors });
    await page.goto(url);
    await page.locator(`${WRONG}[data-wb-editor]`).waitFor();
    return page;
  }

  async function makeLink(code) {
    const opened = await openChapter(sender);
    pages.push(opened);
    const { page } = opened;
    await setSource(page, WRONG, code);
    await act(page, WRONG, "share");
    await page.waitForFunction((selector) => document.querySelector(`${selector} .wb-share-link`)?.value, WRONG);
    return { page, link: await page.locator(`${WRONG} .wb-share-link`).inputValue() };
  }

  // The same link served by the receiver's own server: each session has its
  // own port, and saved edits belong to one origin.
  const onReceiver = (link) => {
    const url = new URL(link);
    return new URL(url.pathname + url.hash, receiver.bookUrl).href;
  };
  const savedEdit = (page) => page.evaluate((key) => window.localStorage.getItem(key), `workbook:code:${WIDGET_ID}`);
  const note = (page) => page.locator(`${WRONG} .wb-shared-note`);

  test("Share puts the editor's code into the link and on the clipboard", async () => {
    const { page, link } = await makeLink(CODE);
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, sender.chapterUrl);
    const match = /^#share=([^.]+)\.([A-Za-z0-9_-]+)$/.exec(url.hash);
    assert.ok(match, `not a share fragment: ${url.hash}`);
    assert.equal(match[1], WIDGET_ID);
    assert.equal(inflateRawSync(Buffer.from(match[2], "base64url")).toString("utf8"), CODE);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    assert.match(await page.locator(`${WRONG} .wb-share-status`).textContent(), /^Copied to the clipboard\./);
    assert.equal(await page.locator(`${WRONG} .wb-share-link`).getAttribute("readonly"), "");
    assert.deepEqual(await workerRequests(page), [], "sharing must not run anything");
  });

  test("a link opens in a fresh browser with the code loaded, marked shared, scrolled to, and not run", async () => {
    const link = onReceiver((await makeLink(CODE)).link);
    const page = await open(receiver, link);
    await page.locator(`${WRONG}[data-wb-shared="true"]`).waitFor();
    assert.equal(await getSource(page, WRONG), CODE);
    assert.match(await note(page).textContent(), new RegExp(`^${NOTE}`));
    const inView = await note(page).evaluate((node) => {
      const box = node.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.ok(inView, "the page did not scroll to the shared code");

    // Give a wrongly eager page every chance to run it.
    await waitForSandbox(page);
    await page.waitForTimeout(500);
    assert.deepEqual(await workerRequests(page), []);
    assert.equal(await page.locator(`${WRONG} .wb-live`).isVisible(), false);
    assert.equal(await page.locator(`${WRONG} .wb-out-stdout`).textContent(), "");
    assert.equal(await savedEdit(page), null, "shared code was saved as the reader's edit");

    await act(page, WRONG, "run");
    const live = await waitForOutcome(page, WRONG);
    assert.equal(live.stdout, "from a share link\nhéllo ✓ <b>bold</b>\n");
    assert.deepEqual(await workerRequests(page), ["run"]);
    assert.match(await note(page).textContent(), /^Shared code\. Read it/);
  });

  test("shared code leaves the reader's saved edit alone until they edit it", async () => {
    const link = onReceiver((await makeLink(CODE)).link);
    const mine = "print('my own edit')\n";
    let page = await open(receiver, receiver.chapterUrl);
    await setSource(page, WRONG, mine);
    assert.equal(await savedEdit(page), mine);
    await page.close();

    page = await open(receiver, link);
    await note(page).waitFor();
    assert.equal(await getSource(page, WRONG), CODE);
    assert.equal(await savedEdit(page), mine);
    await page.reload();
    await note(page).waitFor();
    assert.equal(await getSource(page, WRONG), CODE);
    assert.equal(await savedEdit(page), mine);

    const putBack = page.locator(`${WRONG} [data-wb-action="put-back"]`);
    assert.equal(await putBack.textContent(), "Put back your code");
    await putBack.click();
    assert.equal(await getSource(page, WRONG), mine);
    assert.equal(await note(page).count(), 0);
    assert.equal(await page.locator(WRONG).getAttribute("data-wb-shared"), null);
    assert.equal(await savedEdit(page), mine);

    // Editing the shared code makes it the reader's.
    await page.goto("about:blank");
    await page.goto(link);
    await note(page).waitFor();
    await page.locator(`${WRONG} .wb-editor`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("# tweaked");
    assert.equal(await savedEdit(page), `${CODE}# tweaked`);
    assert.equal(await note(page).count(), 0);
    assert.equal(await page.locator(`${WRONG} .wb-edited`).isVisible(), true);
  });

  test("a share link pasted into an open page loads without a reload", async () => {
    const page = await open(sender, sender.chapterUrl);
    const book = await getSource(page, WRONG);
    await page.evaluate((fragment) => {
      window.location.hash = fragment;
    }, `share=${WIDGET_ID}.${encode("print('pasted')\n")}`);
    await note(page).waitFor();
    assert.equal(await getSource(page, WRONG), "print('pasted')\n");
    await page.locator(`${WRONG} [data-wb-action="put-back"]`).click();
    assert.equal(await getSource(page, WRONG), book);
  });

  test("an exercise's link loads into the exercise, and nothing is checked", async () => {
    const code = "async def nap():\n    return 'shared attempt'\n";
    const page = await open(sender, `${sender.chapterUrl}#share=exercise/blocking-the-loop.${encode(code)}`);
    const widget = exercise("blocking-the-loop");
    await page.locator(`${widget}[data-wb-shared="true"] .wb-shared-note`).waitFor();
    assert.equal(await getSource(page, widget), code);
    await waitForSandbox(page);
    assert.deepEqual(await workerRequests(page), []);
    assert.equal(await page.locator(`${widget} .wb-results li`).count(), 0);
    // Shared code shown where no edit was saved: Reset says what goes.
    const questions = [];
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      dialog.accept();
    });
    await act(page, widget, "reset");
    assert.deepEqual(questions, ["Put back the book's code in place of the shared code?"]);
    assert.equal(await page.locator(`${widget} .wb-shared-note`).count(), 0);
    const book = await page.locator(`${widget} pre.wb-source code`).textContent();
    assert.equal(await getSource(page, widget), book.replace(/\n$/, ""));
  });

  for (const [what, fragment, message] of [
    ["not base64url", `share=${WIDGET_ID}.not*base64!`, /could not be read: the link is damaged or cut short\./],
    ["not deflate data", `share=${WIDGET_ID}.AAAA`, /could not be read/],
    ["cut short", `share=${WIDGET_ID}.${encode(CODE).slice(0, 12)}`, /could not be read/],
    ["missing its widget", "share=nodot", /could not be read/],
    ["not UTF-8 inside", `share=${WIDGET_ID}.${deflateRawSync(Buffer.from([0x70, 0xff, 0xfe])).toString("base64url")}`, /could not be read/],
    ["for a widget not on the page", `share=nowhere/at/all.${encode(CODE)}`, /program that is not on this page \(“nowhere\/at\/all”\)/],
    ["over 100 KB unpacked", `share=${WIDGET_ID}.${encode("x".repeat(100 * 1024 + 1))}`, /more than 100 KB of shared code/],
  ]) {
    test(`a link ${what} says so and leaves the book's code`, async () => {
      const page = await open(sender, `${sender.chapterUrl}#${fragment}`);
      const alert = page.locator("main > .wb-share-message[role=alert]");
      await alert.waitFor();
      const text = await alert.textContent();
      assert.match(text, message);
      assert.match(text, /The book's code on this page is unchanged\.$/);
      const book = await page.locator(`${WRONG} pre.wb-source code`).textContent();
      assert.equal(await getSource(page, WRONG), book.replace(/\n$/, ""));
      assert.equal(await page.locator("[data-wb-shared]").count(), 0);
      assert.deepEqual(await workerRequests(page), []);
    });
  }

  test("code over 100 KB is not put into a link", async () => {
    const opened = await openChapter(sender);
    pages.push(opened);
    const { page } = opened;
    await setSource(page, WRONG, `# ${"x".repeat(100 * 1024)}\n`);
    await act(page, WRONG, "share");
    const status = page.locator(`${WRONG} .wb-share-status`);
    await page.waitForFunction((selector) => /over/.test(document.querySelector(`${selector} .wb-share-status`).textContent), WRONG);
    assert.equal(await status.textContent(), "This code is over 100 KB, too long to share as a link.");
    assert.equal(await page.locator(`${WRONG} .wb-share-link`).inputValue(), "");
  });
});
