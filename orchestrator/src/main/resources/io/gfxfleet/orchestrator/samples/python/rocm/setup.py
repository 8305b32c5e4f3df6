"""Build script of the sample `rocm` meta package (built by gfxfleet's tests).

Like TheRock's, it runs on the installing machine: it picks the GPU family
from ROCM_SDK_TARGET_FAMILY (a family name or a gfx target), falls back to the
family chosen when the sdist was built, declares the extras for that family
and bakes the choice into rocm_sdk/_dist_info.py.
"""
import json
import os
import pathlib

from setuptools import setup

HERE = pathlib.Path(__file__).resolve().parent
BUILD = json.loads((HERE / "sample_build.json").read_text(encoding="utf-8"))
VERSION = BUILD["version"]


def choose_family():
    wanted = os.environ.get("ROCM_SDK_TARGET_FAMILY", "").strip()
    if not wanted:
        return BUILD["default_family"]
    if wanted in BUILD["families"]:
        return wanted
    if wanted in BUILD["target_families"]:
        return BUILD["target_families"][wanted]
    raise SystemExit(
        f"ROCM_SDK_TARGET_FAMILY={wanted!r} is neither a family nor a gfx target of this build "
        f"(families: {', '.join(BUILD['families'])}; "
        f"targets: {', '.join(sorted(BUILD['target_families'])) or 'none'})")


FAMILY = choose_family()

DIST_INFO = f'''"""Facts of this rocm installation, written by setup.py when it was installed."""
import os

VERSION = {VERSION!r}
__version__ = VERSION
INSTALLED_FAMILY = {FAMILY!r}
DEFAULT_FAMILY = {BUILD["default_family"]!r}
KNOWN_FAMILIES = {BUILD["families"]!r}
TARGET_FAMILIES = {BUILD["target_families"]!r}
FAMILY_TARGETS = {BUILD["family_targets"]!r}
DISCOVERS_TESTS = {BUILD.get("discovers_tests", True)!r}


def determine_target_family():
    """ROCM_SDK_TARGET_FAMILY (a family or a gfx target), else the family chosen at install time."""
    wanted = os.environ.get("ROCM_SDK_TARGET_FAMILY", "").strip()
    if not wanted:
        return INSTALLED_FAMILY
    if wanted in KNOWN_FAMILIES:
        return wanted
    if wanted in TARGET_FAMILIES:
        return TARGET_FAMILIES[wanted]
    raise ValueError(f"ROCM_SDK_TARGET_FAMILY={{wanted!r}} is not a family or gfx target of this build")


def libraries_platform_module(family=None):
    """The import name of a family's libraries platform package."""
    return "_rocm_sdk_libraries_" + (family or determine_target_family()).replace("-", "_")
'''
(HERE / "rocm_sdk" / "_dist_info.py").write_text(DIST_INFO, encoding="utf-8")

setup(
    name="rocm",
    version=VERSION,
    description="ROCm Python packages (gfxfleet sample meta package)",
    python_requires=">=3.9",
    packages=["rocm_sdk", "rocm_sdk.tests"],
    package_data={"rocm_sdk.tests": ["outcomes.json"]},
    install_requires=[f"rocm-sdk-core=={VERSION}"],
    extras_require={
        "libraries": [f"rocm-sdk-libraries-{FAMILY}=={VERSION}"],
        "devel": [f"rocm-sdk-devel=={VERSION}", f"rocm-sdk-libraries-{FAMILY}=={VERSION}"],
        "profiler": [f"rocm-profiler=={VERSION}"],
    },
    entry_points={"console_scripts": ["rocm-sdk = rocm_sdk.__main__:main"]},
)
