import importlib
import pathlib
import unittest

from rocm_sdk import _dist_info
from rocm_sdk.tests._outcomes import behave, mark_expected_failures


def _platform_package():
    return importlib.import_module(_dist_info.libraries_platform_module())


class ROCmLibrariesTest(unittest.TestCase):
    def testLibrariesImport(self):
        behave(self, "libraries_test.testLibrariesImport")
        import rocm_sdk_libraries  # noqa: F401
        _platform_package()

    def testLibrariesFamily(self):
        behave(self, "libraries_test.testLibrariesFamily")
        self.assertEqual(_platform_package().FAMILY, _dist_info.determine_target_family())

    def testLibrariesSharedObjects(self):
        behave(self, "libraries_test.testLibrariesSharedObjects")
        libs = sorted((pathlib.Path(_platform_package().__file__).parent / "lib").glob("*.so*"))
        self.assertTrue(libs, "no shared libraries in the libraries platform package")
        for so_path in libs:
            with self.subTest(msg="Check shared library loads", so_path=so_path):
                self.assertTrue(so_path.read_bytes().startswith(b"\x7fELF"), f"{so_path} is not an ELF file")


mark_expected_failures(ROCmLibrariesTest, "libraries_test")
