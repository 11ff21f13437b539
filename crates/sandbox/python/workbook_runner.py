"""Runs one program the way `python3 FILE.py` would, in virtual time.

The same runner serves the sandbox (RustPython, natively and in the browser)
and the fidelity tests (CPython 3.11): `python3 workbook_runner.py FILE.py`
prints what the sandbox would print, so the two can be compared line by line.
`--feedback OUT.json` also writes the run's feedback (the asyncio mistakes it
ran into, as the sandbox's report lists them) to OUT.json.
"""

import gc
import io
import json
import linecache
import sys
import traceback
import types
import warnings

import workbook_clock
import workbook_vtime
from workbook_feedback import feedback

DEFAULT_OUTPUT_LIMIT = 1_000_000


class BudgetSpent(workbook_vtime.SandboxStop):
    """Raised into the program by the host when its real-time budget runs out."""

    def __init__(self, seconds):
        super().__init__(
            f"Stopped: the program ran for {seconds:g} s of real time without "
            "finishing (an endless loop?)."
        )


# The modules a reader's code runs as: a program, an exercise attempt, its checks.
_PROGRAM_MODULES = ("__main__", "learner", "checks")


def budget_spent(seconds):
    """The exception the host raises when the budget is spent, or None once the
    program's own code has left the stack (the host then stops raising).

    The host raises it at every instruction while the program runs, so a
    program that catches it is interrupted again inside its own handler.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") in _PROGRAM_MODULES:
            return BudgetSpent(seconds)
        frame = frame.f_back
    return None


class OutputLimit(workbook_vtime.SandboxStop):
    def __init__(self, limit):
        super().__init__(
            f"Stopped: the program printed more than {limit:,} characters."
        )


class _Capture(io.TextIOBase):
    """A text stream that keeps what is written, up to a shared limit."""

    def __init__(self, name, budget):
        self.name = name
        self._parts = []
        self._budget = budget

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._budget[0] -= len(text)
        if self._budget[0] < 0:
            self._parts.append(text[: len(text) + self._budget[0]])
            self._budget[0] = 0
            raise OutputLimit(self._budget[1])
        self._parts.append(text)
        return len(text)

    def writable(self):
        return True

    def isatty(self):
        return False

    @property
    def encoding(self):
        return "utf-8"

    def getvalue(self):
        return "".join(self._parts)

    def append_beyond_limit(self, text):
        """Record the sandbox's own closing message, even past the limit."""
        self._parts.append(text)


def _capture_output(limit):
    """Point sys.stdout and sys.stderr at captures sharing one limit."""
    budget = [limit, limit]
    sys.stdout = _Capture("<stdout>", budget)
    sys.stderr = _Capture("<stderr>", budget)
    return sys.stdout, sys.stderr


def _stop_cause(error):
    """The SandboxStop behind `error`, if the run ended on purpose.

    The first one raised wins: a stop can set off another while asyncio
    cleans up (a deadlock while it cancels the remaining tasks), and the
    first says why the run ended.
    """
    seen = set()
    cause = None
    while error is not None and id(error) not in seen:
        if isinstance(error, workbook_vtime.SandboxStop):
            cause = error
        seen.add(id(error))
        error = error.__context__
    return cause


def _print_exception(error):
    """Print a traceback the way CPython's top level does, minus this runner."""
    tb = error.__traceback__
    if tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)


class _Warnings:
    """Warnings raised as the program's globals are dropped at exit, worded as CPython words them."""

    exiting = False

    @classmethod
    def install(cls):
        original = warnings._formatwarnmsg_impl

        def format_like_cpython(message):
            category = message.category.__name__
            if cls.exiting:
                # CPython reports what the interpreter's shutdown finds with no
                # frame to blame: the location reads "sys:1".
                return f"sys:1: {category}: {message.message}\n"
            return original(message)

        warnings._formatwarnmsg_impl = format_like_cpython

    @classmethod
    def flush_at_exit(cls, main):
        """Drop the program's globals, as interpreter shutdown does, and collect."""
        cls.exiting = True
        try:
            main.__dict__.clear()
            gc.collect()
        finally:
            cls.exiting = False


def execute(source, filename):
    """Run `source` as __main__; return its exit status. Output goes to sys.std*."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    feedback.start(filename)
    _Warnings.install()
    sys.argv = [filename]
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    status, stopped = _execute_main(source, filename, main)
    if not stopped:
        # A run the sandbox stopped has no orderly exit to imitate.
        _Warnings.flush_at_exit(main)
    return status


def _execute_main(source, filename, main):
    """Run the program; return its exit status and whether the sandbox stopped it."""
    try:
        code = compile(source, filename, "exec")
        exec(code, main.__dict__)
    except BaseException as error:
        stop = _stop_cause(error)
        if stop is not None:
            _write_notice(f"{stop}\n")
            return 1, True
        if isinstance(error, SystemExit):
            return _exit_status(error), False
        _print_exception(error)
        return 1, False
    return 0, False


def _write_notice(text):
    stream = sys.stderr
    getattr(stream, "write_notice", stream.write)(text)


def _exit_status(exit_request):
    code = exit_request.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def run(source, filename="main.py", output_limit=DEFAULT_OUTPUT_LIMIT,
        virtual_limit=workbook_vtime.DEFAULT_VIRTUAL_LIMIT):
    """Run a program in the sandbox and return its report as a JSON string."""
    stdout, stderr = _capture_output(output_limit)
    workbook_vtime.install(virtual_limit)
    try:
        status = execute(source, filename)
    except workbook_vtime.SandboxStop as stop:
        stderr.append_beyond_limit(f"{stop}\n")
        status = 1
    _flush_quietly()
    return json.dumps({
        "stdout": stdout.getvalue(),
        "stderr": stderr.getvalue(),
        "exit_code": status,
        "timeline": workbook_vtime.timeline.events,
        "virtual_time": round(workbook_vtime.clock.now - workbook_clock.ORIGIN, 9),
        "feedback": feedback.findings(),
    })


def _flush_quietly():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def grade(learner_source, checks_source, output_limit=DEFAULT_OUTPUT_LIMIT):
    """Grade an exercise attempt; returns the report as a JSON string."""
    import workbook_checks

    stdout, stderr = _capture_output(output_limit)
    workbook_vtime.install()
    feedback.start(workbook_checks.LEARNER_FILE)
    try:
        results = workbook_checks.grade(learner_source, checks_source)
    except BaseException as error:
        stop = _stop_cause(error)
        message = str(stop) if stop is not None else f"{type(error).__name__}: {error}"
        results = [{"name": "the checks ran", "passed": False, "message": message}]
    _flush_quietly()
    return json.dumps({
        "results": results,
        "stdout": stdout.getvalue(),
        "stderr": stderr.getvalue(),
        "feedback": feedback.findings(),
    })


def main(argv):
    """CPython entry point: run FILE.py on virtual time with real stdout/stderr."""
    args = argv[1:]
    feedback_path = None
    if len(args) == 3 and args[0] == "--feedback":
        feedback_path, args = args[1], args[2:]
    if len(args) != 1:
        sys.stderr.write("usage: python3 workbook_runner.py [--feedback OUT.json] FILE.py\n")
        return 2
    path = args[0]
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    workbook_vtime.install()
    try:
        status = execute(source, path)
    except workbook_vtime.SandboxStop as stop:
        _write_notice(f"{stop}\n")
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    if feedback_path is not None:
        with open(feedback_path, "w", encoding="utf-8") as handle:
            json.dump(feedback.findings(), handle)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
