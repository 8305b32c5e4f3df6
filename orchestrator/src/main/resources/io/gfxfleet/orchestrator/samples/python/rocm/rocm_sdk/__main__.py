"""`rocm-sdk`: test | version | targets, shaped like TheRock's rocm_sdk/__main__.py."""
import argparse
import importlib.util
import sys
import unittest

from rocm_sdk import _dist_info


def _is_importable(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _do_test(args):
    modules = ["rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test"]
    family = _dist_info.determine_target_family()
    if _is_importable(_dist_info.libraries_platform_module(family)):
        modules.append("rocm_sdk.tests.libraries_test")
    else:
        print("NOTE: Skipping libraries tests (not installed for this arch)")
    if _is_importable("rocm_sdk_devel"):
        modules.append("rocm_sdk.tests.devel_test")
    if _is_importable("rocm_profiler"):
        modules.append("rocm_sdk.tests.profiler_test")
    else:
        print("NOTE: Skipping profiler tests (not installed)")
    if not _dist_info.DISCOVERS_TESTS:
        # A build whose test package came out empty: nothing to load, and unittest still says OK.
        modules = []
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromNames(modules)
    if loader.errors:
        print(f"WARNING: Test discovery had errors: {loader.errors}")
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2)
    result = runner.run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


def _do_version(args):
    print(_dist_info.VERSION)


def _do_targets(args):
    family = _dist_info.determine_target_family()
    print(";".join(_dist_info.FAMILY_TARGETS.get(family, [])) or family)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rocm-sdk", description="ROCm SDK (gfxfleet sample)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("test", help="run the installation tests").set_defaults(func=_do_test)
    sub.add_parser("version", help="print the installed version").set_defaults(func=_do_version)
    sub.add_parser("targets", help="print the gfx targets of the target family").set_defaults(func=_do_targets)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
