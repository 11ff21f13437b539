// Programs written to break the page: an endless loop, endless recursion, a
// list of a hundred million elements, ten megabytes of output. While each
// runs the page answers and other widgets work; Stop (or the 10 s budget)
// ends it within a second with a clear message, and the next Run works. A
// deadlock is reported at once.
// Also: markup in a traceback, a task name or a check result stays text, and
// broken source gets CPython's error. Real sandbox.
// Run: npm test (from frontend/); see support.mjs for the environment.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  act,
  chapterPages,
  exercise,
  getSource,
  liveOutput,
  runAndWait,
  setSource,
  snippet,
  usingFakeSandbox,
  waitForOutcome,
  waitForSandbox,
} from "./support.mjs";

const WRONG = snippet("blocking-the-loop/sleep/wrong");
const CORRECT = snippet("blocking-the-loop/sleep/correct");
const EXERCISE = exercise("blocking-the-loop");
// How long the page may take to answer, or to end a run once asked to.
const PROMPTLY_MS = 1000;

const PAYLOAD = '<img src=nowhere onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

describe("unbreakable", { skip: usingFakeSandbox && "needs the real sandbox" }, () => {
  const pages = chapterPages();

  async function ready() {
    const opened = await pages.open();
    await waitForSandbox(opened.page);
    return opened.page;
  }

  async function timed(action) {
    const started = Date.now();
    const value = await action();
    return [value, Date.now() - started];
  }

  // The page answers a script at once, and another widget's Reset (with its
  // confirmation) puts back that widget's code at once.
  async function assertResponsive(page, original, when) {
    const [answer, roundTrip] = await timed(() => page.evaluate(() => 6 * 7));
    assert.equal(answer, 42);
    assert.ok(roundTrip < PROMPTLY_MS, `${when}: a script round trip took ${roundTrip} ms`);
    await setSource(page, CORRECT, "print('scribble')\n");
    page.once("dialog", (dialog) => dialog.accept());
    const [, resetTook] = await timed(() => act(page, CORRECT, "reset"));
    assert.ok(resetTook < PROMPTLY_MS, `${when}: Reset took ${resetTook} ms`);
    assert.equal(await getSource(page, CORRECT), original, `${when}: Reset did not put the code back`);
  }

  const state = async (page) => (await liveOutput(page, WRONG)).state;

  // For `ms`, asks the page again and again whether the program still runs:
  // every answer must come at once (a busy main thread would hold them up).
  async function watchWhileRunning(page, ms) {
    const until = Date.now() + ms;
    let slowest = 0;
    while (Date.now() < until) {
      const [now, took] = await timed(() => state(page));
      assert.equal(now, "running", "the program should still be running");
      slowest = Math.max(slowest, took);
      await page.waitForTimeout(50);
    }
    assert.ok(slowest < PROMPTLY_MS, `the page took ${slowest} ms to answer while the program ran`);
  }

  async function assertNextRunWorks(page, when) {
    await setSource(page, WRONG, 'print("alive")\n');
    const next = await runAndWait(page, WRONG);
    assert.equal(next.stdout, "alive\n", `${when}: the next run printed ${JSON.stringify(next)}`);
    assert.equal(next.status, "Finished.");
  }

  // Each program runs until Stop is pressed, or until the page's budget.
  const STOPPED = [
    { name: "an endless loop", source: "while True: pass\n" },
    {
      name: "endless recursion (each RecursionError caught, and down again)",
      source: "def down(n):\n    return down(n + 1)\n\nwhile True:\n    try:\n        down(0)\n    except RecursionError:\n        pass\n",
    },
  ];

  for (const { name, source } of STOPPED) {
    test(`${name}: the page answers while it runs, Stop ends it within a second, the next run works`, async () => {
      const page = await ready();
      const original = await getSource(page, CORRECT);
      await setSource(page, WRONG, source);
      await act(page, WRONG, "run");
      await watchWhileRunning(page, 1500);
      await assertResponsive(page, original, "while it runs");
      assert.equal(await state(page), "running");
      const [stopped, took] = await timed(async () => {
        await act(page, WRONG, "stop");
        return waitForOutcome(page, WRONG, 5_000);
      });
      assert.ok(took < PROMPTLY_MS, `Stop took ${took} ms to end it`);
      assert.equal(stopped.state, "stopped");
      assert.equal(stopped.status, "Stopped.");
      await assertNextRunWorks(page, "after Stop");
    });
  }

  // Without the virtual loop's deadlock check, a loop with nothing left to
  // wait for but an Event nobody sets would spin until the 10 s budget.
  test("a deadlock is reported at once, naming the waiting tasks", async () => {
    const page = await ready();
    await setSource(page, WRONG, [
      "import asyncio",
      "",
      "async def main():",
      "    never = asyncio.Event()",
      "    waiter = asyncio.create_task(never.wait(), name='waiter')",
      "    await waiter",
      "",
      "asyncio.run(main())",
      "",
    ].join("\n"));
    const [outcome, took] = await timed(() => runAndWait(page, WRONG));
    // The run includes loading an interpreter; the budget would be 10 s.
    assert.ok(took < 3 * PROMPTLY_MS, `the deadlock took ${took} ms to report`);
    assert.equal(outcome.status, "Exited with status 1.", JSON.stringify(outcome));
    assert.match(outcome.stderr, /^Deadlock:/);
    assert.match(outcome.stderr, /Task-1 \(main\) is waiting in main\(\) at line 6: await waiter/);
    assert.match(outcome.stderr, /waiter \(Event\.wait\)/);
  });

  test("a list grown toward a hundred million elements: the page answers, the 10 s budget ends it, the next run works", async () => {
    const page = await ready();
    const original = await getSource(page, CORRECT);
    await setSource(page, WRONG, "x = []\nwhile len(x) < 10**8:\n    x.append(len(x))\nprint(len(x))\n");
    const started = Date.now();
    await act(page, WRONG, "run");
    await watchWhileRunning(page, 3000);
    await assertResponsive(page, original, "while it runs");
    const stopped = await waitForOutcome(page, WRONG, 30_000);
    const took = Date.now() - started;
    assert.equal(stopped.state, "stopped");
    assert.equal(stopped.status, "Stopped: the program ran for 10 s without finishing (an endless loop?)");
    assert.ok(took < 10_000 + PROMPTLY_MS, `the budget ended it after ${took} ms`);
    await assertNextRunWorks(page, "after the budget");
  });

  test("a hundred-million-element list built at once, and endless recursion without a catch, end on their own", async () => {
    const page = await ready();
    const original = await getSource(page, CORRECT);
    // Within the 4 GB a wasm instance may have: it is built (or refused with
    // MemoryError), never a crash.
    await setSource(page, WRONG, "x = [0] * 10**8\nprint(len(x))\n");
    const built = await runAndWait(page, WRONG);
    assert.ok(
      (built.status === "Finished." && built.stdout === "100000000\n")
        || (built.status === "Exited with status 1." && /MemoryError\n$/.test(built.stderr)),
      JSON.stringify(built),
    );
    await assertResponsive(page, original, "after the list");
    await setSource(page, WRONG, "def down(n):\n    return down(n + 1)\n\ndown(0)\n");
    const deep = await runAndWait(page, WRONG);
    assert.equal(deep.status, "Exited with status 1.");
    assert.match(deep.stderr, /^Traceback \(most recent call last\):\n/);
    assert.match(deep.stderr, /\nRecursionError: maximum recursion depth exceeded/);
    await assertNextRunWorks(page, "after the recursion");
  });

  for (const [name, source] of [
    ["in one write", 'print("x" * 10**7)\n'],
    ["in ten thousand lines", 'for line in range(10**4):\n    print("y" * 999)\n'],
  ]) {
    test(`ten megabytes printed ${name} are cut at the output limit, and the page answers`, async () => {
      const page = await ready();
      const original = await getSource(page, CORRECT);
      await setSource(page, WRONG, source);
      const [cut, took] = await timed(() => runAndWait(page, WRONG));
      assert.equal(cut.status, "Exited with status 1.");
      assert.equal(cut.stderr, "Stopped: the program printed more than 1,000,000 characters.\n");
      assert.ok(cut.stdout.length <= 1_000_000 && cut.stdout.length > 990_000, `kept ${cut.stdout.length} characters`);
      assert.ok(took < 10_000, `took ${took} ms`);
      // With a megabyte of text on the page.
      await assertResponsive(page, original, "with the output shown");
      await assertNextRunWorks(page, "after the output limit");
    });
  }

  // chapter.test.mjs checks what a program prints; these reach the page by
  // other ways: a traceback's message, a task's name in the timeline, and a
  // check's message quoting the reader's code.
  test("markup in a traceback and in a task's name is shown as text, never run", async () => {
    const page = await ready();
    await setSource(page, WRONG, [
      "import asyncio",
      `PAYLOAD = ${JSON.stringify(PAYLOAD)}`,
      "async def job():",
      "    await asyncio.sleep(0.5)",
      "    raise ValueError(PAYLOAD)",
      "async def main():",
      "    await asyncio.create_task(job(), name=PAYLOAD)",
      "asyncio.run(main())",
      "",
    ].join("\n"));
    const live = await runAndWait(page, WRONG);
    assert.ok(live.stderr.endsWith(`ValueError: ${PAYLOAD}\n`), live.stderr);
    const taskNames = await page.locator(`${WRONG} .wb-live .wb-tl-task`).allTextContents();
    assert.ok(taskNames.includes(PAYLOAD), `the timeline's task names: ${JSON.stringify(taskNames)}`);
    const injected = await page.locator(`${WRONG} .wb-live :is(img, script, b)`).count();
    assert.equal(injected, 0, "the run's output or timeline was parsed as HTML");
    assert.equal(await page.evaluate(() => typeof window.__pwned), "undefined");
  });

  test("markup in a check's message is shown as text, never run", async () => {
    const page = await ready();
    await setSource(page, EXERCISE, `raise ValueError(${JSON.stringify(PAYLOAD)})\n`);
    await act(page, EXERCISE, "check");
    await waitForOutcome(page, EXERCISE);
    const messages = await page.locator(`${EXERCISE} .wb-results li`).allTextContents();
    assert.ok(messages.some((text) => text.includes(PAYLOAD)), JSON.stringify(messages));
    const injected = await page.locator(`${EXERCISE} .wb-live :is(img, script, b)`).count();
    assert.equal(injected, 0, "a check result was parsed as HTML");
    assert.equal(await page.evaluate(() => typeof window.__pwned), "undefined");
  });

  // Each expected text is what CPython 3.11 prints running the same file
  // (`python3 crates/sandbox/python/workbook_runner.py wrong.py`).
  for (const [name, source, expected] of [
    [
      "a syntax error",
      "for i in range(3)\n    print(i)\n",
      '  File "wrong.py", line 1\n    for i in range(3)\n                     ^\nSyntaxError: expected \':\'\n',
    ],
    ["a NUL byte", 'print("a")\0\nprint("b")\n', "SyntaxError: source code string cannot contain null bytes\n"],
  ]) {
    test(`source with ${name} gets CPython's error, and nothing runs`, async () => {
      const page = await ready();
      assert.equal(await page.locator(WRONG).getAttribute("data-wb-file"), "wrong.py");
      await setSource(page, WRONG, source);
      assert.equal(await getSource(page, WRONG), source, "the editor changed the source");
      const live = await runAndWait(page, WRONG);
      assert.deepEqual(
        { stdout: live.stdout, stderr: live.stderr, status: live.status },
        { stdout: "", stderr: expected, status: "Exited with status 1." },
      );
    });
  }

  // Without the sandbox's source padding, RustPython's compile() panics here
  // and the worker dies ("The Python sandbox crashed (RuntimeError: unreachable)").
  test("an unclosed string ending in a non-ASCII character gets a SyntaxError", async () => {
    const page = await ready();
    await setSource(page, WRONG, 'print("café');
    const live = await runAndWait(page, WRONG);
    try {
      assert.equal(live.status, "Exited with status 1.", JSON.stringify(live));
      assert.match(live.stderr, /SyntaxError: unterminated string literal \(detected at line 1\)\n$/);
    } finally {
      await assertNextRunWorks(page, "after the unclosed string");
    }
  });
});
