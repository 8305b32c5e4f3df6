"""Facts of this rocm distribution (gfxfleet's sample of TheRock's rocm_sdk/_dist_info.py).

The sample build fills in the constants below the BUILD CONSTANTS marker. setup.py
loads this file at build time to pick the requirements; the installed package reads
it at run time to find its packages and libraries.
"""
import importlib.util
import os
import subprocess
import sysconfig
from pathlib import Path

_CACHED_TARGET_FAMILY = None


class PackageEntry:
    """A distribution package of the SDK; '{target_family}' in its name makes it target specific."""

    def __init__(self, logical_name, dist_template, *, required=False):
        self.logical_name = logical_name
        self.dist_template = dist_template
        self.required = required
        ALL_PACKAGES[logical_name] = self

    @property
    def is_target_specific(self):
        return "{target_family}" in self.dist_template

    def dist_name(self, target_family=None):
        if self.is_target_specific and not target_family:
            raise ValueError(f"package {self.logical_name} is target specific, but no target was given")
        return self.dist_template.format(target_family=target_family)

    def requirement(self, target_family=None):
        return f"{self.dist_name(target_family)}=={__version__}"

    def platform_module(self, target_family=None):
        """The import name of the package's platform tree, e.g. _rocm_sdk_device_gfx942."""
        return "_" + self.dist_name(target_family).replace("-", "_")

    def is_installed(self, target_family=None):
        try:
            return importlib.util.find_spec(self.platform_module(target_family)) is not None
        except (ImportError, ValueError):
            return False

    def __repr__(self):
        return self.dist_template


class LibraryEntry:
    """A public shared library that rocm_sdk.preload_libraries finds by its short name."""

    def __init__(self, shortname, package, so_pattern):
        self.shortname = shortname
        self.package = package
        self.so_pattern = so_pattern
        ALL_LIBRARIES[shortname] = self


def _offload_arch_targets():
    """gfx targets offload-arch reports (one per line), or none when it is missing or fails."""
    env = dict(os.environ)
    env["PATH"] = sysconfig.get_path("scripts") + os.pathsep + env.get("PATH", "")
    try:
        out = subprocess.run(["offload-arch"], env=env, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in out.stdout.splitlines() if line.strip()] if out.returncode == 0 else []


def family_for_target(target):
    """The available family of a gfx target: gfx942 -> gfx94X-all|-dgpu|-igpu|-dcgpu, then families
    named after the whole target (gfx950 -> gfx950-dcgpu), else the bare target."""
    for stem in (target[:-1] + "X", target):
        for suffix in ("-all", "-dgpu", "-igpu", "-dcgpu"):
            if stem + suffix in AVAILABLE_TARGET_FAMILIES:
                return stem + suffix
    return target if target in AVAILABLE_TARGET_FAMILIES else None


def discover_current_target_family():
    for target in _offload_arch_targets():
        family = family_for_target(target)
        if family is not None:
            return family
    return None


def determine_target_family():
    """ROCM_SDK_TARGET_FAMILY, else what offload-arch finds, else the build's default.

    It must be one of AVAILABLE_TARGET_FAMILIES: in a kpack-split build those are gfx
    targets, so a family name such as gfx94X-dcgpu is refused.
    """
    global _CACHED_TARGET_FAMILY
    if _CACHED_TARGET_FAMILY is not None:
        return _CACHED_TARGET_FAMILY
    wanted = os.getenv("ROCM_SDK_TARGET_FAMILY") or discover_current_target_family() or DEFAULT_TARGET_FAMILY
    if wanted not in AVAILABLE_TARGET_FAMILIES and not KPACK_SPLIT and wanted.startswith("gfx"):
        wanted = family_for_target(wanted) or wanted
    if wanted not in AVAILABLE_TARGET_FAMILIES:
        raise ValueError(f"Requested ROCM_SDK_TARGET_FAMILY={wanted} is not available in the distribution "
                         f"(available: {', '.join(AVAILABLE_TARGET_FAMILIES)})")
    _CACHED_TARGET_FAMILY = wanted
    return wanted


def libraries_platform_installed(target_family):
    """Whether the GPU code of the libraries for this target is installed (what gates libraries_test)."""
    if KPACK_SPLIT:
        return ALL_PACKAGES["libraries"].is_installed() and ALL_PACKAGES["device"].is_installed(target_family)
    return ALL_PACKAGES["libraries"].is_installed(target_family)


ALL_PACKAGES = {}
ALL_LIBRARIES = {}

# ---- BUILD CONSTANTS (written by the sample build; these defaults only make the file importable) ----
__version__ = "0.0.0"
KPACK_SPLIT = True
DEFAULT_TARGET_FAMILY = "gfx942"
AVAILABLE_TARGET_FAMILIES = ["gfx942"]
FAMILY_TARGETS = {}
DISCOVERS_TESTS = True
# ---- END BUILD CONSTANTS ----

PackageEntry("meta", "rocm", required=True)
PackageEntry("core", "rocm-sdk-core", required=True)
if KPACK_SPLIT:
    PackageEntry("libraries", "rocm-sdk-libraries")
    PackageEntry("device", "rocm-sdk-device-{target_family}")
else:
    PackageEntry("libraries", "rocm-sdk-libraries-{target_family}")
PackageEntry("devel", "rocm-sdk-devel")
PackageEntry("profiler", "rocm-profiler")

LibraryEntry("amdhip64", "core", "libamdhip64.so*")
LibraryEntry("hiprtc", "core", "libhiprtc.so*")
LibraryEntry("hsa-runtime64", "core", "libhsa-runtime64.so*")
LibraryEntry("hipblaslt", "libraries", "libhipblaslt.so*")
LibraryEntry("rocblas", "libraries", "librocblas.so*")
