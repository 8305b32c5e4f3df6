"""Helpers of the sample tests (TheRock's tests have a utils module of the same role)."""
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path


def exec(cmd, capture=False):
    """Runs a command as TheRock's tests do, announcing it with '++ Exec [cwd]$ cmd'."""
    print(f"++ Exec [{os.getcwd()}]$ {shlex.join(str(c) for c in cmd)}", flush=True)
    if capture:
        return subprocess.check_output(cmd)
    subprocess.check_call(cmd)
    return None


def find_console_script(name):
    """The console script in this interpreter's scripts folder, or None."""
    return shutil.which(name, path=sysconfig.get_path("scripts") + os.pathsep + str(Path(sys.executable).parent))


def shared_libraries(root):
    return sorted(p for p in Path(root).rglob("*.so*") if p.is_file())


def assert_elf(test, path):
    test.assertTrue(Path(path).read_bytes().startswith(b"\x7fELF"), f"{path}: invalid ELF header")


def siblings(a, b):
    return Path(a.__file__).parent.parent == Path(b.__file__).parent.parent
