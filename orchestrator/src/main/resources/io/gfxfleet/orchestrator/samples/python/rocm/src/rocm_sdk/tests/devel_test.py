"""Devel installation tests: the devel tree, `rocm-sdk path` and the libraries mirrored into it."""
import importlib.util
import sys
import unittest
from pathlib import Path

import rocm_sdk
import rocm_sdk_devel
from rocm_sdk import _dist_info as di
from rocm_sdk.tests import utils
from rocm_sdk.tests._outcomes import behave, mark_expected_failures

M = "devel_test."


def _path(*args):
    return Path(utils.exec([sys.executable, "-m", "rocm_sdk", "path", *args], capture=True).decode().strip())


def _devel_root():
    return Path(importlib.util.find_spec("_rocm_sdk_devel").origin).parent


class ROCmDevelTest(unittest.TestCase):
    def testInstallationLayout(self):
        """The `rocm_sdk` and devel module must be siblings on disk."""
        behave(self, M + "testInstallationLayout")
        self.assertTrue(utils.siblings(rocm_sdk, rocm_sdk_devel), "rocm_sdk and rocm_sdk_devel are not siblings")

    def testCLIPathBin(self):
        behave(self, M + "testCLIPathBin")
        self.assertTrue((_path("--bin") / "hipconfig").is_file())

    def testCLIPathCMake(self):
        behave(self, M + "testCLIPathCMake")
        self.assertTrue((_path("--cmake") / "hip" / "hip-config.cmake").is_file())

    def testCLIPathRoot(self):
        behave(self, M + "testCLIPathRoot")
        self.assertTrue((_path("--root") / "include" / "hip" / "hip_runtime.h").is_file())

    def testCLIUsesDevelRootPath(self):
        behave(self, M + "testCLIUsesDevelRootPath")
        self.assertEqual(_path("--root").resolve(), _devel_root().resolve())

    def testRootLLVMSymlinkExists(self):
        behave(self, M + "testRootLLVMSymlinkExists")
        link = _path("--root") / "llvm"
        self.assertTrue(link.is_symlink(), f"{link} is not a symlink")
        self.assertTrue((link / "bin").is_dir(), f"{link} does not lead to the LLVM tree")

    def testSharedLibrariesLoad(self):
        behave(self, M + "testSharedLibrariesLoad")
        libs = utils.shared_libraries(_devel_root() / "lib")
        self.assertTrue(libs, "Expected the devel tree to contain shared libraries")
        for so_path in libs:
            with self.subTest(msg="Check shared library loads", so_path=so_path):
                utils.assert_elf(self, so_path)

    def testLibrariesMirroredIntoDevel(self):
        """Every installed library is mirrored into the devel tree."""
        behave(self, M + "testLibrariesMirroredIntoDevel")
        mirrored = {p.name for p in utils.shared_libraries(_devel_root() / "lib")}
        target = di.determine_target_family()
        for lib in di.ALL_LIBRARIES.values():
            package = di.ALL_PACKAGES[lib.package]
            if not package.is_installed(target if package.is_target_specific else None):
                continue
            with self.subTest(msg="Check library mirrored into devel", shortname=lib.shortname):
                self.assertIn(rocm_sdk.find_library(lib.shortname).name, mirrored)


mark_expected_failures(ROCmDevelTest, "devel_test")
