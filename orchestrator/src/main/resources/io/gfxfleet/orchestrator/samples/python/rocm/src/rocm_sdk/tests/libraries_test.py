"""Libraries installation tests: the libraries' host code and, on kpack builds, the target's device code."""
import importlib
import subprocess
import unittest
from pathlib import Path

import rocm_sdk
from rocm_sdk import _dist_info as di
from rocm_sdk.tests import utils
from rocm_sdk.tests._outcomes import behave, detail_of, fails_subtest, mark_expected_failures

M = "libraries_test."
TARGET = di.determine_target_family()
LIBRARIES = di.ALL_PACKAGES["libraries"]
libraries_mod = importlib.import_module(LIBRARIES.platform_module(TARGET if LIBRARIES.is_target_specific else None))
device_mod = importlib.import_module(di.ALL_PACKAGES["device"].platform_module(TARGET)) if di.KPACK_SPLIT else None

CONSOLE_SCRIPTS = [("hipblaslt-bench", ["--version"], "hipBLASLt")]


class ROCmLibrariesTest(unittest.TestCase):
    def testInstallationLayout(self):
        """The `rocm_sdk` and libraries module must be siblings on disk."""
        behave(self, M + "testInstallationLayout")
        self.assertTrue(utils.siblings(rocm_sdk, libraries_mod), "rocm_sdk and the libraries package are not siblings")
        if device_mod is not None:
            self.assertTrue(utils.siblings(rocm_sdk, device_mod), f"the device package of {TARGET} is not a sibling")
            packs = sorted((Path(device_mod.__file__).parent / "kpack").glob("*.kpack"))
            self.assertTrue(packs, f"no device code for {TARGET} in {device_mod.__name__}")

    def testSharedLibrariesLoad(self):
        outcome = behave(self, M + "testSharedLibrariesLoad", own_subtests=True)
        libs = utils.shared_libraries(Path(libraries_mod.__file__).parent / "lib")
        self.assertTrue(libs, "Expected libraries package to contain shared libraries")
        for i, so_path in enumerate(libs):
            with self.subTest(msg="Check shared library loads", so_path=so_path):
                if fails_subtest(outcome, i):
                    raise OSError(detail_of(M + "testSharedLibrariesLoad",
                                            f"{so_path.name}: cannot open shared object file"))
                utils.assert_elf(self, so_path)

    def testConsoleScripts(self):
        behave(self, M + "testConsoleScripts")
        for name, args, expected in CONSOLE_SCRIPTS:
            with self.subTest(msg=f"Check console-script {name}"):
                exe = utils.find_console_script(name)
                self.assertIsNotNone(exe, f"Console script {name} does not exist")
                out = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
                self.assertEqual(out.returncode, 0, out.stderr)
                self.assertIn(expected, out.stdout)


mark_expected_failures(ROCmLibrariesTest, "libraries_test")
