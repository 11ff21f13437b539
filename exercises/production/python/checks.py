import asyncio
import inspect
import os
import signal

from workbook_checks import check

JOBS = 10
SIGTERM_AT = 1.2  # seconds after start
LATE_AT = 1.5  # a client submits one more job, after the signal
PATIENCE = 10.0  # seconds after SIGTERM before we call run() stuck
# 10 jobs of 0.5 s on 2 workers: the accepted work ends at 2.5 s
WORK_ENDS_AT = 2.5


def names(jobs):
    """'job-1', 'job-1 and job-2', 'job-1, job-2 and job-3'."""
    jobs = list(jobs)
    if len(jobs) < 2:
        return "".join(jobs)
    return f"{', '.join(jobs[:-1])} and {jobs[-1]}"


class Outcome:
    def __init__(self):
        self.accepted = []  # jobs submit() said yes to
        self.refused = []  # jobs submit() said no to
        self.late = []  # (job, what submit() returned) for jobs sent after SIGTERM
        self.started = []
        self.finished = []
        self.last_finish = None
        self.returned_at = None  # None: run() had not returned in time
        self.pending_after = []  # tasks other than ours left once run() returned
        self.sigterm_unhandled = False


async def drive(learner):
    """Run a JobService: 10 jobs at 0 s, SIGTERM at 1.2 s, one more job at 1.5 s."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    outcome = Outcome()
    original = learner.handle

    async def watched_handle(job, done):
        outcome.started.append(job)
        await original(job, done)
        outcome.finished.append(job)
        outcome.last_finish = loop.time() - start

    unheard = loop.create_future()  # done if SIGTERM reaches only our stand-by handler

    def unhandled(signum, frame):
        outcome.sigterm_unhandled = True
        loop.call_soon_threadsafe(lambda: unheard.done() or unheard.set_result(None))

    def submit(job):
        accepted = service.submit(job)
        (outcome.accepted if accepted else outcome.refused).append(job)
        return accepted

    def submit_late(job):
        outcome.late.append((job, bool(submit(job))))

    # run() finds handle in its module globals when it runs: patch it there.
    # Our own SIGTERM handler stands by, so that a run() which installs none
    # cannot end the whole grading process.
    learner.handle = watched_handle
    previous = signal.signal(signal.SIGTERM, unhandled)
    timers = []
    try:
        service = learner.JobService()
        for n in range(1, JOBS + 1):
            submit(f"job-{n}")
        timers.append(loop.call_later(SIGTERM_AT, os.kill, os.getpid(), signal.SIGTERM))
        timers.append(loop.call_later(LATE_AT, submit_late, "job-11"))
        running = service.run()
        assert inspect.isawaitable(running), (
            "JobService.run() returned a plain value instead of something to await: "
            "keep it an `async def`"
        )
        task = asyncio.ensure_future(running)

        def returned(_):
            outcome.returned_at = loop.time() - start

        task.add_done_callback(returned)
        await asyncio.wait(
            {task, unheard}, timeout=SIGTERM_AT + PATIENCE, return_when=asyncio.FIRST_COMPLETED
        )
        if task.done():
            task.result()  # let an exception from run() reach the reader
            await asyncio.sleep(0)  # let tasks cancelled on the way out finish
        else:
            task.remove_done_callback(returned)
            task.cancel()
        me = asyncio.current_task()
        outcome.pending_after = [t for t in asyncio.all_tasks() if t is not me and t is not task]
        # a run() that returned early still meets the client's late job
        if loop.time() - start < LATE_AT:
            await asyncio.sleep(LATE_AT - (loop.time() - start) + 0.01)
        for leftover in outcome.pending_after:
            leftover.cancel()
        await asyncio.gather(task, *outcome.pending_after, return_exceptions=True)
    finally:
        for timer in timers:
            timer.cancel()
        unheard.cancel()
        learner.handle = original
        signal.signal(signal.SIGTERM, previous)
    return outcome


def not_returned(outcome):
    if outcome.sigterm_unhandled:
        return (
            "SIGTERM arrived at 1.20 s and found no handler of yours, so run() never "
            "heard of it. Keep the `loop.add_signal_handler(signal.SIGTERM, ...)` "
            "line at the start of run()"
        )
    return (
        f"run() had not returned {PATIENCE:.0f} s after SIGTERM (sent at "
        f"{SIGTERM_AT:.2f} s); {sum(job in outcome.finished for job in outcome.accepted)} "
        f"of {len(outcome.accepted)} "
        "accepted jobs had been handled by then. Once the queue is empty, the "
        "workers wait in queue.get() for ever: stop them, then return"
    )


@check("every accepted job is handled exactly once")
async def nothing_lost(learner):
    outcome = await drive(learner)
    assert outcome.returned_at is not None, not_returned(outcome)
    twice = sorted({job for job in outcome.finished if outcome.finished.count(job) > 1})
    assert not twice, (
        f"{names(twice)} {'was' if len(twice) == 1 else 'were'} handled more than "
        "once: each accepted job should run exactly one time"
    )
    late = dict(outcome.late)  # judged by the next check
    accepted = [job for job in outcome.accepted if job not in late]
    lost = [job for job in accepted if job not in outcome.finished]
    cut_off = [job for job in lost if job in outcome.started]
    queued = [job for job in lost if job not in outcome.started]
    details = []
    if cut_off:
        details.append(
            f"{names(cut_off)} started but never finished: cut off halfway when "
            "the workers were cancelled"
        )
    if queued:
        details.append(f"{names(queued)} never even started: still in the queue")
    if queued:
        advice = (
            "A graceful shutdown finishes the work it has already said yes to: "
            "stop the workers only once every accepted job is done"
        )
    else:
        advice = (
            "An empty queue does not mean the work is done: the jobs taken from "
            "it may still be running. queue.join() waits for those too, since "
            "each worker calls task_done() after its job"
        )
    assert not lost, (
        f"{len(lost)} of {len(accepted)} accepted jobs were never handled: "
        f"{names(lost)}. {'; '.join(details)}. {advice}"
    )


@check("no job is accepted once SIGTERM has arrived")
async def refuses_late_jobs(learner):
    outcome = await drive(learner)
    assert not outcome.sigterm_unhandled, not_returned(outcome)
    early_refused = [job for job in outcome.refused if job not in dict(outcome.late)]
    assert not early_refused, (
        f"submit() refused {names(early_refused)} before any signal arrived; "
        "the service should accept jobs until SIGTERM"
    )
    assert outcome.late, (
        f"run() returned at {outcome.returned_at:.2f} s, before the client's "
        f"submit at {LATE_AT:.2f} s could even happen; see the other checks"
        if outcome.returned_at is not None
        else not_returned(outcome)
    )
    job, accepted = outcome.late[0]
    if accepted:
        fate = (
            "and it was handled, but only by luck"
            if job in outcome.finished
            else "and then nobody ever ran it"
        )
        raise AssertionError(
            f"submit({job!r}) at {LATE_AT:.2f} s, after SIGTERM at {SIGTERM_AT:.2f} s, "
            f"returned True, {fate}. Once shutdown has begun, say no: set "
            "self.accepting = False as soon as the signal arrives, so that "
            "submit() returns False and the client can send the job elsewhere"
        )


@check("run() returns with no worker left running")
async def workers_finish(learner):
    outcome = await drive(learner)
    assert outcome.returned_at is not None, not_returned(outcome)
    left = len(outcome.pending_after)
    assert not left, (
        f"when run() returned at {outcome.returned_at:.2f} s, {left} "
        f"{'task was' if left == 1 else 'tasks were'} still pending (the workers, "
        "waiting in queue.get()?). Cancel the workers once the queue is drained, "
        "and await them before returning"
    )


@check("shutdown takes as long as the accepted work, and no longer")
async def prompt_exit(learner):
    outcome = await drive(learner)
    assert outcome.returned_at is not None, not_returned(outcome)
    ended = outcome.returned_at
    assert ended >= WORK_ENDS_AT - 0.05, (
        f"run() returned at {ended:.2f} s, but the {JOBS} jobs accepted before "
        f"SIGTERM, 0.5 s each, need {WORK_ENDS_AT:.2f} s on 2 workers: it gave up on "
        "work it had accepted instead of finishing it"
    )
    last = outcome.last_finish or 0.0
    assert ended <= max(last, WORK_ENDS_AT) + 0.05, (
        f"run() returned at {ended:.2f} s, {ended - last:.2f} s after the last job "
        f"finished at {last:.2f} s. Once the queue is drained there is nothing left "
        "to wait for: return straight away, and the orchestrator can start the "
        "new version sooner"
    )
