// A stand-in for the wasm sandbox with the same exports, so the page and its
// tests can be exercised without RustPython. It is deliberately crude:
// `print(...)` lines are echoed in source order (string literals, simple
// arithmetic, `file=sys.stderr`), `raise Name("text")` ends the program with
// a traceback, `while True: pass` spins forever, and `__wb_panic__` traps the
// way a Rust panic does and leaves the instance unusable.

let initialised = false;
let poisoned = false;

export default async function init() {
  // Real initialisation takes a while; a little delay keeps the page honest
  // about waiting for the ready signal.
  await new Promise((resolve) => setTimeout(resolve, 300));
  initialised = true;
}

function guard() {
  if (!initialised) {
    throw new Error("init() was not awaited");
  }
  if (poisoned) {
    throw new WebAssembly.RuntimeError("unreachable");
  }
}

function splitArguments(text) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let current = "";
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      current += c;
      if (c === "\\") {
        current += text[i + 1] ?? "";
        i += 1;
      } else if (c === quote) {
        quote = null;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === "(" || c === "[") {
      depth += 1;
      current += c;
    } else if (c === ")" || c === "]") {
      depth -= 1;
      current += c;
    } else if (c === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else {
      current += c;
    }
  }
  if (current.trim() !== "") {
    parts.push(current.trim());
  }
  return parts;
}

function value(expression) {
  const string = /^(['"])(.*)\1$/.exec(expression);
  if (string) {
    return JSON.parse(`"${string[2].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  }
  if (/^[-+*/%(). \d]+$/.test(expression)) {
    return String(Function(`"use strict"; return (${expression});`)());
  }
  return expression;
}

// The real module builds the next interpreter here; the stand-in has none.
export function prepare() {
  guard();
}

export function run(source, filename) {
  guard();
  if (source.includes("__wb_panic__")) {
    poisoned = true;
    throw new WebAssembly.RuntimeError("unreachable");
  }
  if (/while True:\s*pass/.test(source)) {
    for (;;) {
      // An endless program: only terminating the worker ends this.
    }
  }
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  const lines = source.split("\n");
  for (let number = 1; number <= lines.length; number += 1) {
    const line = lines[number - 1];
    const printed = /^\s*print\((.*)\)\s*$/.exec(line);
    const raised = /^\s*raise (\w+)\((['"])(.*)\2\)\s*$/.exec(line);
    if (printed) {
      const args = splitArguments(printed[1]);
      const toStderr = args.includes("file=sys.stderr");
      const text = args.filter((arg) => !arg.startsWith("file=")).map(value).join(" ") + "\n";
      if (toStderr) {
        stderr += text;
      } else {
        stdout += text;
      }
    } else if (raised) {
      stderr += `Traceback (most recent call last):\n  File "${filename}", line ${number}, in <module>\n${raised[1]}: ${raised[3]}\n`;
      exitCode = 1;
      break;
    }
  }
  return JSON.stringify({
    stdout,
    stderr,
    exit_code: exitCode,
    timeline: [
      { t: 0, task: "main", state: "created" },
      { t: 0, task: "main", state: exitCode === 0 ? "done" : "failed" },
    ],
    virtual_time: 0,
  });
}

// Each `@check("name")` in the checks passes when the learner's source
// contains the text of the `# fake-needs: TEXT` comment that follows it.
export function check(learnerSource, checksSource) {
  guard();
  const results = [];
  const pattern = /@check\((['"])(.*?)\1\)[\s\S]*?# fake-needs: (.*)/g;
  for (const [, , name, needed] of checksSource.matchAll(pattern)) {
    const passed = learnerSource.includes(needed.trim());
    results.push({ name, passed, message: passed ? "" : `expected your code to use ${needed.trim()}` });
  }
  return JSON.stringify({ results, stdout: "", stderr: "" });
}
