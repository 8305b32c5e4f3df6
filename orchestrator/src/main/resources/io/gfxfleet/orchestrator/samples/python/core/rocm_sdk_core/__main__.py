"""`rocm-sdk-core-info`: where the core platform tree is (a stand-in for hipcc & co)."""
import argparse
import pathlib

import _rocm_sdk_core
import rocm_sdk_core
import sample_runtime_dep


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rocm-sdk-core-info")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    args = parser.parse_args(argv)
    if args.version:
        print(f"rocm-sdk-core {rocm_sdk_core.__version__} ({sample_runtime_dep.describe()})")
        return
    print(pathlib.Path(_rocm_sdk_core.__file__).parent)


if __name__ == "__main__":
    main()
