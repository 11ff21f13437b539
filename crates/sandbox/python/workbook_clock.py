"""The virtual clock, and the `time` module moved onto it.

Loaded before anything else in the sandbox: `logging` reads `time.time()` when
it is imported, and in the browser the real clock is not there to read.
"""

import sys
import time
import types

from workbook_feedback import feedback

# Reading a clock costs a little virtual time, so a busy loop that polls the
# clock (the book's stand-in for CPU work) makes progress.
CLOCK_READ_COST = 1e-5

DEFAULT_VIRTUAL_LIMIT = 3600.0

# Like CPython's monotonic clock, the virtual one does not start at zero, so a
# program that passes an absolute time where a delay belongs (call_at(2, ...))
# misbehaves here as it would there. Timelines count from the start instead.
ORIGIN = 1000.0

# What time.time() says when the program starts.
_EPOCH = 1_700_000_000.0


class _Clock:
    def __init__(self):
        self.now = ORIGIN
        self.limit = ORIGIN + DEFAULT_VIRTUAL_LIMIT
        # The simulated pool thread whose job is running, if any: its own
        # clock is the one `time` reads.
        self.thread = None


class VirtualThread:
    """A worker thread of a simulated pool, running one job on its own clock."""

    def __init__(self, name, start):
        self.name = name
        self.now = start
        self.output = []
        # The event loop that takes what the thread prints, if one is running.
        self.loop = None


clock = _Clock()


def current():
    """The clock that code running right now lives on: its thread's, or the main one."""
    return clock.thread or clock


class Timeline:
    """What each task and simulated thread did, stamped with virtual time."""

    def __init__(self):
        self.events = []
        self.current_task = None

    def record(self, row, state, t=None, **details):
        moment = (clock.now if t is None else t) - ORIGIN
        event = {"t": round(moment, 9), "task": row, "state": state}
        event.update(details)
        self.events.append(event)


timeline = Timeline()


def _read_clock():
    thread = clock.thread
    if thread is not None:
        thread.now += CLOCK_READ_COST
        return thread.now
    clock.now += CLOCK_READ_COST
    if clock.now > feedback.step.deadline:
        feedback.step_overran(None, sys._getframe(1))
    return clock.now


def moved_by(call, frame):
    """Tell the feedback that `call`, made from `frame`, just moved the main clock."""
    if clock.now > feedback.step.deadline:
        feedback.step_overran(call, frame)


def _virtual_sleep(seconds):
    if not isinstance(seconds, (int, float)):
        raise TypeError(
            f"'{type(seconds).__name__}' object cannot be interpreted as an integer or float"
        )
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    thread = clock.thread
    if thread is not None:
        thread.now += seconds
        return
    blocked = timeline.current_task
    if blocked is not None:
        timeline.record(blocked, "blocked", call="time.sleep")
    clock.now += seconds
    moved_by("time.sleep", sys._getframe(1))
    if blocked is not None:
        timeline.record(blocked, "running")


def _clock_info(name):
    if name not in ("time", "monotonic", "perf_counter", "process_time", "thread_time"):
        raise ValueError("unknown clock")
    return types.SimpleNamespace(
        implementation="workbook virtual clock",
        monotonic=name != "time",
        adjustable=name == "time",
        resolution=1e-9,
    )


def install(virtual_limit=DEFAULT_VIRTUAL_LIMIT):
    """Restart the clock and point every `time` function at it."""
    clock.now = ORIGIN
    clock.limit = ORIGIN + virtual_limit
    clock.thread = None
    timeline.events = []
    timeline.current_task = None
    time.monotonic = _read_clock
    time.perf_counter = _read_clock
    time.process_time = _read_clock
    time.thread_time = _read_clock
    time.time = lambda: _EPOCH - ORIGIN + _read_clock()
    time.monotonic_ns = lambda: int(_read_clock() * 1e9)
    time.perf_counter_ns = lambda: int(_read_clock() * 1e9)
    time.process_time_ns = lambda: int(_read_clock() * 1e9)
    time.time_ns = lambda: int((_EPOCH - ORIGIN + _read_clock()) * 1e9)
    time.sleep = _virtual_sleep
    time.get_clock_info = _clock_info
