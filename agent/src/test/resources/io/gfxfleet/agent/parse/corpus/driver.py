"""rocm-sdk test's _do_test, with the ground-truth result class."""
import importlib.util
import sys
import unittest

import truth

names = list(sys.argv[1:])


def present(mod):
    return importlib.util.find_spec(mod) is not None


if present("rocm_sdk.tests.libraries_test"):
    names.append("rocm_sdk.tests.libraries_test")
else:
    print("NOTE: Skipping libraries tests (not installed for this arch)")
if present("rocm_sdk.tests.devel_test"):
    names.append("rocm_sdk.tests.devel_test")
loader = unittest.TestLoader()
suite = unittest.TestSuite()
for name in names:
    suite.addTests(loader.loadTestsFromName(name))
if loader.errors:
    print(f"WARNING: Test discovery had errors: {loader.errors}")
runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=3, resultclass=truth.TruthResult)
result = runner.run(suite)
if not result.wasSuccessful():
    sys.exit(1)
