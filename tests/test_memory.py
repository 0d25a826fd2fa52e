"""xorutils keeps NumPy's freed temporaries for reuse on Linux with glibc (xorutils/_memory.py)."""

import platform
import subprocess
import sys
from pathlib import Path

import pytest

from xorutils import _memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt exists only on Linux with glibc")
def test_the_thresholds_are_set_on_glibc():
    assert _memory.keep_freed_memory() is True


def test_elsewhere_nothing_is_touched(monkeypatch):
    monkeypatch.setattr(platform, "system", lambda: "Darwin")
    assert _memory.keep_freed_memory() is False


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt exists only on Linux with glibc")
def test_benchmark_compares_both_settings_and_the_curves_agree_to_the_bit():
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "memory_reuse.py"
    done = subprocess.run([sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "glibc's defaults" in done.stdout and "xorutils'" in done.stdout
    assert "same loss curve to the last bit: True" in done.stdout
