"""Execution time and kernel peak memory of every notebook, as nbval would run them.

    .venv/bin/python benchmarks/notebooks.py            # every notebook
    .venv/bin/python benchmarks/notebooks.py --only 02  # the notebooks whose names start with 02

Targets (issue 3): all notebooks together in at most 45 s on a 2-core machine, and no
notebook's kernel above 1 GiB of peak memory. Each notebook runs in a fresh kernel, like
"Restart & Run All"; a last cell added in memory reads the kernel's own peak resident size.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PEAK = (  # ru_maxrss is in KiB on Linux, bytes on macOS
    "import resource, sys\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == 'darwin' else 1024))"
)


def run(path):
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK))
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak_bytes = int(notebook.cells[-1].outputs[0]["text"])
    return seconds, peak_bytes


def main():
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if "--only" in sys.argv:
        paths = [path for path in paths if path.name.startswith(sys.argv[sys.argv.index("--only") + 1])]
    total = 0.0
    print(f"{'notebook':32} {'seconds':>8} {'kernel peak MiB':>16}")
    for path in paths:
        seconds, peak = run(path)
        total += seconds
        print(f"{path.name:32} {seconds:8.1f} {peak / 2**20:16.0f}")
    print(f"{'all together (target <= 45 s)':32} {total:8.1f}   (limit per kernel: 1024 MiB)")


if __name__ == "__main__":
    main()
