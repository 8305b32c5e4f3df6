"""Build script of the sample `rocm` meta package (gfxfleet's stand-in for TheRock's).

Only ever shipped as an sdist, so it runs on the installing machine: it loads
src/rocm_sdk/_dist_info.py (filled in when the sample was built), asks it for
the target family (ROCM_SDK_TARGET_FAMILY, else the GPU offload-arch reports,
else the build's default) and declares the requirements for that target.

kpack-split builds: the "families" are gfx targets, `libraries` is the
arch-neutral rocm-sdk-libraries, and every target gets a `device-<gfx>` extra
(plus `device` for the detected target and `device-all`). Legacy builds: one
rocm-sdk-libraries-<family> per family, chosen by the target family.
"""
import importlib.util
import sys
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent


def load_dist_info():
    # The installed package reads _dist_info at run time; the build needs it now, before
    # rocm_sdk is importable, so load it straight from its file.
    path = HERE / "src" / "rocm_sdk" / "_dist_info.py"
    spec = importlib.util.spec_from_file_location("rocm_sdk_build_dist_info", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


di = load_dist_info()
TARGET = di.determine_target_family()
print(f"rocm {di.__version__}: kpack_split={di.KPACK_SPLIT} target={TARGET} "
      f"available={di.AVAILABLE_TARGET_FAMILIES}")

install_requires = [p.requirement(TARGET) for p in di.ALL_PACKAGES.values() if p.required and p.dist_template != "rocm"]
extras = {p.logical_name: [p.requirement(TARGET)]
          for p in di.ALL_PACKAGES.values() if not p.required}
device = di.ALL_PACKAGES.get("device")
if device is not None:
    for target in di.AVAILABLE_TARGET_FAMILIES:
        extras[f"device-{target}"] = [device.requirement(target)]
    extras["device-all"] = [device.requirement(t) for t in di.AVAILABLE_TARGET_FAMILIES]
print(f"install_requires={install_requires} extras={sorted(extras)}")

setup(
    name="rocm",
    version=di.__version__,
    description="ROCm Python packages (gfxfleet sample meta package)",
    python_requires=">=3.9",
    package_dir={"": "src"},
    packages=find_packages(where="src"),
    package_data={"rocm_sdk.tests": ["outcomes.json"]},
    install_requires=install_requires,
    extras_require=extras,
    entry_points={"console_scripts": ["rocm-sdk = rocm_sdk.__main__:main"]},
)
