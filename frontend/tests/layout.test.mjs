// How the widgets look and behave for people: a phone-sized screen, paper,
// dark themes, keyboard focus and accessible names.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import {
  act,
  exercise,
  getSource,
  openChapter,
  runAndWait,
  setSource,
  snippet,
  startSession,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const EXERCISE = exercise("blocking-the-loop");

describe("layout and accessibility", () => {
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

  async function open(options) {
    const opened = await openChapter(session, options);
    pages.push(opened.page);
    return opened.page;
  }

  test("nothing spills sideways on a 390 px phone, even a long output line", async () => {
    const page = await open({ viewport: { width: 390, height: 844 } });
    await waitForSandbox(page);
    await setSource(page, WRONG, `print("${"x".repeat(300)}")\n`);
    await runAndWait(page, WRONG);
    const overflowing = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const boxes = document.querySelectorAll(".wb-snippet, .wb-exercise, .wb-toolbar, .wb-live pre, .wb-expected pre");
      return Array.from(boxes)
        .filter((box) => box.getBoundingClientRect().right > width + 0.5 || box.scrollWidth > box.clientWidth + 1)
        .map((box) => box.className);
    });
    assert.deepEqual(overflowing, []);
  });

  test("on paper the buttons go and the code and outputs stay", async () => {
    const page = await open();
    await waitForSandbox(page);
    await runAndWait(page, WRONG);
    await page.emulateMedia({ media: "print" });
    const visible = async (selector) => page.locator(selector).first().isVisible();
    assert.equal(await page.locator("[data-wb-action]").evaluateAll(
      (buttons) => buttons.filter((node) => node.checkVisibility()).length,
    ), 0);
    assert.ok(await visible(`${WRONG} pre.wb-source`), "the book's code is printed");
    assert.ok(await visible(`${WRONG} .wb-expected .wb-stdout`), "the recorded output is printed");
    assert.ok(await visible(`${WRONG} .wb-out-stdout`), "the reader's output is printed");
  });

  test("the editors follow mdBook's light and dark themes", async () => {
    const page = await open();
    await page.locator(`${WRONG}[data-wb-editor="ace"]`).waitFor();
    const theme = () => page.evaluate(
      (selector) => window.ace.edit(document.querySelector(`${selector} .wb-editor`)).getTheme(),
      WRONG,
    );
    const swap = (from, to) => page.evaluate(([a, b]) => {
      document.documentElement.classList.replace(a, b);
    }, [from, to]);
    const start = await page.evaluate(() => ["light", "rust", "coal", "navy", "ayu"]
      .find((name) => document.documentElement.classList.contains(name)));
    await swap(start, "coal");
    await page.waitForFunction(
      (selector) => window.ace.edit(document.querySelector(`${selector} .wb-editor`)).getTheme().endsWith("tomorrow_night"),
      WRONG,
    );
    await swap("coal", "light");
    await page.waitForFunction(
      (selector) => window.ace.edit(document.querySelector(`${selector} .wb-editor`)).getTheme().endsWith("dawn"),
      WRONG,
    );
    assert.match(await theme(), /dawn$/);
  });

  test("every control is a named button with a visible keyboard focus", async () => {
    const page = await open();
    await waitForSandbox(page);
    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    const controls = await page.locator("[data-wb-action]").evaluateAll((nodes) => nodes.map((node) => ({
      tag: node.tagName,
      type: node.type,
      name: (node.getAttribute("aria-label") || node.textContent).trim(),
    })));
    assert.ok(controls.length >= 7);
    for (const control of controls) {
      assert.equal(control.tag, "BUTTON");
      assert.equal(control.type, "button");
      assert.notEqual(control.name, "");
    }
    const run = page.locator(`${WRONG} [data-wb-action="run"]`);
    await run.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const outline = await run.evaluate((node) => {
      const style = getComputedStyle(node);
      return document.activeElement === node ? `${style.outlineStyle} ${style.outlineWidth}` : "not focused";
    });
    assert.match(outline, /^solid [1-9]/);
    const editorName = await page.locator(`${WRONG} .wb-editor textarea`).getAttribute("aria-label");
    assert.match(editorName, /Python code/);
    assert.equal(await page.locator(`${EXERCISE} .wb-results`).getAttribute("role"), "status");
    assert.equal(await page.locator(`${WRONG} .wb-status`).getAttribute("aria-live"), "polite");
  });
});

// A phone as a phone: touch, its device pixels, its viewport meta honoured.
describe("a 390 px touch screen", () => {
  const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
  const PAIR = '.wb-pair[data-wb-pair="blocking-the-loop/sleep"]';
  let session;
  let page;

  before(async () => {
    session = await startSession(PHONE);
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async () => {
    await page?.close();
  });

  test("type in the editor, tap Run and Compare timelines: big targets, no sideways scroll", async () => {
    ({ page } = await openChapter(session));
    await page.locator(`${WRONG}[data-wb-editor="ace"]`).waitFor();
    await waitForSandbox(page);

    // A finger on the code puts the caret there, and the keyboard types.
    await page.locator(`${WRONG} .ace_content`).tap();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type('\nprint("typed on a phone")');
    assert.match(await getSource(page, WRONG), /\nprint\("typed on a phone"\)$/);

    await page.locator(`${WRONG} [data-wb-action="run"]`).tap();
    const live = await waitForOutcome(page, WRONG);
    assert.match(live.stdout, /typed on a phone\n$/);
    await page.locator(`${PAIR} [data-wb-action="compare"]`).tap();
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    assert.equal(await page.locator(`${PAIR} .wb-compare .wb-timeline`).count(), 2);

    const layout = await page.evaluate(() => {
      const page = document.scrollingElement;
      // Timeline bars are exempt: the text version beside each picture holds
      // the same, and the arrow keys reach every bar.
      const targets = Array.from(document.querySelectorAll(
        ".wb-pair button:not(.wb-tl-span, .wb-tl-loop-blocked, .wb-tl-marker), .wb-pair summary, "
        + ".wb-exercise button, .wb-exercise summary",
      )).filter((node) => node.checkVisibility());
      return {
        sideways: page.scrollWidth - page.clientWidth,
        targets: targets.length,
        small: targets
          .map((node) => ({ node, box: node.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ node, box }) => `${node.textContent.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`),
        pictureFits: Array.from(document.querySelectorAll(".wb-compare .wb-tl-scroll"))
          .every((scroller) => scroller.getBoundingClientRect().right <= page.clientWidth),
      };
    });
    assert.equal(layout.sideways, 0, "the page scrolls sideways");
    assert.ok(layout.targets >= 10, `only ${layout.targets} targets found`);
    assert.deepEqual(layout.small, [], "touch targets under 44 × 44 px");
    assert.ok(layout.pictureFits, "a timeline picture sticks out of the page");
  });
});
