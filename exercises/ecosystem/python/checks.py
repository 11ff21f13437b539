import asyncio
import inspect
import time

from workbook_checks import check


async def run(learner, keys):
    """Calls get_profile concurrently for `keys` on a fresh cache; counts queries."""
    original, calls = learner.db_fetch, []

    async def counting_fetch(key):
        calls.append(key)
        return await original(key)

    # get_profile finds db_fetch in its module globals when it runs: patch it there
    learner.db_fetch = counting_fetch
    if isinstance(getattr(learner, "LOCKS", None), dict):
        learner.LOCKS.clear()  # locks from an earlier check belong to an older loop
    try:
        cache = learner.Cache()
        start = time.perf_counter()
        outcomes = [learner.get_profile(cache, key) for key in keys]
        assert all(inspect.isawaitable(o) for o in outcomes), (
            "get_profile(cache, key) returned a plain value: keep it an `async def`"
        )
        profiles = await asyncio.gather(*outcomes)
        return profiles, calls, time.perf_counter() - start, cache
    finally:
        learner.db_fetch = original


@check("returns the profile for each key")
async def right_values(learner):
    keys = ["ada", "bob", "ada"]
    profiles, _, _, _ = await run(learner, keys)
    expected = [f"profile of {key}" for key in keys]
    assert list(profiles) == expected, f"for {keys} got {list(profiles)}; expected {expected}"


@check("10 concurrent requests for one key query the database once")
async def one_query_per_key(learner):
    _, calls, elapsed, _ = await run(learner, ["ada"] * 10)
    assert len(calls) == 1, (
        f"10 concurrent get_profile('ada') calls made {len(calls)} db_fetch calls; "
        "expected 1. Each caller saw an empty cache before anyone had filled it: "
        "make the callers who miss wait for the first one (a lock per key), then "
        "look in the cache again"
    )
    assert elapsed < 0.8, (
        f"the 10 requests took {elapsed:.2f}s; one 0.5 s query plus a few 0.01 s "
        "cache round trips should take about 0.6 s"
    )


@check("different keys load side by side")
async def keys_in_parallel(learner):
    _, calls, elapsed, _ = await run(learner, ["ada"] * 5 + ["bob"] * 5)
    assert sorted(calls) == ["ada", "bob"], (
        f"5 requests for 'ada' and 5 for 'bob' made the db_fetch calls {sorted(calls)}; "
        "expected exactly ['ada', 'bob']"
    )
    assert elapsed < 0.9, (
        f"'ada' and 'bob' took {elapsed:.2f}s together, as if bob's query waited for "
        "ada's (about 1.0 s); they should overlap in about 0.6 s. One lock for every "
        "key serialises unrelated keys: keep one lock per key"
    )


@check("a warm cache answers without the database")
async def warm_cache(learner):
    _, _, _, cache = await run(learner, ["ada"])
    original, calls = learner.db_fetch, []

    async def counting_fetch(key):
        calls.append(key)
        return await original(key)

    learner.db_fetch = counting_fetch
    try:
        start = time.perf_counter()
        await learner.get_profile(cache, "ada")
        elapsed = time.perf_counter() - start
    finally:
        learner.db_fetch = original
    assert not calls and elapsed < 0.1, (
        f"asking again for 'ada' on the same cache made {len(calls)} db_fetch calls "
        f"and took {elapsed:.2f}s; expected 0 calls and about 0.01 s. Store the "
        "value with `await cache.set(key, value)` after loading it"
    )
