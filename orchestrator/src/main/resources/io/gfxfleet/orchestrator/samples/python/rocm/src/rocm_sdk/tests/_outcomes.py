"""Test outcomes chosen by whoever built these sample packages.

Lookup order: the per-family table shipped in the GPU-specific package (a kpack
run's rocm-sdk-device-<gfx> wheels, a legacy run's rocm-sdk-libraries-<family>
wheel), then this package's own outcomes.json (common to every family). A test
that is in neither table passes on its own merits.
"""
import importlib.util
import json
import os
import pathlib
import signal
import sys
import time

from rocm_sdk import _dist_info

_COMMON = pathlib.Path(__file__).with_name("outcomes.json")


def _family_tables():
    names = []
    if _dist_info.KPACK_SPLIT:
        names = [_dist_info.ALL_PACKAGES["device"].platform_module(t) for t in _dist_info.AVAILABLE_TARGET_FAMILIES]
    else:
        names = ["rocm_sdk_libraries"]
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except ImportError:
            spec = None
        if spec is not None and spec.origin:
            table = pathlib.Path(spec.origin).with_name("sample_outcomes.json")
            if table.is_file():
                yield json.loads(table.read_text(encoding="utf-8"))


def _load():
    table = {}
    if _COMMON.is_file():
        table.update(json.loads(_COMMON.read_text(encoding="utf-8")))
    for family_table in _family_tables():
        table.update(family_table)
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


def fails_subtest(outcome, index):
    """Whether a test with its own subTests fails this one (the second) for SUBTEST_FAIL."""
    return outcome == "SUBTEST_FAIL" and index == 1


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
                if fails_subtest(outcome, i):
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


def detail_of(key, default):
    return outcome_of(key).get("detail") or default
