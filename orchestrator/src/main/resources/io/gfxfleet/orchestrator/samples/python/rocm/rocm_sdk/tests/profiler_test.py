import unittest

from rocm_sdk import _dist_info
from rocm_sdk.tests._outcomes import behave, mark_expected_failures


class ROCmProfilerTest(unittest.TestCase):
    def testProfilerImport(self):
        behave(self, "profiler_test.testProfilerImport")
        import rocm_profiler
        self.assertEqual(rocm_profiler.__version__, _dist_info.VERSION)


mark_expected_failures(ROCmProfilerTest, "profiler_test")
