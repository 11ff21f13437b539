//! A program Python refuses to compile gets the lint's syntax error, at the
//! place CPython 3.11 reports (and mostly in its words), checked against
//! `python3` itself.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use workbook_lint::lint;

/// Programs where the lint must say exactly what CPython says.
const SAME_WORDS: &[&str] = &[
    "def f():\n    await g()\n",
    "await g()\n",
    "f = lambda: await g()\n",
    "def f():\n    async for x in y:\n        pass\n",
    "def f():\n    async with x:\n        pass\n",
    "def f():\n    return [x async for x in y]\n",
    "def f():\n    return [[await x for x in z] for z in y]\n",
    "async def f():\n    class A:\n        await g()\n",
    "return 5\n",
    "x = (1, 2\ny = 3\n",
    "import asyncio\n\nasync def main():\n    asyncio.sleep(1\n\nasyncio.run(main())\n",
    "print(\"caf\u{e9})\n",
    "def f():\nreturn 1\n",
    "x = 1 +\n",
    "for x in range(3):\n    pass\n  print(x)\n",
];

/// Programs where CPython words the error differently, but the line agrees.
const SAME_LINE: &[&str] = &[
    "if x\n    pass\n",
    "x = 1\n    y = 2\n",
    "f(**x, *y)\n",
    "x = 5 if True\n",
    "type X = int\n",
];

/// `(line, column, message)` from CPython's `compile()` for each program.
fn cpython_errors(programs: &[&str]) -> Vec<(usize, usize, String)> {
    let script = "import json, sys\n\
        out = []\n\
        for source in json.load(sys.stdin):\n\
        \x20   try:\n\
        \x20       compile(source, 'program.py', 'exec')\n\
        \x20       out.append(None)\n\
        \x20   except SyntaxError as e:\n\
        \x20       out.append([e.lineno, e.offset, e.msg])\n\
        print(json.dumps(out))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 (CPython 3.11) runs");
    let input = serde_json::to_vec(programs).expect("JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("written");
    let output = child.wait_with_output().expect("python3 finishes");
    let errors: Vec<Option<(usize, usize, String)>> =
        serde_json::from_slice(&output.stdout).expect("CPython's JSON");
    errors
        .into_iter()
        .zip(programs)
        .map(|(error, program)| error.unwrap_or_else(|| panic!("CPython compiles {program:?}")))
        .collect()
}

fn lint_error(program: &str) -> (usize, usize, String) {
    let problem = lint(program).expect_err(program);
    (problem.line, problem.column, problem.message)
}

#[test]
fn the_lint_says_what_cpython_says() {
    for (program, cpython) in SAME_WORDS.iter().zip(cpython_errors(SAME_WORDS)) {
        assert_eq!(lint_error(program), cpython, "{program:?}");
    }
}

#[test]
fn the_lint_points_at_cpythons_line() {
    for (program, (line, _, _)) in SAME_LINE.iter().zip(cpython_errors(SAME_LINE)) {
        assert_eq!(lint_error(program).0, line, "{program:?}");
    }
}

#[test]
fn an_await_in_a_coroutine_is_not_an_error() {
    let fine =
        "async def f(y):\n    await g()\n    return [await x for x in y], (await x for x in y)\n";
    assert_eq!(lint(fine), Ok(vec![]));
}
