"""The asyncio mistakes that only show while a program runs, each tied to a line.

Rule ids are those of the workbook's rule table (crates/lint/src/rules.rs):

- never-awaited: a coroutine was created and dropped without being awaited;
- exception-never-retrieved: a task failed and nothing looked at its exception;
- destroyed-pending: a task was destroyed before it finished;
- loop-blocked: one step of the event loop (a task step or a callback) kept
  the clock running for more than 100 ms, so nothing else could run.

Watching changes nothing the program prints: each hook records what asyncio or
the warnings machinery is about to report anyway, then lets it happen as usual.

The clock reports to this module, so it loads before the clock and imports no
other part of the runtime (nor asyncio, which must find the clock in place).
"""

import sys
import warnings

# asyncio's own threshold for a slow callback (loop.slow_callback_duration).
BLOCKED_AFTER = 0.1

# Steps are timed to the millisecond: a 0.1 s sleep plus a few clock reads
# (10 µs of virtual time each) is still a 100 ms step.
_BLOCKED_BEYOND = BLOCKED_AFTER + 0.0005

# The module whose frame runs each callback of the loop: where a step's own
# code ends when walking up the stack from inside it.
_LOOP_CALLBACK_MODULE = "asyncio.events"

_NEVER = float("inf")


def _seconds(duration):
    return f"{round(duration, 3):g} s"


class _Finding:
    """One rule at one line, however many times the program ran into it."""

    def __init__(self, rule, line, order, describe, details):
        self.rule = rule
        self.line = line
        self.order = order
        self.count = 0
        self._describe = describe
        # What the first occurrence was (names, durations): the message's facts.
        self.__dict__.update(details)

    def as_dict(self):
        return {"rule": self.rule, "line": self.line, "message": self._describe(self)}


class _Step:
    """The loop's step in progress: when it began and where it went past the limit."""

    def __init__(self):
        self.reset()

    def reset(self):
        # The loop whose step this is; None between steps.
        self.loop = None
        self.start = 0.0
        # The clock reading past which the running step counts as blocking.
        # The clock checks it on every move, so it is a plain number.
        self.deadline = _NEVER
        self.line = None
        self.call = None


class Feedback:
    def __init__(self):
        self.program_file = None
        self.step = _Step()
        self._findings = {}
        # Where each task was created, by id: (task name, line). The name
        # guards against an id reused by a task created some other way.
        self._task_lines = {}
        self._stopped = False

    def start(self, program_file):
        """Forget the last run and watch a program whose code is in `program_file`."""
        self.program_file = program_file
        self.step.reset()
        self._findings = {}
        self._task_lines = {}
        self._stopped = False
        _watch_unawaited_coroutines()

    def stop(self):
        """The sandbox ended the run: what happens next is not the program's doing."""
        self._stopped = True
        self.step.reset()

    def findings(self):
        ordered = sorted(self._findings.values(), key=lambda f: (f.line, f.order))
        return [finding.as_dict() for finding in ordered]

    # --- where in the program ---------------------------------------------

    def program_line(self, frame):
        """The line the innermost frame of the program's own code is at, from
        `frame` outwards, within the loop step running now; None if there is none."""
        while frame is not None:
            code = frame.f_code
            if code.co_filename == self.program_file:
                return frame.f_lineno
            if frame.f_globals.get("__name__") == _LOOP_CALLBACK_MODULE:
                return None
            frame = frame.f_back
        return None

    def _defined_at(self, coro):
        code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
        if code is not None and code.co_filename == self.program_file:
            return code.co_firstlineno
        return None

    def _note(self, rule, line, describe, **details):
        if self._stopped or line is None:
            return None
        key = (rule, line)
        finding = self._findings.get(key)
        if finding is None:
            order = len(self._findings)
            finding = self._findings[key] = _Finding(rule, line, order, describe, details)
        finding.count += 1
        return finding

    # --- never-awaited ----------------------------------------------------

    def never_awaited(self, coro, frame):
        """`coro` is being dropped unawaited while `frame` runs."""
        line = self.program_line(frame)
        called_here = line is not None
        if not called_here:
            # Dropped by asyncio or at exit: the coroutine's own definition is
            # the best pointer left.
            line = self._defined_at(coro)
        self._note(
            "never-awaited",
            line,
            _describe_never_awaited,
            name=coro.__qualname__,
            called_here=called_here,
        )

    # --- task lifetimes -----------------------------------------------------

    def task_created(self, task, frame):
        line = self.program_line(frame)
        if line is not None:
            self._task_lines[id(task)] = (task.get_name(), line)

    def _task_line(self, task):
        name, line = self._task_lines.get(id(task), (None, None))
        if line is None or name != task.get_name():
            line = self._defined_at(task.get_coro())
        return line

    def loop_reported(self, context):
        """The loop is about to hand `context` to its exception handler."""
        message = context.get("message")
        if message == "Task was destroyed but it is pending!":
            task = context["task"]
            self._note(
                "destroyed-pending",
                self._task_line(task),
                _describe_destroyed,
                name=_coroutine_name(task),
                loop_closed=task.get_loop().is_closed(),
            )
        elif message == "Task exception was never retrieved":
            task = context["future"]
            self._note(
                "exception-never-retrieved",
                self._task_line(task),
                _describe_unretrieved,
                name=_coroutine_name(task),
                error=type(context["exception"]).__name__,
            )

    # --- loop-blocked -------------------------------------------------------

    def step_began(self, now, loop):
        """A step of `loop` begins now, which ends the one before it.

        Called for every callback the loop runs, so it does as little as it can.
        """
        step = self.step
        if step.loop is loop and now - step.start > _BLOCKED_BEYOND:
            self._blocked(now - step.start)
        if self._stopped:
            return
        step.loop = loop
        step.start = now
        step.deadline = now + _BLOCKED_BEYOND
        step.line = None
        step.call = None

    def step_overran(self, call, frame):
        """The clock, moved by `call` (None: a clock read) from `frame`, went
        past the running step's deadline for the first time."""
        self.step.deadline = _NEVER
        self.step.line = self.program_line(frame)
        self.step.call = call

    def step_ended(self, now, loop):
        """`loop` waits or stops: its last step is over."""
        step = self.step
        if step.loop is not loop:
            return
        if now - step.start > _BLOCKED_BEYOND:
            self._blocked(now - step.start)
        step.reset()

    def _blocked(self, duration):
        step = self.step
        finding = self._note(
            "loop-blocked", step.line, _describe_blocked, call=step.call, longest=duration
        )
        if finding is not None:
            finding.longest = max(finding.longest, duration)


def _coroutine_name(task):
    return getattr(task.get_coro(), "__qualname__", task.get_name())


def _describe_never_awaited(finding):
    one = finding.count == 1
    coroutines = "a coroutine" if one else f"{finding.count} coroutines"
    if finding.called_here:
        what = f"Calling `{finding.name}()` created {coroutines} that {'was' if one else 'were'}"
    else:
        what = (
            f"{coroutines.capitalize()} from `{finding.name}()`, defined on this line, "
            f"{'was' if one else 'were'}"
        )
    outcome = "its body never ran: await it" if one else "their bodies never ran: await each one"
    return f"{what} never awaited, so {outcome} (or pass it to asyncio.create_task())."


def _describe_unretrieved(finding):
    if finding.count == 1:
        what = (
            f"A task running `{finding.name}()` failed with {finding.error} and "
            "nothing retrieved the exception: await the task"
        )
    else:
        what = (
            f"{finding.count} tasks running `{finding.name}()` failed (the first with "
            f"{finding.error}) and nothing retrieved their exceptions: await each task"
        )
    return f"{what}, or check task.exception() once it is done."


def _describe_destroyed(finding):
    if finding.count == 1:
        what = f"A task running `{finding.name}()` was destroyed while still pending"
    else:
        what = (
            f"{finding.count} tasks running `{finding.name}()` were destroyed while "
            "still pending"
        )
    it, them = ("it", "it") if finding.count == 1 else ("they", "them")
    if finding.loop_closed:
        why = (
            f"the event loop was closed before {it} finished. Await or cancel every "
            "task before closing the loop."
        )
    else:
        why = (
            f"nothing else referred to {them}, so {it} never finished. Keep each "
            "task in a set until it is done."
        )
    return f"{what}: {why}"


def _describe_blocked(finding):
    if finding.call is None:
        cause = f"code on line {finding.line} that runs without awaiting"
    else:
        cause = f"`{finding.call}` on line {finding.line}"
    longest = _seconds(finding.longest)
    if finding.count == 1:
        how_long = f"for {longest}"
    else:
        how_long = f"{finding.count} times (up to {longest} each)"
    return f"The event loop was blocked {how_long} by {cause}: no other task ran meanwhile."


feedback = Feedback()


def _warn_unawaited_coroutine(coro):
    """Warn that `coro` was never awaited, exactly as the warnings module does,
    after noting where.

    The interpreter calls `warnings._warn_unawaited_coroutine` for every such
    coroutine, before any filter could silence the warning. It warns with
    stacklevel=2 itself, so this stands in for it rather than wrapping it: a
    wrapper's frame would become the warning's location.
    """
    feedback.never_awaited(coro, sys._getframe(1))
    text = f"coroutine '{coro.__qualname__}' was never awaited"
    origin = coro.cr_origin
    if origin is not None:
        import linecache
        import traceback

        created = [
            (filename, lineno, function, linecache.getline(filename, lineno))
            for filename, lineno, function in reversed(origin)
        ]
        text += "\nCoroutine created at (most recent call last)\n"
        text += "".join(traceback.format_list(created))
    warnings.warn(text.rstrip("\n"), category=RuntimeWarning, stacklevel=2, source=coro)


def _watch_unawaited_coroutines():
    warnings._warn_unawaited_coroutine = _warn_unawaited_coroutine
