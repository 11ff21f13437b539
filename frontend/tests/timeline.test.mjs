// The task timeline drawn under every run, and the pair's "Compare
// timelines": rows per task, blocked loop bands, cancel and failure markers,
// details on hover and keyboard focus, the text version, one time scale for
// both programs of a pair, a phone-sized screen and paper. Real sandbox.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  act,
  chapterPages,
  runAndWait,
  setSource,
  snippet,
  usingFixture,
  waitForSandbox,
} from "./support.mjs";

const PAIR = '.wb-pair[data-wb-pair="blocking-the-loop/sleep"]';
const WRONG = snippet("blocking-the-loop/sleep/wrong");
const CORRECT = snippet("blocking-the-loop/sleep/correct");

// What `workbook run src/blocking-the-loop/sleep/wrong.py --timeline` prints,
// less asyncio.run's own shutdown tasks, which the picture leaves out too.
const WRONG_TEXT = `Timeline (virtual seconds)
Task-1  main()
  0.000–0.000  running
  0.000–3.000  waiting
  3.000–3.000  running
  3.000        done
Task-2  handle()
  0.000–0.000  running
  0.000–1.000  blocked in time.sleep
  1.000–1.000  running
  1.000        done
Task-3  handle()
  0.000–1.000  created
  1.000–1.000  running
  1.000–2.000  blocked in time.sleep
  2.000–2.000  running
  2.000        done
Task-4  handle()
  0.000–2.000  created
  2.000–2.000  running
  2.000–3.000  blocked in time.sleep
  3.000–3.000  running
  3.000        done
`;

// One task cancelled at 1 s, one failing at 0.5 s.
const FAIL_AND_CANCEL = `import asyncio


async def slow():
    await asyncio.sleep(2)


async def broken():
    await asyncio.sleep(0.5)
    raise ValueError("boom")


async def main():
    victim = asyncio.create_task(slow())
    failing = asyncio.create_task(broken())
    await asyncio.sleep(1)
    victim.cancel()
    await asyncio.gather(victim, failing, return_exceptions=True)


asyncio.run(main())
`;

const near = (actual, expected, tolerance, what) => assert.ok(
  Math.abs(actual - expected) <= tolerance,
  `${what}: ${actual} is not within ${tolerance} of ${expected}`,
);

// Everything a test needs to know about one drawn timeline, with positions
// on screen: x0/x1 are where the axis's 0 and its end lie.
async function readTimeline(page, figureSelector) {
  return page.locator(figureSelector).evaluate((figure) => {
    const box = (node) => {
      const rect = node.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    };
    const backdrop = figure.querySelector(".wb-tl-backdrop");
    const area = backdrop ? box(backdrop) : null;
    const rows = Array.from(figure.querySelectorAll(".wb-tl-row")).map((row) => ({
      task: row.dataset.wbTask,
      kind: row.dataset.wbKind || null,
      name: row.querySelector(".wb-tl-name").textContent,
      box: box(row.querySelector(".wb-tl-track")),
      spans: Array.from(row.querySelectorAll(".wb-tl-span")).map((span) => ({
        state: span.dataset.wbState,
        from: Number(span.dataset.wbFrom),
        to: Number(span.dataset.wbTo),
        box: box(span),
      })),
      markers: Array.from(row.querySelectorAll(".wb-tl-marker")).map((marker) => ({
        state: marker.dataset.wbState,
        at: Number(marker.dataset.wbAt),
        text: marker.textContent,
        visible: marker.checkVisibility(),
        symbol: box(marker.querySelector(".wb-tl-marker-symbol")),
      })),
    }));
    return {
      caption: figure.querySelector("figcaption").textContent,
      axisMax: Number(figure.dataset.wbAxisMax),
      x0: area && area.left,
      x1: area && area.right,
      rows,
      bands: Array.from(figure.querySelectorAll(".wb-tl-band")).map((band) => ({
        from: Number(band.dataset.wbFrom),
        to: Number(band.dataset.wbTo),
        box: box(band),
      })),
      ticks: Array.from(figure.querySelectorAll(".wb-tl-tick")).map((tick) => tick.textContent),
      detail: figure.querySelector(".wb-tl-detail").textContent,
      text: figure.querySelector(".wb-tl-text pre").textContent,
    };
  });
}

const taskRows = (timeline) => timeline.rows.filter((row) => row.kind !== "loop");
const rowOf = (timeline, task) => timeline.rows.find((row) => row.task === task);
const xOf = (timeline, t) => timeline.x0 + (t / timeline.axisMax) * (timeline.x1 - timeline.x0);

// The fixture page loads no timeline script and its fake sandbox records no timeline.
const onlyTheBook = usingFixture && "needs the built book and the real sandbox";

describe("task timeline", { skip: onlyTheBook }, () => {
  const pages = chapterPages();

  async function ready(options) {
    const opened = await pages.open(options);
    await waitForSandbox(opened.page);
    return opened.page;
  }

  test("time.sleep in three gathered handlers: one row each, and a blocked band over all rows for 0–3 s", async () => {
    const page = await ready();
    assert.equal(await page.locator(`${WRONG} .wb-timeline`).count(), 0, "no picture before a run");
    await runAndWait(page, WRONG);
    const timeline = await readTimeline(page, `${WRONG} .wb-timeline`);

    // Rows named as asyncio names them, with the coroutine; no shutdown tasks.
    assert.deepEqual(taskRows(timeline).map((row) => row.task), ["Task-1", "Task-2", "Task-3", "Task-4"]);
    assert.match(rowOf(timeline, "Task-1").name, /Task-1\s*main\(\)/);
    for (const task of ["Task-2", "Task-3", "Task-4"]) {
      assert.match(rowOf(timeline, task).name, new RegExp(`${task}\\s*handle\\(\\)`));
    }
    assert.doesNotMatch(JSON.stringify(timeline.rows), /shutdown_/);

    // Each handler blocks for its second, one after the other.
    ["Task-2", "Task-3", "Task-4"].forEach((task, index) => {
      const blocked = rowOf(timeline, task).spans.filter((span) => span.state === "blocked");
      assert.equal(blocked.length, 1, `${task} has one blocked span`);
      near(blocked[0].from, index, 0.001, `${task} blocked from`);
      near(blocked[0].to, index + 1, 0.001, `${task} blocked to`);
    });

    near(timeline.axisMax, 3, 0.01, "axis length");
    assert.deepEqual(timeline.ticks, ["0 s", "1 s", "2 s", "3 s"]);
    assert.equal(timeline.bands.length, 1, "one band for the three back-to-back sleeps");
    const [band] = timeline.bands;
    near(band.from, 0, 0.001, "band start");
    near(band.to, 3, 0.001, "band end");
    // Drawn across every row, from 0 s to 3 s on the axis.
    const first = timeline.rows[0].box;
    const last = timeline.rows[timeline.rows.length - 1].box;
    assert.ok(band.box.top <= first.top + 1 && band.box.bottom >= last.bottom - 1, "the band spans all rows");
    near(band.box.left, xOf(timeline, 0), 1.5, "band's left edge");
    near(band.box.right, xOf(timeline, 3), 1.5, "band's right edge");
    // The loop's own row says what blocked it.
    assert.equal(timeline.rows[0].kind, "loop");
    assert.match(
      await page.locator(`${WRONG} .wb-tl-loop-blocked`).getAttribute("aria-label"),
      /blocked by time\.sleep.*0\.000–3\.000 s/,
    );
  });

  test("asyncio.sleep in three gathered handlers: no blocked band, the waits overlap, the axis is about 1 s", async () => {
    const page = await ready();
    await runAndWait(page, CORRECT);
    const timeline = await readTimeline(page, `${CORRECT} .wb-timeline`);
    assert.equal(timeline.bands.length, 0);
    assert.equal(await page.locator(`${CORRECT} .wb-tl-loop-blocked, ${CORRECT} [data-wb-state="blocked"]`).count(), 0);
    assert.ok(timeline.axisMax >= 1 && timeline.axisMax < 1.01, `axis ends at ${timeline.axisMax}`);
    assert.equal(timeline.ticks.at(-1), "1 s");
    const waits = ["Task-2", "Task-3", "Task-4"].map((task) => {
      const waiting = rowOf(timeline, task).spans.filter((span) => span.state === "waiting");
      assert.equal(waiting.length, 1, `${task} waits once`);
      near(waiting[0].to - waiting[0].from, 1, 0.001, `${task} waits 1 s`);
      return waiting[0];
    });
    // Side by side in time: every wait starts before any has ended.
    assert.ok(Math.max(...waits.map((w) => w.from)) < Math.min(...waits.map((w) => w.to)));
    assert.ok(Math.max(...waits.map((w) => w.box.left)) < Math.min(...waits.map((w) => w.box.right)));
  });

  test("a failed and a cancelled task are marked at the moment it happens", async () => {
    const page = await ready();
    await setSource(page, WRONG, FAIL_AND_CANCEL);
    const live = await runAndWait(page, WRONG);
    assert.equal(live.status, "Finished.");
    const timeline = await readTimeline(page, `${WRONG} .wb-timeline`);
    const cases = [["Task-2", "slow()", "cancelled", "✕", 1], ["Task-3", "broken()", "failed", "!", 0.5]];
    for (const [task, coroutine, state, symbol, at] of cases) {
      const row = rowOf(timeline, task);
      assert.ok(row.name.includes(coroutine));
      assert.equal(row.markers.length, 1, `${task} has one marker`);
      const [marker] = row.markers;
      assert.equal(marker.state, state);
      assert.ok(marker.visible);
      assert.ok(marker.text.includes(symbol) && marker.text.includes(state), `marker reads ${marker.text}`);
      near(marker.at, at, 0.001, `${task} ${state} at`);
      near((marker.symbol.left + marker.symbol.right) / 2, xOf(timeline, at), 2, `${task} marker position`);
    }
    assert.equal(rowOf(timeline, "Task-1").markers.length, 0, "a task that is done gets no marker");
    // A failing main: the marker is on its own row, and the run's status says so.
    await setSource(page, WRONG, 'import asyncio\n\nasync def main():\n    await asyncio.sleep(0.25)\n    raise RuntimeError("no")\n\nasyncio.run(main())\n');
    assert.equal((await runAndWait(page, WRONG)).status, "Exited with status 1.");
    const failing = await readTimeline(page, `${WRONG} .wb-timeline`);
    assert.deepEqual(rowOf(failing, "Task-1").markers.map((m) => [m.state, m.at]), [["failed", 0.25]]);
  });

  test("pointing at, focusing or pressing Enter on a span says its task, state and times", async () => {
    const page = await ready();
    await runAndWait(page, WRONG);
    const figure = `${WRONG} .wb-timeline`;
    const detail = page.locator(`${figure} .wb-tl-detail`);
    const blocked = (task) => page.locator(`${figure} .wb-tl-row[data-wb-task="${task}"] .wb-tl-span[data-wb-state="blocked"]`);

    await blocked("Task-2").hover();
    assert.equal(await detail.textContent(), "Task-2 handle(): blocked in time.sleep, 0.000–1.000 s (1.000 s)");
    assert.ok(await detail.isVisible(), "the details are on screen, not only in a title");
    assert.equal(await blocked("Task-2").getAttribute("title"), null);

    await page.locator(`${figure} .wb-tl-row[data-wb-task="Task-1"] .wb-tl-span[data-wb-state="waiting"]`).hover();
    assert.equal(await detail.textContent(), "Task-1 main(): waiting, 0.000–3.000 s (3.000 s)");

    // Keyboard: one tab stop for the picture, arrow keys between bars.
    const tabStops = await page.locator(`${figure} .wb-tl-chart button`).evaluateAll(
      (nodes) => nodes.filter((node) => node.tabIndex === 0).length,
    );
    assert.equal(tabStops, 1);
    await blocked("Task-3").focus();
    assert.equal(await detail.textContent(), "Task-3 handle(): blocked in time.sleep, 1.000–2.000 s (1.000 s)");
    await page.keyboard.press("ArrowDown");
    assert.equal(await detail.textContent(), "Task-4 handle(): created, 0.000–2.000 s (2.000 s)");
    await page.keyboard.press("ArrowRight");
    assert.equal(await detail.textContent(), "Task-4 handle(): running, 2.000–2.000 s (0.000 s)");
    await page.keyboard.press("ArrowRight");
    assert.equal(await detail.textContent(), "Task-4 handle(): blocked in time.sleep, 2.000–3.000 s (1.000 s)");
    // The mouse wanders off; Enter brings back what has the focus.
    await blocked("Task-2").hover();
    assert.match(await detail.textContent(), /^Task-2 /);
    await page.keyboard.press("Enter");
    assert.equal(await detail.textContent(), "Task-4 handle(): blocked in time.sleep, 2.000–3.000 s (1.000 s)");

    // A marker tells its moment too.
    await setSource(page, WRONG, FAIL_AND_CANCEL);
    await runAndWait(page, WRONG);
    await page.locator(`${figure} .wb-tl-marker[data-wb-state="cancelled"]`).click();
    assert.equal(await detail.textContent(), "Task-2 slow(): cancelled at 1.000 s");
  });

  test("the text version has the CLI's --timeline lines", async () => {
    const page = await ready();
    await runAndWait(page, WRONG);
    const timeline = await readTimeline(page, `${WRONG} .wb-timeline`);
    assert.equal(timeline.text, WRONG_TEXT);
    assert.equal(
      await page.locator(`${WRONG} .wb-timeline details.wb-tl-text summary`).textContent(),
      "Timeline as text",
    );
    // The renderer alone, on the events of the CLI's own unit test
    // (crates/sandbox/src/timeline_text.rs), and rounding as Rust's {:.3} does.
    const rendered = await page.evaluate(() => window.workbookParts.timelineText([
      { t: 0, task: "Task-1", state: "created", label: "main" },
      { t: 0, task: "Task-1", state: "running" },
      { t: 0, task: "Task-1", state: "blocked", call: "time.sleep" },
      { t: 1, task: "Task-1", state: "running" },
      { t: 1, task: "Task-1", state: "done" },
      { t: 0.0625, task: "ThreadPoolExecutor-0_0", state: "running", kind: "thread" },
      { t: 0.1875, task: "ThreadPoolExecutor-0_0", state: "done", kind: "thread" },
      { t: 1, task: "Task-2", state: "created", label: "BaseEventLoop.shutdown_asyncgens" },
      { t: 1, task: "Task-2", state: "done" },
    ]));
    assert.equal(rendered, [
      "Timeline (virtual seconds)",
      "Task-1  main()",
      "  0.000–1.000  blocked in time.sleep",
      "  1.000        done",
      "ThreadPoolExecutor-0_0  (thread)",
      "  0.062–0.188  running",
      "  0.188        done",
      "",
    ].join("\n"));
  });

  test("Compare timelines draws the pair one above the other on one time scale", async () => {
    const page = await ready();
    const compare = page.locator(`${PAIR} [data-wb-action="compare"]`);
    assert.equal(await compare.textContent(), "Compare timelines");
    await compare.click();
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    const items = page.locator(`${PAIR} .wb-compare-item`);
    assert.equal(await items.count(), 2);
    assert.deepEqual(await items.evaluateAll((nodes) => nodes.map((node) => node.dataset.wbRole)), ["wrong", "correct"]);
    const wrong = await readTimeline(page, `${PAIR} .wb-compare-item[data-wb-role="wrong"] .wb-timeline`);
    const correct = await readTimeline(page, `${PAIR} .wb-compare-item[data-wb-role="correct"] .wb-timeline`);
    assert.match(wrong.caption, /^✗ Wrong/);
    assert.match(correct.caption, /^✓ Correct/);
    // One above the other.
    const [top, bottom] = await items.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect()));
    assert.ok(bottom.top >= top.bottom - 1);

    // The same scale: the correct run's 1 s is a third of the wrong run's 3 s.
    assert.equal(correct.axisMax, wrong.axisMax);
    near(wrong.axisMax, 3, 0.01, "shared axis");
    assert.deepEqual(correct.ticks, wrong.ticks);
    near(correct.x0, wrong.x0, 0.5, "axes start at the same x");
    near(correct.x1, wrong.x1, 0.5, "axes end at the same x");
    const waiting = rowOf(correct, "Task-2").spans.find((span) => span.state === "waiting");
    const blocked = rowOf(wrong, "Task-4").spans.find((span) => span.state === "blocked");
    const axisWidth = wrong.x1 - wrong.x0;
    near((waiting.box.right - wrong.x0) / axisWidth, 1 / 3, 0.01, "correct's handlers end a third of the way");
    near((blocked.box.right - wrong.x0) / axisWidth, 1, 0.01, "wrong's last handler ends at the axis end");
    assert.equal(wrong.bands.length, 1);
    assert.equal(correct.bands.length, 0);
    // The snippets' own panels were not touched.
    assert.ok(await page.locator(`${WRONG} .wb-live`).isHidden());
    assert.ok(await page.locator(`${CORRECT} .wb-live`).isHidden());
  });

  test("Stop ends a comparison; nothing is drawn and the next one works", async () => {
    const page = await ready();
    await setSource(page, WRONG, "while True: pass\n");
    await act(page, PAIR, "compare");
    const stop = page.locator(`${PAIR} [data-wb-action="stop-compare"]`);
    assert.ok(await stop.isEnabled());
    assert.ok(await page.locator(`${CORRECT} [data-wb-action="run"]`).isDisabled(), "Run waits for the comparison");
    await stop.click();
    await page.locator(`${PAIR} .wb-compare[data-wb-state="stopped"]`).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator(`${PAIR} .wb-compare .wb-timeline`).count(), 0);

    await setSource(page, WRONG, "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.5)\n\nasyncio.run(main())\n");
    await page.locator(`${PAIR} [data-wb-action="compare"]:enabled`).click();
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    const wrong = await readTimeline(page, `${PAIR} .wb-compare-item[data-wb-role="wrong"] .wb-timeline`);
    const correct = await readTimeline(page, `${PAIR} .wb-compare-item[data-wb-role="correct"] .wb-timeline`);
    // The edited wrong program ran (0.5 s), and the longer correct one sets the scale.
    near(Number(await page.locator(`${PAIR} .wb-compare-item[data-wb-role="wrong"] .wb-timeline`).getAttribute("data-wb-extent")), 0.5, 0.001, "edited run");
    assert.equal(wrong.axisMax, correct.axisMax);
    near(correct.axisMax, 1, 0.01, "shared axis");
  });

  test("on a 390 px phone the page does not scroll sideways after drawing timelines", async () => {
    const page = await ready({ viewport: { width: 390, height: 844 } });
    await runAndWait(page, WRONG);
    await act(page, PAIR, "compare");
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    assert.equal(await page.locator(`${PAIR} .wb-timeline`).count(), 3);
    // Nothing sticks out of the window (mdBook's body would cut it off rather
    // than scroll), and whatever does not fit scrolls inside its own picture.
    const measure = () => page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const scrollers = Array.from(document.querySelectorAll(".wb-tl-scroll"));
      return {
        width,
        page: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        spilling: Array.from(document.querySelectorAll(
          ".wb-pair, .wb-snippet, .wb-compare, .wb-timeline, .wb-tl-scroll, .wb-tl-legend, .wb-tl-detail, .wb-tl-text",
        )).filter((node) => node.getBoundingClientRect().right > width + 0.5).map((node) => node.className),
        // How far each picture's content reaches past its scroller, and
        // whether the scroller really moves to show it.
        hidden: scrollers.map((scroller) => {
          const extra = scroller.scrollWidth - scroller.clientWidth;
          scroller.scrollLeft = extra;
          const reached = scroller.scrollLeft;
          scroller.scrollLeft = 0;
          return { extra, reached };
        }),
      };
    });
    const normal = await measure();
    assert.ok(normal.page <= normal.width, `page is ${normal.page} px wide in a ${normal.width} px window`);
    assert.ok(normal.body <= normal.width, `body is ${normal.body} px wide`);
    assert.deepEqual(normal.spilling, []);
    // At the book's text size the whole picture fits a phone: no scrolling at all.
    assert.deepEqual(normal.hidden.map((h) => h.extra <= 1), [true, true, true], JSON.stringify(normal.hidden));

    // A reader with larger text: the pictures get wider than the phone and
    // scroll inside themselves, all the way to their end; the page does not.
    await page.evaluate(() => {
      document.documentElement.style.fontSize = "150%";
    });
    const large = await measure();
    assert.ok(large.page <= large.width && large.body <= large.width, JSON.stringify(large));
    assert.deepEqual(large.spilling, []);
    for (const { extra, reached } of large.hidden) {
      assert.ok(extra > 50, `the enlarged picture should not fit (${extra} px more)`);
      near(reached, extra, 1, "the picture scrolls to its end");
    }
  });

  test("on paper the timelines and the Compare control are left out", async () => {
    const page = await ready();
    await runAndWait(page, WRONG);
    await act(page, PAIR, "compare");
    await page.locator(`${PAIR} .wb-compare[data-wb-state="finished"]`).waitFor({ timeout: 120_000 });
    assert.ok(await page.locator(`${WRONG} .wb-timeline`).isVisible());
    await page.emulateMedia({ media: "print" });
    const visible = await page.locator(".wb-timeline, .wb-compare, [data-wb-action=\"compare\"]").evaluateAll(
      (nodes) => nodes.filter((node) => node.checkVisibility()).length,
    );
    assert.equal(visible, 0);
    assert.ok(await page.locator(`${WRONG} .wb-out-stdout`).isVisible(), "the run's output still prints");
  });
});
