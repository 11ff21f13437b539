"""Deterministic virtual time for asyncio, in plain Python.

`install()` swaps the clock under asyncio and the `time` module for a virtual
one. Waiting costs no real time: when every task waits for a timer, the loop
jumps the clock to that timer. `time.sleep` moves the same clock while the loop
is stuck inside it, so a blocked loop shows up exactly as it would in CPython.

Thread and process pools are simulated: each job runs to completion when a
worker picks it up, on its own clock, and its result (and anything it printed)
reaches the loop at the virtual moment the job would have finished. Jobs on
different workers therefore overlap in time, as real threads would.

The module runs unchanged on CPython 3.11+ and on the sandbox's RustPython, so
the tests can run every snippet on both and compare.
"""

import asyncio
import asyncio.events
import collections
import concurrent.futures
import errno
import heapq
import itertools
import os
import signal
import sys

import workbook_clock
from workbook_clock import DEFAULT_VIRTUAL_LIMIT, VirtualThread, clock, timeline
from workbook_feedback import feedback


class SandboxStop(SystemExit):
    """Ends a run on purpose.

    A SystemExit, so asyncio lets it through callbacks and tasks (it would log
    and swallow any other exception there), and pools pass it on.
    """

    def __init__(self, *args):
        # From here on, nothing the program prints is what CPython would show:
        # asyncio's clean-up after a stop runs the program's handlers, which a
        # hung or killed CPython process never reaches.
        _ThreadAwareStream.silenced = True
        feedback.stop()
        super().__init__(*args)


class Deadlock(SandboxStop):
    """Every task waits and nothing is scheduled that could wake one up."""

    def __init__(self, waiting):
        self.waiting = waiting
        super().__init__(self.describe())

    def describe(self):
        lines = [
            "Deadlock: every task is waiting and nothing is scheduled to wake "
            "one up (CPython would hang here forever)."
        ]
        if not self.waiting:
            lines.append("  No task is running: the loop waits for a future nobody resolves.")
        for name, where in self.waiting:
            lines.append(f"  {name} is waiting {where}")
        return "\n".join(lines)


class NeedsRealThreads(SandboxStop):
    """The program needs an OS thread running beside the loop, which the sandbox lacks."""

    def __init__(self, what):
        super().__init__(
            f"This program needs real threads, which the sandbox does not have: {what}. "
            "Run it with CPython to see what it prints."
        )

    @classmethod
    def waiting_on_the_loop(cls, thread, call):
        return cls(
            f"code in a worker thread ({thread} calls {call}) waits for a result that "
            "only the event loop can produce, and the sandbox runs each worker "
            "thread's job in one go while the loop waits"
        )

    @classmethod
    def touching_the_loop(cls, thread, call):
        return cls(
            f"code in a worker thread ({thread}) calls {call}, which is not thread-safe; "
            "what a real loop does next depends on when something else wakes it up"
        )


class KilledBySignal(SandboxStop):
    def __init__(self, name):
        super().__init__(
            f"Terminated by {name}: no handler was set for it, so a real process "
            "ends here at once, without running finally blocks or flushing buffered output."
        )


class VirtualTimeLimit(SandboxStop):
    def __init__(self, limit):
        super().__init__(
            f"Stopped: the program waited more than {limit:g} s of virtual time."
        )


def _task_outcome(task):
    if task.cancelled():
        return "cancelled"
    # Peeking at `_exception` leaves the exception unretrieved, so asyncio still
    # reports "Task exception was never retrieved" exactly as it would.
    if getattr(task, "_exception", None) is not None:
        return "failed"
    return "done"


class _TaskStep:
    """Wraps one step of a task so the timeline sees it start and stop."""

    def __init__(self, callback, task):
        self._callback = callback
        self._task = task
        # asyncio's debug messages name a step by its task, found here.
        self.__self__ = task
        for attribute in ("__qualname__", "__name__"):
            value = getattr(callback, attribute, None)
            if value is not None:
                setattr(self, attribute, value)

    def __call__(self, *args):
        name = self._task.get_name()
        timeline.current_task = name
        timeline.record(name, "running")
        try:
            return self._callback(*args)
        finally:
            timeline.current_task = None
            state = _task_outcome(self._task) if self._task.done() else "waiting"
            timeline.record(name, state)

    def __repr__(self):
        return repr(self._callback)


_LIBRARY_PACKAGES = ("asyncio", "concurrent", "threading", "contextlib")


def _is_library_frame(frame):
    module = frame.f_globals.get("__name__", "")
    return module.split(".")[0] in _LIBRARY_PACKAGES


def _suspension_point(task):
    """Where a pending task's own code is stopped, as 'at line N: source'."""
    import linecache

    coro = task.get_coro()
    spot = None
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None and not _is_library_frame(frame):
            spot = frame
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    if spot is None:
        return "inside asyncio"
    line = linecache.getline(spot.f_code.co_filename, spot.f_lineno).strip()
    where = f"in {spot.f_code.co_name}() at line {spot.f_lineno}"
    return f"{where}: {line}" if line else where


class _VirtualSelector:
    """Stands where the OS selector would: instead of waiting, it moves time."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout=None):
        if self._loop._owner is clock:
            # The loop is about to wait: the last step of this round is over.
            feedback.step_ended(clock.now, self._loop)
        if self._loop._signals_arrived:
            # The self-pipe has something to read: no waiting this time.
            self._loop._read_arrived_signals()
            return []
        if timeout is None:
            pending = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
            pending.sort(key=lambda t: t.get_name())
            waiting = [
                (f"{t.get_name()} ({t.get_coro().__qualname__})", _suspension_point(t))
                for t in pending
            ]
            raise Deadlock(waiting)
        if timeout > 0:
            now = workbook_clock.current()
            if now.now + timeout > clock.limit:
                raise VirtualTimeLimit(clock.limit - workbook_clock.ORIGIN)
            now.now += timeout
        return []

    def close(self):
        pass


class _TimerHandle(asyncio.TimerHandle):
    """A timer that, among timers due at the same moment, fires in the order set.

    On a real clock, time moves on between two call_later calls, so timers set
    for "the same" delay fall due in the order they were set. On the virtual
    clock they are due at exactly the same moment; this keeps that order.
    """

    __slots__ = ("_sequence",)
    _counter = itertools.count()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sequence = next(self._counter)

    def __lt__(self, other):
        if self._when != other._when:
            return self._when < other._when
        return self._sequence < getattr(other, "_sequence", -1)


class _ReadyQueue(collections.deque):
    """The loop's queue of callbacks due now, which marks where each step begins.

    The loop takes each callback off with popleft() just before running it, so
    a step lasts until the next popleft(), or until the loop waits or stops.
    """

    loop = None

    def popleft(self):
        loop = self.loop
        if loop._owner is clock:
            feedback.step_began(clock.now, loop)
        return super().popleft()


class VirtualEventLoop(asyncio.BaseEventLoop):
    """An asyncio event loop whose clock is virtual and whose I/O never waits."""

    def __init__(self):
        super().__init__()
        self._ready = _ReadyQueue()
        self._ready.loop = self
        self._selector = _VirtualSelector(self)
        self._clock_resolution = 1e-9
        # The clock of the thread that runs the loop: the main one, or a pool
        # thread's for asyncio.run inside to_thread. Set when the loop starts.
        self._owner = None
        self._signal_handlers = {}
        self._signals_arrived = []

    def _own_clock(self):
        return self._owner if self._owner is not None else workbook_clock.current()

    def time(self):
        return self._own_clock().now

    def run_forever(self):
        self._owner = workbook_clock.current()
        try:
            return super().run_forever()
        finally:
            # Still running: this was a nested call, refused, and the step
            # that made it goes on.
            if self._owner is clock and not self.is_running():
                feedback.step_ended(clock.now, self)

    def call_exception_handler(self, context):
        feedback.loop_reported(context)
        super().call_exception_handler(context)

    def _called_from_another_thread(self):
        return self._owner is not None and workbook_clock.current() is not self._owner

    def _check_thread(self):
        # Debug mode's guard: the sandbox's threads share one OS thread, so
        # asyncio's own thread-id comparison cannot tell them apart.
        if self._called_from_another_thread():
            raise RuntimeError(
                "Non-thread-safe operation invoked on an event loop other than the current one"
            )

    # --- signals, delivered as a Unix loop delivers them ------------------

    def add_signal_handler(self, sig, callback, *args):
        if asyncio.iscoroutine(callback) or asyncio.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with add_signal_handler()")
        self._check_signal(sig)
        self._check_closed()
        self._signal_handlers[sig] = asyncio.Handle(callback, args, self, None)
        try:
            signal.signal(sig, self._signal_arrived)
        except OSError as error:
            del self._signal_handlers[sig]
            if error.errno == errno.EINVAL:
                raise RuntimeError(f"sig {sig:d} cannot be caught") from None
            raise
        except ValueError as error:
            del self._signal_handlers[sig]
            raise RuntimeError(str(error)) from None

    def remove_signal_handler(self, sig):
        self._check_signal(sig)
        if self._signal_handlers.pop(sig, None) is None:
            return False
        signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL)
        return True

    @staticmethod
    def _check_signal(sig):
        if not isinstance(sig, int):
            raise TypeError(f"sig must be an int, not {sig!r}")
        if sig not in signal.valid_signals():
            raise ValueError(f"invalid signal number {sig}")

    def _signal_arrived(self, signum, frame):
        # A Unix loop learns of a signal from its self-pipe: the next iteration
        # reads the pipe, and the handler runs in the iteration after that.
        self._signals_arrived.append(signum)

    def _read_arrived_signals(self):
        for signum in self._signals_arrived:
            self._ready.append(asyncio.Handle(self._run_signal_handler, (signum,), self, None))
        self._signals_arrived.clear()

    def _run_signal_handler(self, signum):
        handle = self._signal_handlers.get(signum)
        if handle is None:
            return
        if handle._cancelled:
            self.remove_signal_handler(signum)
        else:
            self._ready.append(handle)

    def close(self):
        super().close()
        for sig in list(self._signal_handlers):
            self.remove_signal_handler(sig)

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        # Callbacks handed over "from another thread" are already in the ready
        # queue: there is no selector to wake.
        pass

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_callback(callback, "call_at")
        timer = _TimerHandle(when, callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def call_soon(self, callback, *args, context=None):
        if self._called_from_another_thread() and not self._debug:
            # (In debug mode, asyncio's own _check_thread raises instead.)
            raise NeedsRealThreads.touching_the_loop(
                clock.thread.name, "a loop method such as call_soon() or Future.set_result()"
            )
        task = getattr(callback, "__self__", None)
        if isinstance(task, asyncio.Task) and not isinstance(callback, _TaskStep):
            callback = _TaskStep(callback, task)
        return super().call_soon(callback, *args, context=context)

    def call_soon_threadsafe(self, callback, *args, context=None):
        moment = workbook_clock.current().now
        if self._called_from_another_thread() and moment > self.time():
            # The thread hands the call over at its own moment in virtual time,
            # which lies ahead of the loop's: the loop takes it then.
            self._check_closed()
            return self.call_at(moment, callback, *args, context=context)
        return super().call_soon_threadsafe(callback, *args, context=context)

    def create_task(self, coro, **kwargs):
        task = super().create_task(coro, **kwargs)
        if task._source_traceback:
            # Debug mode says where a task was created: not in this wrapper.
            del task._source_traceback[-1]
        label = getattr(coro, "__qualname__", type(coro).__name__)
        timeline.record(task.get_name(), "created", label=label)
        feedback.task_created(task, sys._getframe(1))
        return task

    async def shutdown_default_executor(self, timeout=None):
        self._executor_shutdown_called = True
        if self._default_executor is not None:
            self._default_executor.shutdown(wait=True)


# The base policy lost its public name in Python 3.14.
_BasePolicy = getattr(asyncio.events, "BaseDefaultEventLoopPolicy", None) or getattr(
    asyncio.events, "_BaseDefaultEventLoopPolicy"
)


class VirtualEventLoopPolicy(_BasePolicy):
    _loop_factory = VirtualEventLoop


# --- output from simulated threads -----------------------------------------


class _ThreadAwareStream:
    """Holds back what a simulated thread prints until its moment comes."""

    # Set once the sandbox stops the program: everything it prints after that
    # is dropped.
    silenced = False

    def __init__(self, target):
        self._target = target

    def write_notice(self, text):
        """Write the sandbox's own message, which no program state holds back."""
        return self._target.write(text)

    def write(self, text):
        if _ThreadAwareStream.silenced:
            return len(text)
        thread = clock.thread
        if thread is not None and thread.now > clock.now:
            if thread.loop is not None:
                # Scheduled now, so it keeps its place among anything else the
                # thread hands the loop at the same moment.
                thread.loop.call_at(thread.now, self._target.write, text)
            else:
                thread.output.append((thread.now, self._target, text))
            return len(text)
        return self._target.write(text)

    def __getattr__(self, name):
        return getattr(self._target, name)


def _emit(chunks):
    for _, stream, text in chunks:
        stream.write(text)


# --- simulated pools -------------------------------------------------------


class _Job:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.worker = None
        self.end = None
        self.outcome = None
        self.finish_handle = None


class _VirtualFuture(concurrent.futures.Future):
    """A pool future that, waited on outside a loop, blocks until its end time."""

    ready_at = 0.0

    def _block_until_ready(self):
        if clock.thread is None and self.ready_at > clock.now:
            clock.now = self.ready_at
            workbook_clock.moved_by("Future.result", sys._getframe(2))

    def result(self, timeout=None):
        self._block_until_ready()
        return super().result(timeout)

    def exception(self, timeout=None):
        self._block_until_ready()
        return super().exception(timeout)


def _refuse_waits_from_simulated_threads():
    """Make a simulated thread that waits on an unfinished future stop the run.

    A real thread would block until the loop finished the future (as with
    run_coroutine_threadsafe(...).result()); a simulated one cannot, and must
    not pretend: without this it would raise a made-up TimeoutError.
    """
    future_type = concurrent.futures.Future
    if getattr(future_type, "_workbook_refuses", False):
        return
    for name in ("result", "exception"):
        original = getattr(future_type, name)

        def waiting(self, timeout=None, _original=original, _name=name):
            thread = clock.thread
            if thread is not None and not self.done():
                raise NeedsRealThreads.waiting_on_the_loop(thread.name, f"Future.{_name}()")
            return _original(self, timeout)

        setattr(future_type, name, waiting)
    future_type._workbook_refuses = True


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _VirtualPool(concurrent.futures.Executor):
    _counter = itertools.count()
    _default_prefix = "ThreadPoolExecutor"

    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None,
                 initargs=(), **options):
        if max_workers is None:
            max_workers = self._default_workers()
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._prefix = thread_name_prefix or f"{self._default_prefix}-{next(self._counter)}"
        self._initializer = initializer
        self._initargs = initargs
        self._idle = []
        self._started = 0
        self._queue = collections.deque()
        self._running = []
        self._free_at = []
        self._shutdown = False

    @staticmethod
    def _default_workers():
        return min(32, (os.cpu_count() or 1) + 4)

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        job = _Job(_VirtualFuture(), fn, args, kwargs)
        loop = _running_loop()
        if loop is None:
            self._run_without_loop(job)
        else:
            self._queue.append(job)
            self._dispatch(loop)
        return job.future

    def _take_worker(self):
        if self._idle:
            self._idle.sort()
            return self._idle.pop(0)
        name = f"{self._prefix}_{self._started}"
        self._started += 1
        if self._initializer is not None:
            self._initializer(*self._initargs)
        return name

    def _dispatch(self, loop):
        while self._queue and len(self._running) < self._max_workers:
            job = self._queue.popleft()
            job.worker = self._take_worker()
            self._running.append(job)
            loop.call_soon(self._start, loop, job)

    def _execute(self, job, start, loop=None):
        """Run the job's function on a simulated thread starting at `start`.

        With a `loop`, what the job prints is handed to it at the moment printed;
        without one, it is returned for the caller to emit.
        """
        thread = VirtualThread(job.worker, start)
        thread.loop = loop
        timeline.record(job.worker, "running", t=start, kind="thread")
        previous, clock.thread = clock.thread, thread
        # A real worker thread has no running event loop of its own.
        outer_loop = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)
        try:
            job.outcome = (True, job.fn(*job.args, **job.kwargs))
        except BaseException as error:
            job.outcome = (False, error)
            if isinstance(error, SandboxStop):
                raise
        finally:
            asyncio.events._set_running_loop(outer_loop)
            clock.thread = previous
            # Set even when the run stops here, so shutting the pool down
            # later does not try to start the job again.
            job.end = job.future.ready_at = thread.now
        return thread.output

    def _start(self, loop, job):
        if not job.future.set_running_or_notify_cancel():
            self._running.remove(job)
            self._idle.append(job.worker)
            self._dispatch(loop)
            return
        self._execute(job, clock.now, loop)
        job.finish_handle = loop.call_at(job.end, self._finish, loop, job)

    def _settle(self, job):
        ok, value = job.outcome
        if ok:
            job.future.set_result(value)
        else:
            job.future.set_exception(value)
        timeline.record(job.worker, "done", t=job.end, kind="thread")

    def _finish(self, loop, job):
        self._running.remove(job)
        self._idle.append(job.worker)
        self._settle(job)
        self._dispatch(loop)

    def _run_without_loop(self, job):
        # Outside an event loop nobody can interleave with the pool, so the job
        # runs now on the first worker to come free and its output is printed
        # straight away.
        if self._started < self._max_workers:
            self._free_at.append((clock.now, self._take_worker()))
        self._free_at.sort()
        free_at, job.worker = self._free_at.pop(0)
        job.future.set_running_or_notify_cancel()
        output = self._execute(job, max(clock.now, free_at))
        _emit(output)
        self._free_at.append((job.end, job.worker))
        self._settle(job)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True
        if cancel_futures:
            while self._queue:
                self._queue.popleft().future.cancel()
        if not wait:
            return
        # Waiting inside a running loop blocks it: finish every job now, each
        # at its own end time, and move the clock past the last one.
        last = clock.now
        while self._running or self._queue:
            self._running.sort(key=lambda job: job.end if job.end is not None else clock.now)
            job = self._running.pop(0)
            if job.finish_handle is not None:
                job.finish_handle.cancel()
            if job.end is None:
                if not job.future.set_running_or_notify_cancel():
                    continue
                _emit(self._execute(job, clock.now))
            self._settle(job)
            last = max(last, job.end)
            if self._queue:
                queued = self._queue.popleft()
                queued.worker = job.worker
                queued.future.set_running_or_notify_cancel()
                _emit(self._execute(queued, job.end))
                self._running.append(queued)
        last = max([last] + [free_at for free_at, _ in self._free_at])
        if last > clock.now:
            clock.now = last
            if clock.thread is None:
                # Waiting for the pool (often at the end of a `with` block)
                # blocks a loop that is running.
                workbook_clock.moved_by(f"{self._default_prefix}.shutdown", sys._getframe(1))


class VirtualThreadPoolExecutor(_VirtualPool):
    """concurrent.futures.ThreadPoolExecutor, simulated in virtual time."""


class VirtualProcessPoolExecutor(_VirtualPool):
    """concurrent.futures.ProcessPoolExecutor, simulated in virtual time."""

    _default_prefix = "ProcessPoolExecutor"

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), **options):
        super().__init__(max_workers, "", initializer, initargs)

    @staticmethod
    def _default_workers():
        return os.cpu_count() or 1


def _patch_pools():
    concurrent.futures.ThreadPoolExecutor = VirtualThreadPoolExecutor
    concurrent.futures.ProcessPoolExecutor = VirtualProcessPoolExecutor
    for module_name, attribute, replacement in (
        ("concurrent.futures.thread", "ThreadPoolExecutor", VirtualThreadPoolExecutor),
        ("concurrent.futures.process", "ProcessPoolExecutor", VirtualProcessPoolExecutor),
    ):
        module = sys.modules.get(module_name)
        if module is not None:
            setattr(module, attribute, replacement)


# --- installation ----------------------------------------------------------


def _name_wakeups_as_cpython_does():
    """Make a pending task's repr name its wake-up callback as CPython's does.

    The sandbox runs asyncio's pure-Python Task, whose callback is the private
    method Task.__wakeup; CPython's C Task calls it Task.task_wakeup, and the
    loop's "Task was destroyed but it is pending!" report shows that name.
    """
    wakeup = getattr(asyncio.tasks.Task, "_Task__wakeup", None)
    if wakeup is not None:
        wakeup.__qualname__ = "Task.task_wakeup"


def _patch_asyncio():
    _name_wakeups_as_cpython_does()
    policy = VirtualEventLoopPolicy()
    setter = getattr(asyncio.events, "_set_event_loop_policy", None)
    if setter is None:
        setter = asyncio.set_event_loop_policy
    setter(policy)
    asyncio.SelectorEventLoop = VirtualEventLoop
    if hasattr(asyncio, "EventLoop"):
        asyncio.EventLoop = VirtualEventLoop
    unix_events = sys.modules.get("asyncio.unix_events")
    if unix_events is not None:
        unix_events.SelectorEventLoop = VirtualEventLoop


# The machine the sandbox simulates, wherever it runs, so that default pool
# sizes (min(32, cpu_count + 4) threads) are the same in CPython and the browser.
SIMULATED_CPUS = 4


def _refuse_os_threads():
    """Stop a program that starts an OS thread, where there is none to start.

    Without this, the single-threaded `_thread` would run the thread's whole
    function inside start(), before the caller's next line: a made-up order.
    """
    import threading

    if sys.implementation.name != "rustpython":
        return  # CPython's threads are real.

    def start(thread):
        raise NeedsRealThreads(f"it starts an OS thread ({thread.name}) with threading.Thread")

    threading.Thread.start = start


def install(virtual_limit=DEFAULT_VIRTUAL_LIMIT):
    """Put asyncio, time and the executors on virtual time, on a fresh clock."""
    workbook_clock.install(virtual_limit)
    _refuse_waits_from_simulated_threads()
    _refuse_os_threads()
    os.cpu_count = lambda: SIMULATED_CPUS
    if hasattr(os, "process_cpu_count"):
        os.process_cpu_count = lambda: SIMULATED_CPUS
    _patch_asyncio()
    _patch_pools()
    _ThreadAwareStream.silenced = False
    sys.stdout = _ThreadAwareStream(sys.stdout)
    sys.stderr = _ThreadAwareStream(sys.stderr)
