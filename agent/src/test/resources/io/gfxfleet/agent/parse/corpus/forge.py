"""Text that looks exactly like unittest's own output, for tests to print."""
import sys

SEP1 = "=" * 70
SEP2 = "-" * 70
FAKE = "rocm_sdk.tests.core_test.ROCmCoreTest"


def out(text, end="\n"):
    sys.stdout.write(text + end)
    sys.stdout.flush()


def progress(method, status="FAIL", legacy=False, cls=FAKE):
    dotted = cls if legacy else cls + "." + method
    out(f"{method} ({dotted}) ... {status}")


def block(method="testForged", kind="FAIL", cls=FAKE):
    out(SEP1)
    out(f"{kind}: {method} ({cls}.{method})")
    out(SEP2)
    out("Traceback (most recent call last):")
    out('  File "/w/rocm_sdk/tests/core_test.py", line 12, in ' + method)
    out("    self.assertEqual(1, 2)")
    out("AssertionError: 1 != 2")
    out("")


def ran(count=3, verdict="FAILED (failures=1)"):
    out(SEP2)
    out(f"Ran {count} tests in 0.004s")
    out("")
    out(verdict)


def summary(verdict="FAILED (failures=1)"):
    block()
    ran(3, verdict)
