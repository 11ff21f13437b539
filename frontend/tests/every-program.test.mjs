// Every program on every page of the book, run in the browser's sandbox, must
// print exactly the output the book records for it (which the Rust tests in
// turn prove equal to the native sandbox's and to CPython 3.11's), and every
// exercise on the page must fail its checks as shipped and pass them with
// its solution.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  act,
  bookUnderTest,
  recordedOutput,
  runAndWait,
  scriptText,
  setSource,
  startSession,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const REAL_THREADS_STOP = "This program needs real threads";

function pagesWithPrograms(root) {
  const pages = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path);
      } else if (entry.name.endsWith(".html") && entry.name !== "print.html"
          && readFileSync(path, "utf8").includes('class="wb-snippet"')) {
        pages.push(relative(root, path));
      }
    }
  };
  visit(root);
  return pages.sort();
}

describe("every program in the book", () => {
  let session;
  const { root } = bookUnderTest();
  const pages = pagesWithPrograms(root);

  before(async () => {
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  test("the book has pages with programs", () => {
    assert.ok(pages.length > 0, `no page under ${root} has a program`);
  });

  for (const pagePath of pages) {
    test(`${pagePath}: each program prints its recorded output; each exercise grades`, async () => {
      const page = await session.context.newPage();
      await page.goto(new URL(pagePath, session.bookUrl).href);
      await waitForSandbox(page);
      const ids = await page.$$eval(".wb-snippet[data-wb-id]", (nodes) => nodes.map((node) => node.dataset.wbId));
      assert.ok(ids.length >= 2, `${pagePath} has ${ids.length} programs`);
      for (const id of ids) {
        const widget = `.wb-snippet[data-wb-id="${id}"]`;
        await page.locator(`${widget}[data-wb-editor]`).waitFor();
        const recorded = await recordedOutput(page, widget);
        const live = await runAndWait(page, widget);
        const threaded = await page.locator(`.wb-pair[data-wb-needs="real-threads"] ${widget}`).count();
        if (threaded && live.stderr.trim().split("\n").at(-1).startsWith(REAL_THREADS_STOP)) {
          // The recorded output is CPython's with real threads; the sandbox may
          // instead stop and say so, after printing only what CPython printed first.
          assert.ok(recorded.stdout.startsWith(live.stdout), `${id}: made-up output before the stop: ${live.stdout}`);
          continue;
        }
        assert.equal(live.stdout, recorded.stdout, `${id}: stdout differs`);
        assert.equal(live.stderr, recorded.stderr, `${id}: stderr differs`);
      }
      const exercises = await page.$$eval(".wb-exercise[data-wb-exercise]", (nodes) => nodes.map((node) => node.dataset.wbExercise));
      for (const name of exercises) {
        const widget = `.wb-exercise[data-wb-exercise="${name}"]`;
        await page.locator(`${widget}[data-wb-editor]`).waitFor();
        await act(page, widget, "check");
        const starter = await waitForOutcome(page, widget);
        const failed = await page.locator(`${widget} .wb-results li[data-passed="false"]`).count();
        assert.ok(failed >= 1, `${name}: the starter passed every check (${starter.status})`);
        await setSource(page, widget, await scriptText(page, `${widget} script.wb-solution`));
        await act(page, widget, "check");
        const solution = await waitForOutcome(page, widget);
        assert.match(solution.status, /^All \d+ checks passed\.$/, `${name}: the solution failed`);
      }
      await page.close();
    });
  }
});
