"""Sample of TheRock's `rocm_sdk` package: the `rocm-sdk` command, library preloading and its tests."""
import fnmatch
import importlib
import os
import re
import warnings
from pathlib import Path

from rocm_sdk import _dist_info

__version__ = _dist_info.__version__

# Libraries preloaded into this process, by short name. The sample's shared objects are
# placeholders (ELF magic only), so "loading" one checks it rather than dlopen()-ing it.
_ALL_CDLLS = {}


def _package_root(entry):
    target = _dist_info.determine_target_family() if entry.is_target_specific else None
    return Path(importlib.import_module(entry.platform_module(target)).__file__).parent


def find_library(shortname):
    """The path of a public library by short name (e.g. amdhip64)."""
    lib = _dist_info.ALL_LIBRARIES.get(shortname)
    if lib is None:
        raise ModuleNotFoundError(f"unknown ROCm library {shortname!r}")
    root = _package_root(_dist_info.ALL_PACKAGES[lib.package])
    found = sorted(p for p in (root / "lib").iterdir() if fnmatch.fnmatch(p.name, lib.so_pattern))
    if not found:
        raise FileNotFoundError(f"{lib.so_pattern} not found in {root / 'lib'}")
    return found[0]


def preload_libraries(*shortnames):
    for name in shortnames:
        if name in _ALL_CDLLS:
            continue
        path = find_library(name)
        if not path.read_bytes().startswith(b"\x7fELF"):
            raise OSError(f"{path}: invalid ELF header")
        _ALL_CDLLS[name] = path


def _version_matches(wanted):
    if isinstance(wanted, re.Pattern):
        return wanted.fullmatch(__version__) is not None
    return wanted == "*" or wanted == __version__


def initialize_process(preload_shortnames=(), check_version=None, fail_on_version_mismatch=False):
    """Preloads libraries (arguments and ROCM_SDK_PRELOAD_LIBRARIES, split on ',' or ';') and checks the version."""
    names = list(preload_shortnames)
    names += [n.strip() for n in re.split(r"[,;]", os.getenv("ROCM_SDK_PRELOAD_LIBRARIES", "")) if n.strip()]
    preload_libraries(*names)
    if check_version is not None and not _version_matches(check_version):
        message = (f"The program was compiled against a ROCm version matching {check_version!r} "
                   f"but the installed version is {__version__}")
        if fail_on_version_mismatch:
            raise RuntimeError(message)
        warnings.warn(message, UserWarning, stacklevel=2)
