"""The benchmark script is not a test of speed, but it must keep running as the code changes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_speed_benchmark_runs_and_prints_every_comparison():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    for row in ("hand-written loop", "eager GradientTape loop", "plain model.fit", "xorutils keras", "train_atlas"):
        assert row in completed.stdout
    assert completed.stderr == ""


def test_notebook_benchmark_runs_and_reports_time_and_memory():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "notebooks.py"), "--only", "00"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    row = next(line for line in completed.stdout.splitlines() if line.startswith("00_"))
    seconds, peak_mib = map(float, row.split()[1:])
    assert seconds > 0 and 10 < peak_mib < 100_000
