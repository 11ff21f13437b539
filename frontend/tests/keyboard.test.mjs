// A reader with a keyboard and no mouse: from page load into the editor,
// editing, running with Ctrl-Enter, out of the editor again (Ace keeps Tab
// for indenting), Stop, Reset, Compare timelines and the timeline's bars,
// with a visible focus ring at every stop. No test here clicks.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  chapterPages,
  getSource,
  snippet,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const PAIR = '.wb-pair[data-wb-pair="blocking-the-loop/sleep"]';
// mdBook's sidebar and menu come first; a chapter page has fewer stops than this.
const MAX_TABS = 150;

// What has the focus, and whether it shows: its own outline or box-shadow,
// or, inside the editor, the ring the editor draws around itself.
async function focused(page) {
  return page.evaluate(() => {
    const node = document.activeElement;
    if (!node || node === document.body) {
      return null;
    }
    const ring = (element) => {
      const style = getComputedStyle(element);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      return outline || style.boxShadow !== "none";
    };
    const editor = node.closest(".wb-editor");
    return {
      tag: node.tagName,
      action: node.dataset.wbAction || null,
      name: (node.getAttribute("aria-label") || node.textContent || "").trim(),
      inWidget: Boolean(node.closest(".wb-pair, .wb-exercise, .wb-snippet")),
      widget: node.closest(".wb-snippet")?.dataset.wbId ?? null,
      inEditor: Boolean(editor),
      isEditorText: node.classList.contains("ace_text-input") || node.tagName === "TEXTAREA",
      inCompare: Boolean(node.closest(".wb-compare")),
      isBar: node.matches(".wb-tl-span, .wb-tl-loop-blocked, .wb-tl-marker"),
      visibleFocus: ring(node) || Boolean(editor && ring(editor)),
    };
  });
}

// Presses `key` until `wanted(focus)` holds, checking on the way that every
// widget control the focus passes shows it.
async function tabUntil(page, wanted, key = "Tab") {
  for (let step = 0; step < MAX_TABS; step += 1) {
    await page.keyboard.press(key);
    const focus = await focused(page);
    if (focus && focus.inWidget) {
      assert.ok(focus.visibleFocus, `no visible focus on ${focus.tag} “${focus.name}”`);
    }
    if (focus && wanted(focus)) {
      return focus;
    }
  }
  throw new Error(`${MAX_TABS} presses of ${key} never reached the control`);
}

// One line, typed into the editor in place of everything in it.
async function typeProgram(page, text) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

describe("keyboard only", () => {
  const pages = chapterPages();

  async function ready() {
    const { page } = await pages.open();
    await page.locator(`${WRONG}[data-wb-editor="ace"]`).waitFor();
    await waitForSandbox(page);
    return page;
  }

  test("into the editor, edit, Ctrl-Enter, out again with Escape and Tab, Reset", async () => {
    const tab = await ready();
    const url = tab.url();
    const editorStop = await tabUntil(tab, (focus) => focus.widget === "blocking-the-loop/sleep/wrong" && focus.inEditor);
    // Tab lands on the editor as a whole, named for its program, not in its text.
    assert.equal(editorStop.isEditorText, false);
    assert.match(editorStop.name, /^Python code of the wrong example$/);
    const hint = tab.locator(`${WRONG} .wb-editor-keys`);
    assert.ok(await hint.isVisible(), "the keys are on screen");
    assert.match(await hint.textContent(), /Enter starts editing, Esc stops, then Tab moves on; (Ctrl|⌘)-Enter runs\./);

    // ← and → here are the editor's, not mdBook's next and previous chapter.
    await tab.keyboard.press("ArrowRight");
    assert.equal(tab.url(), url);

    await tab.keyboard.press("Enter");
    assert.equal((await focused(tab)).isEditorText, true, "Enter starts editing");
    await typeProgram(tab, 'print("typed", 6 * 7)');
    // Tab inside the editor indents: it stays in the editor.
    await tab.keyboard.press("Tab");
    assert.equal((await focused(tab)).isEditorText, true);
    assert.match(await getSource(tab, WRONG), /^print\("typed", 6 \* 7\) +$/);
    await tab.keyboard.press("Control+Enter");
    const live = await waitForOutcome(tab, WRONG);
    assert.equal(live.stdout, "typed 42\n");
    assert.equal(live.status, "Finished.");

    await tab.keyboard.press("Escape");
    const left = await focused(tab);
    assert.equal(left.isEditorText, false, "Escape stops editing");
    assert.equal(left.inEditor, true);
    const run = await tabUntil(tab, (focus) => !focus.inEditor);
    assert.equal(run.action, "run", "the first stop after the editor is Run");
    // Stop is disabled while nothing runs, so Tab goes on to Reset.
    const reset = await tabUntil(tab, () => true);
    assert.equal(reset.action, "reset");
    tab.once("dialog", (dialog) => dialog.accept());
    await tab.keyboard.press("Enter");
    assert.match(await getSource(tab, WRONG), /^import asyncio/);
  });

  test("Cmd-Enter runs too, and Stop is one Tab away from a running editor", async () => {
    const tab = await ready();
    await tabUntil(tab, (focus) => focus.widget === "blocking-the-loop/sleep/wrong" && focus.inEditor);
    await tab.keyboard.press("Enter");
    await typeProgram(tab, 'print("mac")');
    await tab.keyboard.press("Meta+Enter");
    assert.equal((await waitForOutcome(tab, WRONG)).stdout, "mac\n");

    await typeProgram(tab, "while True: pass");
    await tab.keyboard.press("Control+Enter");
    await tab.keyboard.press("Escape");
    // Run is disabled while the program runs: the next stop is Stop.
    const stop = await tabUntil(tab, (focus) => !focus.inEditor);
    assert.equal(stop.action, "stop");
    await tab.keyboard.press("Enter");
    const stopped = await waitForOutcome(tab, WRONG, 10_000);
    assert.equal(stopped.status, "Stopped.");
    // Stop went disabled under the focus; the focus went on to Run.
    assert.equal((await focused(tab)).action, "run");
    await tab.keyboard.press("Enter");
    assert.equal(await tab.locator(`${WRONG} .wb-live`).getAttribute("data-wb-state"), "running");
    assert.equal((await focused(tab)).action, "stop", "Run hands the focus to Stop");
    await tab.keyboard.press("Enter");
    assert.equal((await waitForOutcome(tab, WRONG, 10_000)).status, "Stopped.");
    assert.equal((await focused(tab)).action, "run", "and Stop hands it back");
  });

  test("Compare timelines, then along the bars with the arrow keys", async () => {
    const tab = await ready();
    const url = tab.url();
    const compare = await tabUntil(tab, (focus) => focus.action === "compare");
    assert.equal(compare.name, "Compare timelines");
    await tab.keyboard.press("Enter");
    assert.equal((await focused(tab)).action, "stop-compare", "Compare hands the focus to its Stop");
    await tab.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    assert.equal((await focused(tab)).action, "compare", "and gets it back when both have run");

    const first = await tabUntil(tab, (focus) => focus.isBar && focus.inCompare);
    const detail = tab.locator(`${PAIR} .wb-compare .wb-tl-detail`).first();
    assert.equal(await detail.textContent(), first.name);
    await tab.keyboard.press("ArrowRight");
    const second = await focused(tab);
    assert.ok(second.isBar && second.visibleFocus);
    assert.notEqual(second.name, first.name);
    assert.equal(await detail.textContent(), second.name);
    await tab.keyboard.press("ArrowDown");
    const below = await focused(tab);
    assert.ok(below.isBar && below.visibleFocus);
    assert.notEqual(below.name, second.name);
    await tab.keyboard.press("Home");
    assert.equal((await focused(tab)).name, first.name);
    // The arrows moved along the picture, not to another chapter.
    assert.equal(tab.url(), url);
  });

  test("every control in every widget on the page shows its keyboard focus", async () => {
    const tab = await ready();
    // Everything Tab can reach inside the widgets, reached by script but
    // marked as keyboard focus the way Tab does.
    const controls = await tab.locator(
      ".wb-pair button:not(:disabled), .wb-exercise button:not(:disabled), .wb-pair summary, .wb-exercise summary, "
      + ".wb-pair [tabindex='0'], .wb-exercise [tabindex='0'], .wb-pair input, .wb-exercise input",
    ).evaluateAll((nodes) => nodes.filter((node) => node.checkVisibility()).length);
    assert.ok(controls >= 10, `only ${controls} controls found`);
    const missing = [];
    for (let index = 0; index < controls; index += 1) {
      const focus = await tab.evaluate((at) => {
        const nodes = Array.from(document.querySelectorAll(
          ".wb-pair button:not(:disabled), .wb-exercise button:not(:disabled), .wb-pair summary, .wb-exercise summary, "
          + ".wb-pair [tabindex='0'], .wb-exercise [tabindex='0'], .wb-pair input, .wb-exercise input",
        )).filter((node) => node.checkVisibility());
        nodes[at].focus({ focusVisible: true });
        return document.activeElement === nodes[at];
      }, index);
      assert.ok(focus);
      const state = await focused(tab);
      if (!state.visibleFocus) {
        missing.push(`${state.tag} “${state.name}”`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
