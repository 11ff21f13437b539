"""Hidden checks for exercises: how checks.py files declare them and how they are graded.

A checks file imports `check` and decorates one function per check. Each check
receives the learner's module and either returns (pass) or raises
AssertionError whose message is shown to the reader as a tutor would say it.
Async checks each get a fresh event loop, so one check cannot leak into the next.
"""

import asyncio
import sys
import types

# The name the learner's code runs under, as its tracebacks show it.
LEARNER_FILE = "exercise.py"

_registered = []


def check(name):
    """Register the decorated function as a check named `name`."""

    def register(function):
        _registered.append((name, function))
        return function

    return register


def load_learner(source, filename=LEARNER_FILE):
    """Run the learner's code as the module `learner`, without its __main__ block."""
    module = types.ModuleType("learner")
    module.__file__ = filename
    sys.modules["learner"] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def _run_one(function, learner):
    outcome = function(learner)
    if asyncio.iscoroutine(outcome):
        asyncio.run(outcome)


def grade(learner_source, checks_source, filename=LEARNER_FILE):
    """Grade `learner_source` against `checks_source`; returns one dict per check."""
    del _registered[:]
    try:
        learner = load_learner(learner_source, filename)
    except Exception as error:
        return [{
            "name": "your code runs",
            "passed": False,
            "message": f"your code raised {type(error).__name__}: {error}",
        }]
    exec(compile(checks_source, "checks.py", "exec"), {"__name__": "checks"})
    results = []
    for name, function in list(_registered):
        try:
            _run_one(function, learner)
        except AssertionError as failure:
            results.append({"name": name, "passed": False, "message": str(failure)})
        except Exception as error:
            results.append({
                "name": name,
                "passed": False,
                "message": f"raised {type(error).__name__}: {error}",
            })
        else:
            results.append({"name": name, "passed": True, "message": ""})
    return results
