//! Property test: seeded, generated Python programs never break the sandbox.
//!
//! A small grammar mixes what the book's readers write (coroutines, sleeps,
//! gather, TaskGroup, wait_for, timeout, shield, cancellation, queues, locks,
//! events, semaphores, to_thread, time.sleep, exceptions) with what they get
//! wrong (a missing await, an Event nobody sets, `while True: pass`, endless
//! recursion, huge strings) and with plain garbage (random bytes, truncated
//! programs, NUL bytes). Every program must come back from `run_json` with a
//! report that parses, within its real-time budget plus a grace, exit status 0
//! or 1, and a reason on stderr when the status is 1. The programs whose
//! output is deterministic must print exactly what CPython prints running them
//! on the same virtual-time loop (those using `wait_for`, which CPython 3.11
//! and the sandbox's 3.14 asyncio schedule differently: the same lines).
//!
//! It found a crash: a program cut off inside a string, right after a
//! non-ASCII character, made RustPython's compile() panic (see
//! `source_safe_to_compile` in src/interpreter.rs).
//!
//! `WORKBOOK_FUZZ_SEED` and `WORKBOOK_FUZZ_PROGRAMS` override the seed and the
//! number of programs, and `WORKBOOK_FUZZ_KEEP=1` keeps every program in a
//! scratch folder; `cargo test --release --test fuzz -- --nocapture` shows the
//! seed, the count, the folder and how the programs ended.

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use workbook_sandbox::{Limits, RunReport, run_json};

const SEED: u64 = 0x5eed_2026_a5c1_0001;
/// Every kind of program several times over, in about 35 s on an idle 2-core
/// machine and 50 s on one whose both cores are busy with other work.
const PROGRAMS: usize = 120;
const BUDGET: Duration = Duration::from_secs(2);
/// Loading the interpreter is not part of the budget, and a busy machine is slow.
const GRACE: Duration = Duration::from_secs(2);

/// xorshift64*: deterministic, and no crate needed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 once, so that small seeds still start well mixed.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Self((z ^ (z >> 31)).max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Runs to the end (or to a deliberate uncaught exception).
    Valid,
    /// A coroutine called and never awaited.
    MissingAwait,
    /// Waits on something nothing will ever set.
    Deadlock,
    /// Never ends: only the real-time budget stops it.
    Endless,
    DeepRecursion,
    HugeString,
    Garbage,
    Truncated,
    NulBytes,
    DeepNesting,
}

const KINDS: &[(Kind, usize)] = &[
    (Kind::Valid, 40),
    (Kind::MissingAwait, 6),
    (Kind::Deadlock, 10),
    (Kind::Endless, 4),
    (Kind::DeepRecursion, 5),
    (Kind::HugeString, 6),
    (Kind::Garbage, 10),
    (Kind::Truncated, 10),
    (Kind::NulBytes, 5),
    (Kind::DeepNesting, 3),
];

/// What a kind of program must end with, beyond what every program must do.
#[derive(Debug)]
enum Expect {
    /// Exit status 0 or 1, nothing more to say (garbage may even be valid).
    Anything,
    /// This exit status; with 1, stderr must contain the text.
    Exit(i32, &'static str),
}

struct Program {
    kind: Kind,
    source: String,
    expect: Expect,
    compare: Compare,
}

/// How a program's output is compared with CPython's on the same virtual loop.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Compare {
    /// Not deterministic, or not meant to match (syntax errors, budgets, limits).
    No,
    /// stdout, exit status and stderr (a traceback's last line) as they are.
    Exactly,
    /// The same lines in any order, and tasks' numbers left out (`wait_for`).
    Loosely,
}

const HEADER: &str = "import asyncio
import time


async def work(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f\"{name} failed\")
    print(f\"{name} done\")
    return name


def blocking(name, delay):
    time.sleep(delay)
    return f\"{name} slept {delay}\"
";

/// Builds programs: top-level definitions plus the body of `main()`.
struct Generator {
    rng: Rng,
    next_name: usize,
    definitions: Vec<String>,
    /// The program uses `wait_for`, which runs in a task of its own on 3.11
    /// and in the caller's task from 3.12 (the sandbox runs 3.14's asyncio):
    /// task numbers and the order of lines printed at one moment can differ.
    uses_wait_for: bool,
}

/// Appends `text`, each of its lines indented by `indent` levels.
fn emit(out: &mut Vec<String>, indent: usize, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!("{}{line}", "    ".repeat(indent)));
        }
    }
}

impl Generator {
    fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
            next_name: 0,
            definitions: Vec::new(),
            uses_wait_for: false,
        }
    }

    fn name(&mut self) -> usize {
        self.next_name += 1;
        self.next_name
    }

    /// A delay in tenths of a second, 0.0 to 1.0.
    fn delay(&mut self) -> String {
        format!("{:.1}", self.rng.below(11) as f64 / 10.0)
    }

    /// A timeout halfway between two tenths, so it never ties with a delay.
    fn timeout(&mut self) -> String {
        format!("{:.2}", self.rng.below(12) as f64 / 10.0 + 0.05)
    }

    fn work_call(&mut self, tag: &str, fail_chance: usize) -> String {
        let delay = self.delay();
        if self.rng.percent(fail_chance) {
            format!("work(\"{tag}\", {delay}, fail=True)")
        } else {
            format!("work(\"{tag}\", {delay})")
        }
    }

    fn work_calls(&mut self, prefix: &str, count: usize, fail_chance: usize) -> String {
        (0..count)
            .map(|index| self.work_call(&format!("{prefix}_{index}"), fail_chance))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One statement group for the body of an async function.
    fn block(&mut self, out: &mut Vec<String>, indent: usize, depth: usize) {
        let n = self.name();
        let choice = self.rng.below(if depth < 2 { 22 } else { 21 });
        let text = match choice {
            0 => format!("await asyncio.sleep({})", self.delay()),
            1 => format!("print(\"at{n} — café ✓\", round(loop.time() - start, 2))"),
            2 => {
                let count = self.rng.between(1, 4);
                let calls = self.work_calls(&format!("g{n}"), count, 20);
                if self.rng.percent(50) {
                    format!(
                        "r{n} = await asyncio.gather({calls}, return_exceptions=True)\nprint(\"g{n}\", r{n})"
                    )
                } else {
                    format!(
                        "try:\n    print(\"g{n}\", await asyncio.gather({calls}))\nexcept ValueError as error:\n    print(\"g{n} failed:\", error)"
                    )
                }
            }
            3 => {
                let count = self.rng.between(1, 3);
                let tasks = (0..count)
                    .map(|index| {
                        format!(
                            "group.create_task({})",
                            self.work_call(&format!("tg{n}_{index}"), 25)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "try:\n    async with asyncio.TaskGroup() as group:\n        tasks{n} = [{tasks}]\n    print(\"tg{n}\", [task.result() for task in tasks{n}])\nexcept* ValueError as failures:\n    print(\"tg{n} failed:\", sorted(str(error) for error in failures.exceptions))"
                )
            }
            4 => format!(
                "{}try:\n    print(\"wf{n}\", await asyncio.wait_for({}, timeout={}))\nexcept TimeoutError:\n    print(\"wf{n} timed out\")\nexcept ValueError as error:\n    print(\"wf{n} failed:\", error)",
                self.note_wait_for(),
                self.work_call(&format!("wf{n}"), 20),
                self.timeout()
            ),
            5 => format!(
                "try:\n    async with asyncio.timeout({}):\n        await {}\n        await asyncio.sleep({})\n    print(\"to{n} in time\")\nexcept TimeoutError:\n    print(\"to{n} timed out\")",
                self.timeout(),
                self.work_call(&format!("to{n}"), 0),
                self.delay()
            ),
            6 => format!(
                "{}sh{n} = asyncio.create_task({})\ntry:\n    await asyncio.wait_for(asyncio.shield(sh{n}), timeout={})\n    print(\"sh{n} in time\")\nexcept TimeoutError:\n    print(\"sh{n} timed out, still running:\", not sh{n}.done())\nprint(\"sh{n} result\", await sh{n})",
                self.note_wait_for(),
                self.work_call(&format!("sh{n}"), 0),
                self.timeout()
            ),
            7 => format!(
                "c{n} = asyncio.create_task({})\nawait asyncio.sleep({})\nprint(\"c{n} cancel() says\", c{n}.cancel())\ntry:\n    print(\"c{n} result\", await c{n})\nexcept asyncio.CancelledError:\n    print(\"c{n} cancelled\", c{n}.cancelled())",
                self.work_call(&format!("c{n}"), 0),
                self.delay()
            ),
            8 => {
                let raise = *self.rng.pick(&[
                    "raise ValueError(\"e{n}\")",
                    "raise KeyError(\"e{n}\")",
                    "raise RuntimeError(\"e{n}\") from ValueError(\"cause\")",
                    "print(1 / 0)",
                    "[][{n}]",
                ]);
                let raise = raise.replace("{n}", &n.to_string());
                format!(
                    "try:\n    {raise}\nexcept (ValueError, KeyError, RuntimeError, ArithmeticError, IndexError) as error:\n    print(\"caught\", type(error).__name__, error, repr(error.__cause__))\nfinally:\n    print(\"finally e{n}\")"
                )
            }
            9 => format!(
                "q{n} = asyncio.Queue(maxsize={})\n\
                 async def produce{n}():\n    for item in range({}):\n        await q{n}.put(item)\n        await asyncio.sleep({})\n    await q{n}.put(None)\n\
                 async def consume{n}():\n    got = []\n    while (item := await q{n}.get()) is not None:\n        got.append(item)\n        await asyncio.sleep({})\n    return got\n\
                 print(\"q{n}\", (await asyncio.gather(produce{n}(), consume{n}()))[1], round(loop.time() - start, 2))",
                self.rng.below(4),
                self.rng.between(0, 6),
                self.delay(),
                self.delay()
            ),
            10 => format!(
                "lock{n} = asyncio.Lock()\ncount{n} = [0]\n\
                 async def bump{n}(index):\n    async with lock{n}:\n        seen = count{n}[0]\n        await asyncio.sleep({})\n        count{n}[0] = seen + 1\n\
                 await asyncio.gather(*(bump{n}(index) for index in range({})))\nprint(\"lock{n}\", count{n}[0], lock{n}.locked())",
                self.delay(),
                self.rng.between(1, 5)
            ),
            11 => format!(
                "ev{n} = asyncio.Event()\n\
                 async def waiter{n}(index):\n    await ev{n}.wait()\n    print(\"ev{n} woke\", index)\n\
                 async def setter{n}():\n    await asyncio.sleep({})\n    ev{n}.set()\n\
                 await asyncio.gather(*(waiter{n}(index) for index in range({})), setter{n}())",
                self.delay(),
                self.rng.between(0, 3)
            ),
            12 => format!(
                "sem{n} = asyncio.Semaphore({})\n\
                 async def limited{n}(index):\n    async with sem{n}:\n        await asyncio.sleep({})\n        return index\n\
                 print(\"sem{n}\", await asyncio.gather(*(limited{n}(index) for index in range({}))), round(loop.time() - start, 2))",
                self.rng.between(1, 3),
                self.delay(),
                self.rng.between(1, 6)
            ),
            13 => format!(
                "total{n} = 0\nfor index in range({}):\n    total{n} += index % 7\nprint(\"loop{n}\", total{n})",
                self.rng.below(20_000)
            ),
            14 => format!(
                "k{n} = 0\nwhile k{n} < {}:\n    k{n} += 1\n    if k{n} % {} == 0:\n        await asyncio.sleep(0)\nprint(\"while{n}\", k{n})",
                self.rng.below(3000),
                self.rng.between(1, 500)
            ),
            15 => format!(
                "time.sleep({})\nprint(\"ts{n}\", round(loop.time() - start, 2))",
                self.delay()
            ),
            16 => {
                let calls = (0..self.rng.between(1, 3))
                    .map(|index| {
                        format!(
                            "asyncio.to_thread(blocking, \"th{n}_{index}\", {})",
                            self.delay()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "print(\"th{n}\", await asyncio.gather({calls}), round(loop.time() - start, 2))"
                )
            }
            17 => format!(
                "ws{n} = [asyncio.create_task(work(f\"ws{n}_{{index}}\", delay)) for index, delay in enumerate([{}, {}, {}])]\n\
                 done{n}, pending{n} = await asyncio.wait(ws{n}, return_when=asyncio.FIRST_COMPLETED)\n\
                 print(\"ws{n}\", sorted(task.result() for task in done{n}), len(pending{n}))\n\
                 for task in pending{n}:\n    task.cancel()",
                self.delay(),
                self.delay(),
                self.delay()
            ),
            18 => {
                let first = self.delay();
                let mut second = self.delay();
                while second == first {
                    second = self.delay();
                }
                format!(
                    "for next_done in asyncio.as_completed([work(\"ac{n}_0\", {first}), work(\"ac{n}_1\", {second})]):\n    print(\"ac{n}\", await next_done)"
                )
            }
            19 => format!(
                "async def agen{n}():\n    for index in range({}):\n        await asyncio.sleep({})\n        yield index\n\
                 print(\"ag{n}\", [item async for item in agen{n}()])",
                self.rng.below(5),
                self.delay()
            ),
            20 => format!(
                "background{n} = asyncio.create_task({})\nawait asyncio.sleep({})",
                self.work_call(&format!("bg{n}"), 30),
                self.delay()
            ),
            _ => {
                self.subroutine(n, depth);
                match self.rng.below(3) {
                    0 => format!("print(\"sub{n} returned\", await sub{n}(\"s{n}\"))"),
                    1 => format!(
                        "st{n} = asyncio.create_task(sub{n}(\"s{n}\"))\nawait asyncio.sleep({})\nprint(\"sub{n} task\", await st{n})",
                        self.delay()
                    ),
                    _ => format!(
                        "print(\"sub{n} pair\", await asyncio.gather(sub{n}(\"a{n}\"), sub{n}(\"b{n}\")))"
                    ),
                }
            }
        };
        emit(out, indent, &text);
    }

    fn comparison(&self) -> Compare {
        if self.uses_wait_for {
            Compare::Loosely
        } else {
            Compare::Exactly
        }
    }

    fn note_wait_for(&mut self) -> &'static str {
        self.uses_wait_for = true;
        ""
    }

    /// Defines `async def sub{n}(label)` at top level, made of more blocks.
    fn subroutine(&mut self, n: usize, depth: usize) {
        let mut body = Vec::new();
        emit(
            &mut body,
            0,
            &format!(
                "async def sub{n}(label):\n    loop = asyncio.get_running_loop()\n    start = loop.time()"
            ),
        );
        for _ in 0..self.rng.between(1, 3) {
            self.block(&mut body, 1, depth + 1);
        }
        emit(&mut body, 1, "return label");
        self.definitions.push(body.join("\n"));
    }

    /// A program that runs to its end, with `extra` inserted into main().
    fn async_program(&mut self, extra: Option<&str>, may_fail: bool) -> (String, bool) {
        self.definitions.clear();
        self.uses_wait_for = false;
        let mut main = Vec::new();
        emit(
            &mut main,
            0,
            "async def main():\n    loop = asyncio.get_running_loop()\n    start = loop.time()",
        );
        let blocks = self.rng.between(2, 7);
        let extra_at = self.rng.below(blocks + 1);
        for index in 0..=blocks {
            if index == extra_at
                && let Some(extra) = extra
            {
                emit(&mut main, 1, extra);
            }
            if index < blocks {
                self.block(&mut main, 1, 0);
            }
        }
        let fails = may_fail && self.rng.percent(10);
        if fails {
            emit(&mut main, 1, "raise RuntimeError(\"main gave up\")");
        }
        let mut source = String::from(HEADER);
        for definition in &self.definitions {
            let _ = write!(source, "\n\n{definition}\n");
        }
        let _ = write!(source, "\n\n{}\n\n\nasyncio.run(main())\n", main.join("\n"));
        if self.rng.percent(20) {
            let delays = [self.delay(), self.delay(), self.delay()].join(", ");
            let _ = write!(
                source,
                "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(max_workers=2) as pool:\n    print(list(pool.map(blocking, [\"p0\", \"p1\", \"p2\"], [{delays}])))\n"
            );
        }
        source.push_str("print(\"end\", round(time.monotonic(), 1) > 0)\n");
        (source, fails)
    }

    fn program(&mut self) -> Program {
        let total: usize = KINDS.iter().map(|(_, weight)| weight).sum();
        let mut roll = self.rng.below(total);
        let kind = KINDS
            .iter()
            .find(|(_, weight)| {
                if roll < *weight {
                    true
                } else {
                    roll -= weight;
                    false
                }
            })
            .map(|(kind, _)| *kind)
            .expect("a kind");
        match kind {
            Kind::Valid => {
                let (source, fails) = self.async_program(None, true);
                let expect = if fails {
                    Expect::Exit(1, "RuntimeError: main gave up")
                } else {
                    Expect::Exit(0, "")
                };
                Program {
                    kind,
                    source,
                    expect,
                    compare: self.comparison(),
                }
            }
            Kind::MissingAwait => {
                let mistake = *self.rng.pick(&[
                    "asyncio.sleep(0.5)",
                    "work(\"forgotten\", 0.1)",
                    "forgotten = work(\"forgotten\", 0.2)\nprint(\"forgot to await a\", type(forgotten).__name__)",
                    "asyncio.to_thread(blocking, \"forgotten\", 0.1)",
                ]);
                let (source, _) = self.async_program(Some(mistake), false);
                Program {
                    kind,
                    source,
                    expect: Expect::Exit(0, ""),
                    compare: self.comparison(),
                }
            }
            Kind::Deadlock => {
                let stuck = *self.rng.pick(&[
                    "await asyncio.Event().wait()",
                    "never = asyncio.Event()\nwaiter = asyncio.create_task(never.wait(), name=\"waiter\")\nawait waiter",
                    "lock = asyncio.Lock()\nawait lock.acquire()\nasync with lock:\n    print(\"unreachable\")",
                    "print(\"waiting for\", await asyncio.Queue().get())",
                    "await asyncio.get_running_loop().create_future()",
                    "first, second = asyncio.Event(), asyncio.Event()\nasync def one():\n    await first.wait()\n    second.set()\nasync def two():\n    await second.wait()\n    first.set()\nawait asyncio.gather(one(), two())",
                    "await asyncio.gather(asyncio.sleep(0.5), asyncio.Semaphore(0).acquire())",
                ]);
                let (source, _) = self.async_program(Some(stuck), false);
                Program {
                    kind,
                    source,
                    expect: Expect::Exit(1, "Deadlock:"),
                    compare: self.comparison(),
                }
            }
            Kind::Endless => {
                let endless = *self.rng.pick(&[
                    "while True:\n    pass",
                    "await asyncio.to_thread(lambda: [None for _ in iter(int, 1)])",
                    "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
                    "while time.monotonic() > 0:\n    pass",
                    "async def chain(depth):\n    await asyncio.create_task(chain(depth + 1))\nawait chain(0)",
                    "while True:\n    try:\n        await asyncio.sleep(0)\n    finally:\n        continue",
                ]);
                let (source, _) = self.async_program(Some(endless), false);
                Program {
                    kind,
                    source,
                    expect: Expect::Exit(1, "Stopped: the program ran for 2 s of real time"),
                    compare: Compare::No,
                }
            }
            Kind::DeepRecursion => {
                let (source, expect) = match self.rng.below(4) {
                    0 => (
                        "def down(n):\n    return down(n + 1)\nprint(down(0))\n",
                        Expect::Exit(1, "RecursionError"),
                    ),
                    1 => (
                        "import asyncio\nasync def down(n):\n    return await down(n + 1)\nasyncio.run(down(0))\n",
                        Expect::Exit(1, "RecursionError"),
                    ),
                    2 => (
                        "class Loop:\n    def __repr__(self):\n        return repr(self)\nprint(Loop())\n",
                        Expect::Exit(1, "RecursionError"),
                    ),
                    _ => (
                        "def down(n):\n    return down(n + 1)\ntry:\n    down(0)\nexcept RecursionError:\n    print(\"caught\")\n",
                        Expect::Exit(0, ""),
                    ),
                };
                Program {
                    kind,
                    source: source.to_owned(),
                    expect,
                    compare: Compare::No,
                }
            }
            Kind::HugeString => {
                let (source, expect) = match self.rng.below(5) {
                    0 => (
                        format!(
                            "s = \"ab\" * {}\nprint(len(s))\n",
                            self.rng.between(1, 20) * 1_000_000
                        ),
                        Expect::Exit(0, ""),
                    ),
                    1 => (
                        format!("print(\"x\" * {})\n", self.rng.between(2, 10) * 1_000_000),
                        Expect::Exit(1, "printed more than 1,000,000 characters"),
                    ),
                    2 => (
                        "s = \"x\" * 10**15\nprint(len(s))\n".to_owned(),
                        Expect::Exit(1, "MemoryError"),
                    ),
                    3 => (
                        "s = \"\"\nfor index in range(100_000):\n    s += \"abc\"\nprint(len(s))\n"
                            .to_owned(),
                        Expect::Exit(0, ""),
                    ),
                    _ => (
                        "print(\" \".join(str(index) for index in range(10**6)))\n".to_owned(),
                        Expect::Exit(1, "printed more than 1,000,000 characters"),
                    ),
                };
                Program {
                    kind,
                    source,
                    expect,
                    compare: Compare::No,
                }
            }
            Kind::Garbage => Program {
                kind,
                source: self.garbage(),
                expect: Expect::Anything,
                compare: Compare::No,
            },
            Kind::Truncated => {
                let (source, _) = self.async_program(None, false);
                let chars: Vec<char> = source.chars().collect();
                // Half the time right after a non-ASCII character, which once
                // crashed RustPython's compile() inside an unclosed string.
                let after_non_ascii: Vec<usize> = (1..chars.len())
                    .filter(|&at| !chars[at - 1].is_ascii())
                    .collect();
                let cut = if !after_non_ascii.is_empty() && self.rng.percent(50) {
                    *self.rng.pick(&after_non_ascii)
                } else {
                    self.rng.between(1, chars.len() - 1)
                };
                Program {
                    kind,
                    source: chars[..cut].iter().collect(),
                    expect: Expect::Anything,
                    compare: Compare::No,
                }
            }
            Kind::NulBytes => {
                let (source, _) = self.async_program(None, false);
                let mut chars: Vec<char> = source.chars().collect();
                for _ in 0..self.rng.between(1, 3) {
                    let at = self.rng.below(chars.len() + 1);
                    chars.insert(at, '\0');
                }
                Program {
                    kind,
                    source: chars.into_iter().collect(),
                    expect: Expect::Exit(1, "source code string cannot contain null bytes"),
                    compare: Compare::Exactly,
                }
            }
            Kind::DeepNesting => {
                let depth = self.rng.between(50, 20_000);
                let (open, close) =
                    *self
                        .rng
                        .pick(&[("(", ")"), ("[", "]"), ("{", "}"), ("-(", ")")]);
                Program {
                    kind,
                    source: format!(
                        "x = {}1{}\nprint(x)\n",
                        open.repeat(depth),
                        close.repeat(depth)
                    ),
                    expect: Expect::Anything,
                    compare: Compare::No,
                }
            }
        }
    }

    fn garbage(&mut self) -> String {
        let length = self.rng.between(0, 400);
        match self.rng.below(3) {
            0 => {
                let bytes: Vec<u8> = (0..length).map(|_| self.rng.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => (0..length)
                .map(|_| char::from(self.rng.between(0x20, 0x7e) as u8))
                .collect(),
            _ => {
                const TOKENS: &[&str] = &[
                    "async", "def", "await", "(", ")", ":", "\n", "    ", "asyncio", ".", "gather",
                    "sleep", "lambda", "yield", "for", "in", "while", "True", "pass", "x", "=",
                    "+", "[", "]", "{", "}", ",", "\"", "'", "#", "\\", "import", "from", "with",
                    "try", "except", "*", "**", "0", "1.5", "@", "->", "class", "return", "not",
                    "print", "raise", "del", "global", "nonlocal", "match", "case", "f\"{", "}\"",
                    ";",
                ];
                let mut text = String::new();
                for _ in 0..length / 3 {
                    text.push_str(self.rng.pick(TOKENS));
                    if self.rng.percent(50) {
                        text.push(' ');
                    }
                }
                text
            }
        }
    }
}

/// How a program ended, for the summary.
fn outcome(report: &RunReport) -> &'static str {
    let last_line = report.stderr.trim_end().lines().last().unwrap_or("");
    if report.exit_code == 0 {
        "finished"
    } else if report.stderr.starts_with("Deadlock:") {
        "deadlock detected"
    } else if report.stderr.contains("Stopped: the program ran for") {
        "budget spent"
    } else if report
        .stderr
        .contains("Stopped: the program printed more than")
    {
        "output limit"
    } else if ["SyntaxError", "IndentationError", "TabError"]
        .iter()
        .any(|error| last_line.starts_with(error))
    {
        "syntax error"
    } else if last_line.starts_with("RecursionError") {
        "recursion error"
    } else if last_line.starts_with("MemoryError") {
        "memory error"
    } else {
        "other exception"
    }
}

fn seed() -> u64 {
    std::env::var("WORKBOOK_FUZZ_SEED").map_or(SEED, |text| {
        let text = text.trim();
        text.strip_prefix("0x")
            .map_or_else(|| text.parse(), |hex| u64::from_str_radix(hex, 16))
            .expect("WORKBOOK_FUZZ_SEED is a number")
    })
}

fn program_count() -> usize {
    std::env::var("WORKBOOK_FUZZ_PROGRAMS").map_or(PROGRAMS, |text| {
        text.trim()
            .parse()
            .expect("WORKBOOK_FUZZ_PROGRAMS is a number")
    })
}

/// CPython running `file` on the workbook's virtual loop, started now and
/// collected after the sandbox's run.
fn start_cpython(folder: &Path, file: &str) -> Child {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/workbook_runner.py");
    Command::new("python3")
        .arg(runner)
        .arg(file)
        .current_dir(folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (CPython 3.11) runs")
}

/// stderr as far as it can match: the last line of a traceback (the frames
/// above it name each interpreter's own copy of asyncio), and "never awaited"
/// warnings without their location or tracemalloc hint. Such a warning fires
/// when the coroutine is freed: at once in CPython, which counts references,
/// and at the next collection or at exit (`sys:1`) in RustPython, which does
/// not. Other warnings must match as they are.
fn comparable_stderr(stderr: &str) -> String {
    if stderr.contains("Traceback (most recent call last):") {
        return stderr.trim_end().lines().last().unwrap_or("").to_owned();
    }
    let mut kept = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("RuntimeWarning: Enable tracemalloc") {
            continue;
        }
        match line.find("RuntimeWarning: coroutine '") {
            Some(at) if line.ends_with("' was never awaited") => {
                kept.push(line[at..].to_owned());
                // The source line CPython shows under the location, if any.
                while lines.next_if(|next| next.starts_with("  ")).is_some() {}
            }
            _ => kept.push(line.to_owned()),
        }
    }
    kept.join("\n")
}

/// Lines in order, or sorted and with task numbers left out.
fn comparable_lines(text: &str, compare: Compare) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if compare == Compare::Loosely {
        for line in &mut lines {
            while let Some(at) = line.find("Task-") {
                let digits = line[at + 5..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                line.replace_range(at..at + 5 + digits, "Task#");
            }
        }
        lines.sort();
    }
    lines
}

fn scratch_folder() -> PathBuf {
    let folder = std::env::temp_dir().join(format!("workbook-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

#[test]
fn generated_programs_never_break_the_sandbox() {
    let seed = seed();
    let count = program_count();
    println!(
        "fuzz: {count} programs, seed {seed:#x} (WORKBOOK_FUZZ_SEED / WORKBOOK_FUZZ_PROGRAMS to change)"
    );
    let folder = scratch_folder();
    let keep = std::env::var_os("WORKBOOK_FUZZ_KEEP").is_some();
    let limits = Limits {
        real_time: BUDGET,
        ..Limits::default()
    };
    let mut generator = Generator::new(seed);
    let mut failures = Vec::new();
    let mut outcomes: BTreeMap<(Kind, &str), usize> = BTreeMap::new();
    let mut compared: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, 0);
    let started = Instant::now();
    for index in 0..count {
        let program = generator.program();
        let file = format!("fuzz_{index:03}.py");
        if program.compare != Compare::No || keep {
            std::fs::write(folder.join(&file), &program.source).expect("a writable scratch folder");
        }
        let cpython = (program.compare != Compare::No).then(|| start_cpython(&folder, &file));
        let began = Instant::now();
        let json = std::panic::catch_unwind(|| run_json(&program.source, &file, &limits));
        let took = began.elapsed();
        slowest = slowest.max((took, index));
        let mut problems = Vec::new();
        let report = match json {
            Err(_) => {
                problems.push("a panic escaped run_json".to_owned());
                None
            }
            Ok(json) => match serde_json::from_str::<RunReport>(&json) {
                Ok(report) => Some(report),
                Err(error) => {
                    let start: String = json.chars().take(500).collect();
                    problems.push(format!("the report does not parse ({error}): {start}"));
                    None
                }
            },
        };
        if took > BUDGET + GRACE {
            problems.push(format!(
                "took {took:?}, more than the {BUDGET:?} budget + {GRACE:?}"
            ));
        }
        if let Some(report) = &report {
            *outcomes.entry((program.kind, outcome(report))).or_default() += 1;
            check_report(&program, report, &mut problems);
            if let Some(child) = cpython {
                *compared
                    .entry(format!("{:?}", program.compare))
                    .or_default() += 1;
                compare_with_cpython(child, program.compare, report, &mut problems);
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "program {index} ({:?}, seed {seed:#x}) as {file}:\n  - {}\n--- source ---\n{}\n--- end of source ---{}",
                program.kind,
                problems.join("\n  - "),
                program.source.replace('\0', "\\0"),
                report.map_or_else(String::new, |report| format!(
                    "\nstdout: {:?}\nstderr: {:?}\nexit: {}",
                    report.stdout, report.stderr, report.exit_code
                )),
            ));
        }
    }
    if keep {
        println!("fuzz: the programs are in {}", folder.display());
    } else {
        let _ = std::fs::remove_dir_all(&folder);
    }
    println!(
        "fuzz: ran {count} programs in {:.1?} (slowest: program {} in {:.1?}); compared with CPython: {compared:?}",
        started.elapsed(),
        slowest.1,
        slowest.0
    );
    let mut by_outcome: BTreeMap<&str, usize> = BTreeMap::new();
    for ((kind, ended), times) in &outcomes {
        println!("  {kind:?}: {ended} x{times}");
        *by_outcome.entry(ended).or_default() += times;
    }
    for (ended, times) in &by_outcome {
        println!(
            "  all kinds: {ended} x{times} ({:.0}%)",
            100.0 * *times as f64 / count as f64
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {count} generated programs broke a promise:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn check_report(program: &Program, report: &RunReport, problems: &mut Vec<String>) {
    if !matches!(report.exit_code, 0 | 1) {
        problems.push(format!("exit status {}", report.exit_code));
    }
    if report.exit_code == 1 && report.stderr.trim().is_empty() {
        problems.push("exit status 1 with nothing on stderr".to_owned());
    }
    for broken in [
        "The sandbox crashed",
        "The sandbox failed before your program could finish",
        "unreadable report",
    ] {
        if report.stderr.contains(broken) {
            problems.push(format!("the sandbox itself failed: {broken}"));
        }
    }
    if let Expect::Exit(code, text) = program.expect {
        if report.exit_code != code {
            problems.push(format!(
                "expected exit status {code}, got {}",
                report.exit_code
            ));
        } else if code == 1 && !report.stderr.contains(text) {
            problems.push(format!("expected {text:?} on stderr"));
        }
    }
}

fn compare_with_cpython(
    child: Child,
    compare: Compare,
    report: &RunReport,
    problems: &mut Vec<String>,
) {
    let cpython = child.wait_with_output().expect("CPython finishes");
    let stdout = String::from_utf8_lossy(&cpython.stdout);
    let stderr = String::from_utf8_lossy(&cpython.stderr);
    if comparable_lines(&stdout, compare) != comparable_lines(&report.stdout, compare) {
        problems.push(format!(
            "stdout differs from CPython's ({compare:?}):\n    CPython: {stdout:?}\n    sandbox: {:?}",
            report.stdout
        ));
    }
    if cpython.status.code() != Some(report.exit_code) {
        problems.push(format!(
            "exit status differs from CPython's: {:?} vs {}",
            cpython.status.code(),
            report.exit_code
        ));
    }
    let expected = comparable_lines(&comparable_stderr(&stderr), compare);
    let actual = comparable_lines(&comparable_stderr(&report.stderr), compare);
    if expected != actual {
        problems.push(format!(
            "stderr differs from CPython's ({compare:?}):\n    CPython: {expected:?}\n    sandbox: {actual:?}"
        ));
    }
}
