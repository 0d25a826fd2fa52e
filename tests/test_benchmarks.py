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


def test_playground_latency_report_prints_the_target_and_the_breakdown():
    """The browser benchmark's summary of its records (measured in tests/test_browser.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from playground_latency import report

    timed = {"trainMs": 50.0, "drawMs": 80.0, "encodeMs": 20.0, "kernelMs": 170.0}
    records = [
        {"ms": ms, "lastView": view, "loads": 5, "draws": 1, **timed}
        for ms, view in ((200.0, "canvas"), (240.0, "picture"), (300.0, "canvas"))
    ]
    text = report("4 units, 1,000 epochs, XOR table", records, "median <= 250 ms")
    assert "median   240 ms, min   200, max   300   target: median <= 250 ms" in text
    assert "training 50, drawing 80, PNG encoding 20, kernel in all 170, messages and browser 70" in text
    assert "last to update: summary 0x, picture 1x, canvas 2x" in text
    untimed = [dict(record, **dict.fromkeys(timed)) for record in records]  # a lab that writes no timings
    assert "training n/a" in report("x", untimed, "none") and "messages and browser n/a" in report("x", untimed, "none")
