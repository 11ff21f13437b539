// A thousand runs in one page session: each starts from a clean slate, and the
// sandbox's memory stays bounded because the worker is replaced while idle
// every so many runs. Prints the heap figures it measured.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openChapter, runAndWait, setSource, snippet, startSession, waitForSandbox } from "./support.mjs";

const WIDGET = snippet("blocking-the-loop/sleep/wrong");
const RUNS = 1000;

// Leaves a global and a sys.modules entry behind, and reports any it finds.
const PROBE = `import sys
print(globals().get("left_by_the_last_run", "clean"), "left_module" in sys.modules)
left_by_the_last_run = "leaked"
sys.modules["left_module"] = sys
`;

describe("endurance", () => {
  let session;

  before(async () => {
    session = await startSession();
  });

  after(async () => {
    await session?.close();
  });

  test(`${RUNS} runs: no state carries over and the worker's memory stays bounded`, async () => {
    const { page } = await openChapter(session);
    await waitForSandbox(page);
    await setSource(page, WIDGET, PROBE);
    const heap = async () => Number(await page.evaluate(() => document.documentElement.dataset.wbWorkerHeap));
    const starts = async () => Number(await page.evaluate(() => document.documentElement.dataset.wbWorkerStarts));
    const startsBefore = await starts();
    const heaps = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const outcome = await runAndWait(page, WIDGET);
      assert.equal(outcome.stdout, "clean False\n", `run ${run} saw an earlier run's state: ${outcome.stdout}${outcome.stderr}`);
      heaps.push(await heap());
    }
    const replaced = (await starts()) - startsBefore;
    const peak = Math.max(...heaps);
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(`worker heap: run 1 ${mb(heaps[0])}, run ${RUNS} ${mb(heaps.at(-1))}, peak ${mb(peak)}; workers replaced: ${replaced}`);
    assert.ok(replaced >= Math.floor(RUNS / 25) - 1, `the worker was replaced only ${replaced} times in ${RUNS} runs`);
    // A wasm memory only grows; replacing the worker is what bounds it.
    assert.ok(peak <= 2 * Math.max(...heaps.slice(0, 25)), `the heap grew to ${mb(peak)} from ${mb(heaps[0])}`);
  });
});
