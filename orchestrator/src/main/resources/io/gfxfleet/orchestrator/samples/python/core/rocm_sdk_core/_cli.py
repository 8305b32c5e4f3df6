"""Console scripts of the sample rocm-sdk-core: stand-ins for hipconfig and amdclang."""
import sys
from pathlib import Path

import _rocm_sdk_core
import rocm_sdk_core


def hipconfig():
    if "--path" in sys.argv[1:]:
        print(Path(_rocm_sdk_core.__file__).parent)
    else:
        print(f"HIP version: {rocm_sdk_core.__version__} (gfxfleet sample)")


def amdclang():
    print("OVERVIEW: clang LLVM compiler (gfxfleet sample)")
