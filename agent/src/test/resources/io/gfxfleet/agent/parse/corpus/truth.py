"""Ground truth for the parser corpus: what unittest really did, written from inside the interpreter.

A TextTestResult that appends one JSON line per event to $TRUTH_FILE before unittest prints anything
for it, so a test killed mid-run still leaves its 'start'.
"""
import json
import os
import unittest


class TruthResult(unittest.TextTestResult):
    _out = None

    def _record(self, **event):
        if TruthResult._out is None:
            TruthResult._out = open(os.environ["TRUTH_FILE"], "a", buffering=1, encoding="utf-8")
        TruthResult._out.write(json.dumps(event) + "\n")
        TruthResult._out.flush()

    def startTest(self, test):
        self._record(ev="start", id=test.id())
        super().startTest(test)

    def addSuccess(self, test):
        self._record(ev="end", id=test.id(), st="passed")
        super().addSuccess(test)

    def addFailure(self, test, err):
        self._record(ev="end", id=test.id(), st="failed")
        super().addFailure(test, err)

    def addError(self, test, err):
        self._record(ev="end", id=test.id(), st="error")
        super().addError(test, err)

    def addSkip(self, test, reason):
        self._record(ev="end", id=test.id(), st="skipped")
        super().addSkip(test, reason)

    def addExpectedFailure(self, test, err):
        self._record(ev="end", id=test.id(), st="expected_failure")
        super().addExpectedFailure(test, err)

    def addUnexpectedSuccess(self, test):
        self._record(ev="end", id=test.id(), st="unexpected_success")
        super().addUnexpectedSuccess(test)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._record(ev="sub", id=test.id(), st="failed" if failed else "error")
        super().addSubTest(test, subtest, err)
