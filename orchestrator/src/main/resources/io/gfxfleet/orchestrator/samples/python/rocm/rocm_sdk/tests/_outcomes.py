"""Test outcomes chosen by whoever built these sample packages.

Lookup order: the installed libraries wheel's table (one family's choices),
then this package's own outcomes.json (common to every family). A test that
is in neither table passes on its own merits.
"""
import json
import os
import pathlib
import signal
import sys
import time

_COMMON = pathlib.Path(__file__).with_name("outcomes.json")


def _load():
    table = {}
    if _COMMON.is_file():
        table.update(json.loads(_COMMON.read_text(encoding="utf-8")))
    try:
        import rocm_sdk_libraries
    except ImportError:
        return table
    family_file = pathlib.Path(rocm_sdk_libraries.__file__).with_name("sample_family.json")
    if family_file.is_file():
        table.update(json.loads(family_file.read_text(encoding="utf-8")).get("outcomes", {}))
    return table


TABLE = _load()


def outcome_of(key):
    return TABLE.get(key, {"outcome": "PASS"})


def mark_expected_failures(cls, module_key):
    """unittest decides 'expected failure' from the function before running it: mark it at import."""
    for name, func in vars(cls).items():
        if name.startswith("test") and callable(func):
            if outcome_of(f"{module_key}.{name}")["outcome"] in ("EXPECTED_FAILURE", "UNEXPECTED_SUCCESS"):
                func.__unittest_expecting_failure__ = True


def behave(test, key, own_subtests=False):
    """Acts out the chosen outcome; returns it when the test body should carry on."""
    spec = outcome_of(key)
    outcome = spec["outcome"]
    detail = spec.get("detail") or ""
    if outcome in ("PASS", "UNEXPECTED_SUCCESS"):
        return outcome
    if outcome == "FAIL":
        test.fail(detail or f"sample failure chosen for {key}")
    if outcome == "ERROR":
        raise RuntimeError(detail or f"sample error chosen for {key}")
    if outcome == "SKIP":
        test.skipTest(detail or f"sample skip chosen for {key}")
    if outcome == "EXPECTED_FAILURE":
        test.fail(detail or f"known failure of {key}")
    if outcome == "SUBTEST_FAIL":
        if own_subtests:
            return outcome
        for i, item in enumerate(["alpha", "beta", "gamma"]):
            with test.subTest(msg="Check sample item", item=item):
                if i == 1:
                    test.fail(detail or f"sample subTest failure chosen for {key}")
        return outcome
    if outcome == "SEGFAULT":
        sys.stdout.flush()
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(60)
    if outcome == "HANG":
        print(f"sample hang chosen for {key}", flush=True)
        while True:
            time.sleep(3600)
    if outcome == "SLOW":
        print(f"sample slow test {key}: sleeping {detail or 5} s", flush=True)
        time.sleep(float(detail or 5))
        return outcome
    if outcome == "HUGE_OUTPUT":
        line = "x" * 1023 + "\n"
        for _ in range(int(spec.get("megabytes") or 1) * 1024):
            sys.stdout.write(line)
        sys.stdout.flush()
        return outcome
    raise ValueError(f"unknown sample outcome {outcome!r} for {key}")
