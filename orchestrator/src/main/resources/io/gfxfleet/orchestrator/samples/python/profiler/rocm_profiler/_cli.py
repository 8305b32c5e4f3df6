"""Console scripts of the sample rocm-profiler: stand-ins for the rocprof-sys tools."""
import sys
from pathlib import Path


def _usage(tool):
    print(f"usage: {tool} [options] (rocprof-sys, gfxfleet sample)")


def rocprof_sys_avail():
    _usage(Path(sys.argv[0]).name)


def rocprof_sys_instrument():
    _usage(Path(sys.argv[0]).name)
