//! Each static rule on the smallest program that shows the mistake, and on
//! the nearest correct program, which must stay clean.

use workbook_lint::{Finding, Outcome, lint};

/// The program's findings as (rule, line), after dropping the leading
/// newline the raw strings below start with.
fn found(program: &str) -> Vec<(String, usize)> {
    findings(program)
        .into_iter()
        .map(|finding| (finding.rule, finding.line))
        .collect()
}

fn findings(program: &str) -> Vec<Finding> {
    let program = program.strip_prefix('\n').unwrap_or(program);
    lint(program).unwrap_or_else(|problem| panic!("does not parse: {problem:?}\n{program}"))
}

fn only(rule: &str, line: usize) -> Vec<(String, usize)> {
    vec![(rule.to_string(), line)]
}

fn message(program: &str) -> String {
    let all = findings(program);
    assert_eq!(all.len(), 1, "expected one finding: {all:?}");
    all[0].message.clone()
}

// --- blocking-call ----------------------------------------------------------

#[test]
fn time_sleep_in_a_coroutine_blocks() {
    let program = r#"
import asyncio
import time

async def handle():
    time.sleep(1)
"#;
    assert_eq!(found(program), only("blocking-call", 5));
    let message = message(program);
    assert!(message.contains("`time.sleep(1)`"), "{message}");
    assert!(message.contains("every task stops for 1 s"), "{message}");
    assert!(message.contains("`await asyncio.sleep(1)`"), "{message}");
}

#[test]
fn sleep_imported_from_time_or_renamed_blocks() {
    let program = r#"
from time import sleep
import time as clock

async def handle():
    sleep(0.5)
    clock.sleep(2)
"#;
    assert_eq!(
        found(program),
        [
            ("blocking-call".to_string(), 5),
            ("blocking-call".to_string(), 6)
        ]
    );
}

#[test]
fn requests_subprocess_and_open_block() {
    let program = r#"
import subprocess
import requests

async def handle(url, path):
    requests.get(url, timeout=5)
    subprocess.run(["ls"])
    data = open(path).read()
    with open(path, "w") as f:
        f.write(data)
"#;
    let rules: Vec<usize> = found(program)
        .into_iter()
        .filter(|(rule, _)| rule == "blocking-call")
        .map(|(_, line)| line)
        .collect();
    assert_eq!(rules, [5, 6, 7, 8]);
    let all = findings(program);
    assert!(
        all[0]
            .message
            .contains("`await asyncio.to_thread(requests.get, url, timeout=5)`"),
        "{}",
        all[0].message
    );
}

#[test]
fn a_helper_that_sleeps_blocks_where_it_is_called() {
    let program = r#"
import asyncio
import time

def get(url):
    time.sleep(0.3)
    return url

def fetch(url):
    return get(url)

async def load(url):
    body = fetch(url)
"#;
    assert_eq!(found(program), only("blocking-call", 12));
    let message = message(program);
    assert!(message.contains("`fetch(url)`"), "{message}");
    assert!(message.contains("`time.sleep(0.3)` (line 5)"), "{message}");
    assert!(
        message.contains("`await asyncio.to_thread(fetch, url)`"),
        "{message}"
    );
}

#[test]
fn a_method_that_sleeps_blocks_through_the_object() {
    let program = r#"
import time

class DiskFile:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        pass
    def read(self):
        time.sleep(0.5)

async def export():
    with DiskFile() as f:
        return f.read()
"#;
    assert_eq!(found(program), only("blocking-call", 13));
}

#[test]
fn a_context_manager_that_sleeps_blocks_the_with() {
    let program = r#"
import asyncio
import time

class Connection:
    def __enter__(self):
        time.sleep(0.2)
        return self
    def __exit__(self, *exc):
        pass

class AsyncConnection:
    async def __aenter__(self):
        await asyncio.sleep(0.2)
        return self
    async def __aexit__(self, *exc):
        pass

async def handle():
    async with AsyncConnection() as conn:
        pass
    with Connection() as conn:
        pass
"#;
    assert_eq!(found(program), only("blocking-call", 21));
    let message = message(program);
    assert!(message.contains("`with Connection()`"), "{message}");
    assert!(
        message.contains("`__enter__` calls `time.sleep(0.2)` (line 6)"),
        "{message}"
    );
}

#[test]
fn blocking_work_handed_to_a_thread_is_fine() {
    let program = r#"
import asyncio
import time

def render():
    time.sleep(0.2)

async def handle(loop):
    await asyncio.to_thread(time.sleep, 1)
    await asyncio.to_thread(render)
    await loop.run_in_executor(None, lambda: time.sleep(1))

    def later():
        time.sleep(1)
    await asyncio.to_thread(later)
    time.sleep(0)
    await asyncio.sleep(1)

def plain():
    time.sleep(1)
    render()
"#;
    assert_eq!(found(program), []);
}

// --- missing-await ----------------------------------------------------------

#[test]
fn a_coroutine_called_and_dropped_never_runs() {
    let program = r#"
import asyncio

class Database:
    async def connect(self):
        await asyncio.sleep(0.2)

    async def reconnect(self):
        self.connect()

async def fetch():
    return 1

async def main():
    db = Database()
    db.connect()
    fetch()
    asyncio.sleep(1)
"#;
    assert_eq!(
        found(program),
        [
            ("missing-await".to_string(), 8),
            ("missing-await".to_string(), 15),
            ("missing-await".to_string(), 16),
            ("missing-await".to_string(), 17),
        ]
    );
    let all = findings(program);
    assert!(
        all[1].message.contains("Write `await db.connect()`"),
        "{}",
        all[1].message
    );
}

#[test]
fn asyncio_objects_have_coroutine_methods() {
    let program = r#"
import asyncio

async def main():
    queue = asyncio.Queue()
    queue.put(1)
    queue.put_nowait(2)
    event = asyncio.Event()
    event.wait()
    event.set()
"#;
    assert_eq!(
        found(program),
        [
            ("missing-await".to_string(), 5),
            ("missing-await".to_string(), 8)
        ]
    );
}

#[test]
fn an_unawaited_gather_is_reported_for_its_results() {
    let program = r#"
import asyncio

async def work():
    return 1

async def main():
    asyncio.gather(work(), work())
"#;
    assert_eq!(found(program), only("missing-await", 7));
    assert!(message(program).contains("nobody gets its results or errors"));
}

#[test]
fn awaited_kept_or_not_a_coroutine_is_fine() {
    let program = r#"
import asyncio
from contextlib import asynccontextmanager

class Client:
    def connect(self):
        return True

class Database:
    async def connect(self):
        await asyncio.sleep(0.2)

@asynccontextmanager
async def session():
    yield 1

async def ticks():
    yield 1

async def fetch():
    return 1

async def main(other):
    await fetch()
    pending = fetch()
    await pending
    session()
    ticks()
    Client().connect()
    other.connect()
    await asyncio.sleep(1)
"#;
    assert_eq!(found(program), []);
}

// --- dropped-task -----------------------------------------------------------

#[test]
fn a_task_thrown_away_is_dropped() {
    let program = r#"
import asyncio
from asyncio import create_task

async def work():
    await asyncio.sleep(1)

async def main():
    asyncio.create_task(work())
    create_task(work())
    asyncio.ensure_future(work())
    loop = asyncio.get_running_loop()
    loop.create_task(work())
"#;
    assert_eq!(
        found(program),
        [
            ("dropped-task".to_string(), 8),
            ("dropped-task".to_string(), 9),
            ("dropped-task".to_string(), 10),
            ("dropped-task".to_string(), 12),
        ]
    );
}

#[test]
fn a_task_kept_or_in_a_group_is_fine() {
    let program = r#"
import asyncio
from asyncio import TaskGroup

background = set()

async def work():
    await asyncio.sleep(1)

async def main():
    task = asyncio.create_task(work())
    background.add(asyncio.create_task(work()))
    async with asyncio.TaskGroup() as tg:
        tg.create_task(work())
    async with TaskGroup() as group:
        group.create_task(work())
    await task
"#;
    assert_eq!(found(program), []);
}

// --- run-inside-coroutine ---------------------------------------------------

#[test]
fn starting_a_loop_inside_a_coroutine_fails() {
    let program = r#"
import asyncio

async def fetch_price(symbol):
    return 189

def get_price(symbol):
    return asyncio.run(fetch_price(symbol))

async def handle(loop):
    asyncio.run(fetch_price("AAPL"))
    loop.run_until_complete(fetch_price("AAPL"))
    price = get_price("AAPL")
"#;
    assert_eq!(
        found(program),
        [
            ("run-inside-coroutine".to_string(), 10),
            ("run-inside-coroutine".to_string(), 11),
            ("run-inside-coroutine".to_string(), 12),
        ]
    );
    let wrapper = &findings(program)[2].message;
    assert!(
        wrapper.contains("`asyncio.run(fetch_price(symbol))` (line 7)"),
        "{wrapper}"
    );
}

#[test]
fn starting_the_loop_at_the_edge_is_fine() {
    let program = r#"
import asyncio

async def fetch_price(symbol):
    return 189

def get_price(symbol):
    return asyncio.run(fetch_price(symbol))

async def handle():
    price = await fetch_price("AAPL")
    other = await asyncio.to_thread(get_price, "MSFT")

def report():
    return get_price("AAPL")

asyncio.run(handle())
"#;
    assert_eq!(found(program), []);
}

// --- unbounded-gather -------------------------------------------------------

#[test]
fn a_large_fan_out_with_nothing_bounding_it() {
    let program = r#"
import asyncio

ITEMS = 1_000

async def work(n):
    await asyncio.sleep(0.1)

async def fetch_all(urls):
    return await asyncio.gather(*(work(url) for url in urls))

async def main():
    await asyncio.gather(*(work(n) for n in range(100)))
    await asyncio.gather(*[work(n) for n in range(ITEMS)])
    urls = [f"https://example.com/{n}" for n in range(500)]
    await fetch_all(urls)
"#;
    assert_eq!(
        found(program),
        [
            ("unbounded-gather".to_string(), 9),
            ("unbounded-gather".to_string(), 12),
            ("unbounded-gather".to_string(), 13),
        ]
    );
    let all = findings(program);
    assert!(
        all[1].message.contains("starts all 100 coroutines"),
        "{}",
        all[1].message
    );
    assert!(
        all[0].message.contains("starts all 500 coroutines"),
        "{}",
        all[0].message
    );
}

#[test]
fn a_small_or_bounded_fan_out_is_fine() {
    let program = r#"
import asyncio

LIMIT = 10

def crunch(n):
    return n

async def work(n):
    await asyncio.sleep(0.1)

async def main(unknown):
    slots = asyncio.Semaphore(LIMIT)

    async def limited(n):
        async with slots:
            await work(n)

    await asyncio.gather(*(work(n) for n in range(10)))
    await asyncio.gather(*(work(n) for n in ["a", "b", "c"]))
    await asyncio.gather(*(limited(n) for n in range(1000)))
    await asyncio.gather(*(asyncio.to_thread(crunch, n) for n in range(1000)))
    await asyncio.gather(*(work(n) for n in unknown))
"#;
    assert_eq!(found(program), []);
}

// --- swallowed-cancellation -------------------------------------------------

#[test]
fn catching_cancellation_without_raising_swallows_it() {
    let program = r#"
import asyncio

async def export():
    try:
        await asyncio.sleep(1)
    except:
        pass
    try:
        await asyncio.sleep(1)
    except BaseException as error:
        print(error)
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("rolled back")
    try:
        await asyncio.sleep(1)
    except (ValueError, BaseException):
        pass
"#;
    assert_eq!(
        found(program),
        [
            ("swallowed-cancellation".to_string(), 6),
            ("swallowed-cancellation".to_string(), 10),
            ("swallowed-cancellation".to_string(), 14),
            ("swallowed-cancellation".to_string(), 18),
        ]
    );
}

#[test]
fn except_exception_or_re_raising_is_fine() {
    let program = r#"
import asyncio

async def export(task):
    try:
        await asyncio.sleep(1)
    except Exception:
        pass
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("rolled back")
        raise
    try:
        await asyncio.sleep(1)
    except BaseException as error:
        print(error)
        raise error
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass

def plain():
    try:
        return 1
    except:
        return 2
"#;
    assert_eq!(found(program), []);
}

// --- unexamined-exceptions --------------------------------------------------

#[test]
fn failures_collected_and_never_looked_at() {
    let program = r#"
import asyncio

async def save(record):
    return record

async def main(records):
    await asyncio.gather(*(save(r) for r in records), return_exceptions=True)
    results = await asyncio.gather(save(1), save(2), return_exceptions=True)
    counted = await asyncio.gather(save(1), save(2), return_exceptions=True)
    print(f"saved {len(counted)}")
    looped = await asyncio.gather(save(1), return_exceptions=True)
    for result in looped:
        print("one more done")
"#;
    assert_eq!(
        found(program),
        [
            ("unexamined-exceptions".to_string(), 7),
            ("unexamined-exceptions".to_string(), 8),
            ("unexamined-exceptions".to_string(), 9),
            ("unexamined-exceptions".to_string(), 11),
        ]
    );
}

#[test]
fn failures_examined_or_tasks_collected_after_cancel_are_fine() {
    let program = r#"
import asyncio

async def save(record):
    return record

async def main(workers):
    results = await asyncio.gather(save(1), save(2), return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    shown = await asyncio.gather(save(1), return_exceptions=True)
    for result in shown:
        print(result)
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    plain = await asyncio.gather(save(1), save(2))
    return await asyncio.gather(save(3), return_exceptions=True), failed
"#;
    assert_eq!(found(program), []);
}

// --- what every finding carries ---------------------------------------------

/// Following `x = x.next` back through every earlier assignment, and each of
/// those through every assignment again, would take exponential time.
#[test]
fn names_reassigned_from_themselves_stay_fast() {
    let mut program = String::from(
        "import asyncio\n\nasync def work(i):\n    pass\n\nasync def main(get):\n    x = get()\n    n = len(get())\n",
    );
    program.push_str(&"    x = x.next\n    n = n + 1\n".repeat(200));
    program.push_str(&"    x.close()\n".repeat(20));
    program.push_str(&"    await asyncio.gather(*(work(i) for i in range(n)))\n".repeat(20));
    let started = std::time::Instant::now();
    assert_eq!(lint(&program), Ok(vec![]));
    let took = started.elapsed();
    assert!(took.as_secs() < 5, "took {took:?}");
}

#[test]
fn findings_are_sorted_and_point_at_the_call() {
    let program = r#"
import asyncio
import time

async def work():
    await asyncio.sleep(1)

async def main():
    asyncio.create_task(work())
    x = 1; time.sleep(1)
"#;
    let all = findings(program);
    let places: Vec<(usize, Option<usize>, &str)> = all
        .iter()
        .map(|f| (f.line, f.column, f.rule.as_str()))
        .collect();
    assert_eq!(
        places,
        [(8, Some(5), "dropped-task"), (9, Some(12), "blocking-call")]
    );
    assert_eq!(
        all[0].chapter,
        "task-lifetimes/index.html#a-task-nobody-references"
    );
}

#[test]
fn the_outcome_serializes_as_the_browser_reads_it() {
    let clean = serde_json::to_value(Outcome::from(lint("print(1)\n"))).unwrap();
    assert_eq!(clean, serde_json::json!({"findings": []}));
    let broken = serde_json::to_value(Outcome::from(lint("x = 1\nx = (1,\n"))).unwrap();
    let error = &broken["syntax_error"];
    assert_eq!(error["line"].as_u64(), Some(2));
    assert!(
        error["column"].as_u64().is_some_and(|column| column >= 1),
        "{error}"
    );
    assert!(error["message"].is_string(), "{error}");
}
