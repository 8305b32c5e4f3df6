"""`rocm-sdk`: test | version | targets | path | init, shaped like TheRock's rocm_sdk/__main__.py."""
import argparse
import importlib.util
import sys
import unittest
from pathlib import Path

from rocm_sdk import _dist_info


def _is_importable(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _do_test(args):
    modules = ["rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test"]
    target = _dist_info.determine_target_family()
    if _dist_info.libraries_platform_installed(target):
        modules.append("rocm_sdk.tests.libraries_test")
    else:
        print("NOTE: Skipping libraries tests (not installed for this arch)")
    if _is_importable("rocm_sdk_devel"):
        modules.append("rocm_sdk.tests.devel_test")
    if _is_importable("_rocm_profiler"):
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
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


def _do_version(args):
    print(_dist_info.__version__)


def _do_targets(args):
    target = _dist_info.determine_target_family()
    print(";".join(_dist_info.FAMILY_TARGETS.get(target, [target])))


def devel_root():
    """The devel platform tree, expanded on first use (the llvm link is made then, as TheRock's tarball holds it)."""
    spec = importlib.util.find_spec("_rocm_sdk_devel")
    if spec is None:
        raise SystemExit("rocm-sdk-devel is not installed: pip install rocm[devel]")
    root = Path(spec.origin).parent
    link = root / "llvm"
    if not link.is_symlink():
        link.symlink_to(Path("lib") / "llvm", target_is_directory=True)
    return root


def _do_path(args):
    root = devel_root()
    if args.bin:
        print(root / "bin")
    elif args.cmake:
        print(root / "lib" / "cmake")
    else:
        print(root)


def _do_init(args):
    print(f"Devel contents expanded to '{devel_root()}'")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rocm-sdk", description="ROCm SDK (gfxfleet sample)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("test", help="run the installation tests").set_defaults(func=_do_test)
    sub.add_parser("version", help="print the installed version").set_defaults(func=_do_version)
    sub.add_parser("targets", help="print the gfx targets of the target family").set_defaults(func=_do_targets)
    path = sub.add_parser("path", help="print paths of the devel tree")
    which = path.add_mutually_exclusive_group()
    which.add_argument("--bin", action="store_true")
    which.add_argument("--cmake", action="store_true")
    which.add_argument("--root", action="store_true")
    path.set_defaults(func=_do_path)
    sub.add_parser("init", help="expand the devel tree").set_defaults(func=_do_init)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
