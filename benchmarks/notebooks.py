"""Execution time and kernel peak memory of every notebook, as nbval would run them.

    .venv/bin/python benchmarks/notebooks.py            # every notebook
    .venv/bin/python benchmarks/notebooks.py --only 02  # the notebooks whose names start with 02
    .venv/bin/python benchmarks/notebooks.py --limit-mib 700  # another memory limit (default 1024)

Targets (issue 3): all notebooks together in at most 45 s on a 2-core machine, and no
notebook's kernel above 1 GiB of peak memory: Binder gives each user 2 GB, which the kernel
shares with JupyterLab and with any other notebook left running. Each notebook runs in a fresh
kernel, like "Restart & Run All"; a last cell added in memory reads the kernel's own peak
resident size. A notebook over the memory limit is flagged in its row and makes the exit
status non-zero (the time target is only reported: it depends on the machine).
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
LIMIT_MIB = 1024  # kernel peak per notebook
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
    limit = float(sys.argv[sys.argv.index("--limit-mib") + 1]) if "--limit-mib" in sys.argv else LIMIT_MIB
    total, over = 0.0, []
    print(f"{'notebook':32} {'seconds':>8} {'kernel peak MiB':>16}")
    for path in paths:
        seconds, peak = run(path)
        total += seconds
        flag = f"   OVER the {limit:g} MiB limit" if peak / 2**20 > limit else ""
        if flag:
            over.append(path.name)
        print(f"{path.name:32} {seconds:8.1f} {peak / 2**20:16.0f}{flag}", flush=True)
    print(f"{'all together (target <= 45 s)':32} {total:8.1f}   (limit per kernel: {limit:g} MiB)")
    if over:
        sys.exit(f"kernel peak over {limit:g} MiB: {', '.join(over)}")


if __name__ == "__main__":
    main()
