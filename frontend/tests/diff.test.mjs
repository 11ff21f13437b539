// "Show solution" as a line diff of the reader's code against the solution:
// the line diff itself (no browser), then the widget: the right − and +
// lines for a known edit, told apart by sign and by words for screen
// readers, kept current while shown, "already matches" once they agree,
// readable in all five themes and on a 390 px phone.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, test } from "node:test";
import {
  act,
  chapterPages,
  exercise,
  getSource,
  scriptText,
  setSource,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const EXERCISE = exercise("blocking-the-loop");
const THEMES = ["light", "rust", "coal", "navy", "ayu"];

describe("lineDiff", () => {
  let lineDiff;

  before(async () => {
    globalThis.window = {};
    const here = dirname(fileURLToPath(import.meta.url));
    await import(join(here, "..", "..", "theme", "workbook-diff.js"));
    ({ lineDiff } = globalThis.window.workbookParts);
  });

  const signs = (before, after) => lineDiff(before, after)
    .map(({ kind, text }) => `${{ same: " ", removed: "-", added: "+" }[kind]}${text}`);

  test("a changed line is removed then added in place; other lines stay", () => {
    assert.deepEqual(signs("a\nb\nc\nd", "a\nB\nc\nd\ne"), [" a", "-b", "+B", " c", " d", "+e"]);
  });

  test("line endings and trailing blank lines are not differences", () => {
    assert.deepEqual(signs("x\r\ny\n\n", "x\ny"), [" x", " y"]);
    assert.deepEqual(signs("", ""), []);
  });

  test("a reordering keeps the longest run of common lines", () => {
    assert.deepEqual(signs("a\nb\nc", "c\nb\na"), ["-a", "-b", " c", "+b", "+a"]);
    assert.deepEqual(signs("", "a\nb"), ["+a", "+b"]);
  });

  test("texts too different to tabulate are replaced wholesale around their common ends", () => {
    const mine = ["head", ...Array.from({ length: 2000 }, (_, i) => `mine ${i}`), "tail"].join("\n");
    const theirs = ["head", ...Array.from({ length: 2000 }, (_, i) => `theirs ${i}`), "tail"].join("\n");
    const result = lineDiff(mine, theirs);
    assert.deepEqual(result[0], { kind: "same", text: "head" });
    assert.deepEqual(result.at(-1), { kind: "same", text: "tail" });
    assert.equal(result.filter((op) => op.kind === "removed").length, 2000);
    assert.equal(result.filter((op) => op.kind === "added").length, 2000);
    assert.equal(result[1].kind, "removed");
    assert.equal(result[2001].kind, "added");
  });
});

// WCAG's contrast ratio of two CSS colours as the page paints them.
function contrastInPage(page, selector) {
  return page.evaluate((target) => {
    const canvas = document.createElement("canvas");
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const rgba = (css) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = css;
      context.fillRect(0, 0, 1, 1);
      return Array.from(context.getImageData(0, 0, 1, 1).data);
    };
    // The first opaque background behind the element, blending any
    // translucent ones on the way.
    const backdrop = (node) => {
      const layers = [];
      for (let at = node; at; at = at.parentElement) {
        const colour = rgba(getComputedStyle(at).backgroundColor);
        layers.push(colour);
        if (colour[3] === 255) {
          break;
        }
      }
      return layers.reverse().reduce((under, over) => {
        const alpha = over[3] / 255;
        return under.map((value, i) => (i === 3 ? 255 : value * (1 - alpha) + over[i] * alpha));
      }, [255, 255, 255, 255]);
    };
    const luminance = ([r, g, b]) => {
      const channel = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    return Array.from(document.querySelectorAll(target)).map((node) => {
      const text = luminance(rgba(getComputedStyle(node).color));
      const ground = luminance(backdrop(node));
      return (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05);
    });
  }, selector);
}

async function diffLines(page) {
  return page.locator(`${EXERCISE} .wb-diff-line`).evaluateAll((lines) => lines.map((line) => ({
    kind: line.dataset.wbDiff,
    sign: line.querySelector(".wb-diff-sign").textContent,
    signHidden: line.querySelector(".wb-diff-sign").getAttribute("aria-hidden"),
    spoken: line.querySelector(".wb-sr-only")?.textContent ?? null,
    text: line.querySelector(".wb-diff-text").textContent,
  })));
}

describe("solution diff", () => {
  const pages = chapterPages();

  // The chapter with one Check done, which is what offers the solution.
  async function checkedOnce(options) {
    const { page } = await pages.open(options);
    await waitForSandbox(page);
    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    return page;
  }

  // The solution with its first line that occurs only once replaced, and a
  // line inserted after the next such line: a known edit whose diff has
  // exactly one answer.
  async function knownEdit(page) {
    const solution = await scriptText(page, `${EXERCISE} script.wb-solution`);
    const lines = solution.replace(/\n$/, "").split("\n");
    const unique = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.trim() !== "" && lines.indexOf(line) === lines.lastIndexOf(line));
    assert.ok(unique.length >= 3, "the solution needs a few distinct lines for this test");
    const replaced = unique[0].index;
    const insertedAfter = unique[2].index;
    const mine = [...lines];
    mine[replaced] = "# my own version of this line";
    mine.splice(insertedAfter + 1, 0, "print('my extra line')");
    return { solution, lines, mine: `${mine.join("\n")}\n`, replaced };
  }

  test("Show solution lists the lines to remove (−) and add (+) for a known edit", async () => {
    const page = await checkedOnce();
    const { solution, lines, mine, replaced } = await knownEdit(page);
    await setSource(page, EXERCISE, mine);
    await act(page, EXERCISE, "solution");
    const shown = await diffLines(page);
    const changes = shown.filter((line) => line.kind !== "same").map(({ kind, text }) => [kind, text]);
    assert.deepEqual(changes, [
      ["removed", "# my own version of this line"],
      ["added", lines[replaced]],
      ["removed", "print('my extra line')"],
    ]);
    assert.equal(shown.filter((line) => line.kind === "same").length, lines.length - 1);
    // The removal and the addition sit where the edit was.
    assert.equal(shown.findIndex((line) => line.kind === "removed"), replaced);
    for (const line of shown) {
      const expected = { same: [" ", null], removed: ["−", "Remove: "], added: ["+", "Add: "] }[line.kind];
      assert.deepEqual([line.sign, line.spoken], expected, JSON.stringify(line));
      assert.equal(line.signHidden, "true", "the sign is read out as words instead");
    }
    assert.equal(
      await page.locator(`${EXERCISE} .wb-diff-summary`).textContent(),
      "From your code to the solution: remove 2 lines (marked −), add 1 line (marked +); "
        + "unmarked lines are the same in both.",
    );
    // The whole solution is still there to read.
    assert.equal(await page.locator(`${EXERCISE} .wb-solution-view code`).textContent(), solution);
  });

  test("the diff follows the reader's edits while shown, and says when the code matches", async () => {
    const page = await checkedOnce();
    const { solution, mine } = await knownEdit(page);
    await setSource(page, EXERCISE, mine);
    await act(page, EXERCISE, "solution");
    await page.locator(`${EXERCISE} .wb-diff-line[data-wb-diff="removed"]`).nth(1).waitFor();
    await setSource(page, EXERCISE, mine.replace("print('my extra line')\n", ""));
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector} .wb-diff-line[data-wb-diff="removed"]`).length === 1,
      EXERCISE,
    );
    await act(page, EXERCISE, "use-solution");
    assert.equal(await getSource(page, EXERCISE), solution);
    const summary = page.locator(`${EXERCISE} .wb-diff-summary[data-wb-diff="match"]`);
    await summary.waitFor();
    assert.equal(await summary.textContent(), "Your code already matches the solution.");
    assert.equal(await page.locator(`${EXERCISE} .wb-diff-line`).count(), 0);
  });

  test("every kind of diff line is readable in all five themes", async (t) => {
    const page = await checkedOnce();
    const { mine } = await knownEdit(page);
    await setSource(page, EXERCISE, mine);
    await act(page, EXERCISE, "solution");
    const ratios = {};
    for (const theme of THEMES) {
      await page.evaluate((name) => {
        const html = document.documentElement;
        html.classList.remove("light", "rust", "coal", "navy", "ayu");
        html.classList.add(name);
      }, theme);
      for (const kind of ["same", "removed", "added"]) {
        const line = `${EXERCISE} .wb-diff-line[data-wb-diff="${kind}"]`;
        const lowest = Math.min(
          ...await contrastInPage(page, `${line} .wb-diff-text`),
          ...await contrastInPage(page, `${line} .wb-diff-sign`),
        );
        ratios[`${theme} ${kind}`] = Number(lowest.toFixed(2));
      }
      ratios[`${theme} summary`] = Number(
        Math.min(...await contrastInPage(page, `${EXERCISE} .wb-diff-summary`)).toFixed(2),
      );
    }
    t.diagnostic(`contrast ratios: ${JSON.stringify(ratios)}`);
    const poor = Object.entries(ratios).filter(([, ratio]) => !(ratio >= 4.5));
    assert.deepEqual(poor, [], `contrast below 4.5:1 in ${JSON.stringify(ratios)}`);
  });

  test("on a 390 px phone a long diff line wraps instead of spilling sideways", async () => {
    const page = await checkedOnce({ viewport: { width: 390, height: 844 } });
    const { mine } = await knownEdit(page);
    await setSource(page, EXERCISE, mine.replace("# my own version", `# ${"long ".repeat(60)}`));
    await act(page, EXERCISE, "solution");
    await page.locator(`${EXERCISE} .wb-diff-line`).first().waitFor();
    const overflowing = await page.evaluate((selector) => {
      const width = document.documentElement.clientWidth;
      const boxes = document.querySelectorAll(
        `${selector} .wb-solution-view, ${selector} .wb-diff, ${selector} .wb-diff-line, ${selector} .wb-diff-summary`,
      );
      return Array.from(boxes)
        .filter((box) => box.getBoundingClientRect().right > width + 0.5 || box.scrollWidth > box.clientWidth + 1)
        .map((box) => box.className);
    }, EXERCISE);
    assert.deepEqual(overflowing, []);
  });
});
