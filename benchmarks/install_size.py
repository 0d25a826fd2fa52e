"""What the first setup costs: the README's figures, measured again.

    python3 benchmarks/install_size.py                  # everything (several minutes, ~2x the download)
    python3 benchmarks/install_size.py --download-only  # only what `pip download` fetches

Runs `python3 course.py setup` exactly as a learner's first run does, on a copy of the install
files (course.py, requirements.txt, requirements-dev.txt, pyproject.toml, lab-settings/, xorutils/) in a temporary
folder, with pip's cache off (PIP_NO_CACHE_DIR=1), so it downloads everything and leaves the
project's .venv alone. Then it measures:

- download: the size of every file `pip download -r requirements-dev.txt` fetches into an empty folder
  (the wheels for this platform: tensorflow-cpu on Linux x86-64);
- setup time: the wall-clock time of that first `course.py setup` (download included, so it
  depends on the network as well as on the machine);
- .venv right after setup, and the project's .venv as it is now (Python's caches and whatever
  running the course wrote make it grow a little with use); sizes are disk usage, like `du -s`.

It prints each figure beside the README's sentences that give figures, to compare by eye.
MB and GB here are 10^6 and 10^9 bytes. Standard library only: run it with the Python you set
the course up with.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALL_FILES = ("course.py", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "lab-settings", "xorutils")


def disk_usage(folder):
    """Bytes the folder takes on disk (allocated blocks, hard links counted once), like `du -s`."""
    seen, total = set(), 0
    for directory, _, files in os.walk(folder):
        for name in files:
            status = os.lstat(os.path.join(directory, name))
            if (status.st_dev, status.st_ino) not in seen:
                seen.add((status.st_dev, status.st_ino))
                total += getattr(status, "st_blocks", 0) * 512 or status.st_size
    return total


def file_sizes(folder):
    """Bytes of the files in folder: what was downloaded."""
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def copy_install_files(destination):
    for name in INSTALL_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, destination / name)


def timed(command, **options):
    start = time.perf_counter()
    subprocess.run(command, check=True, **options)
    return time.perf_counter() - start


FIGURE = re.compile(r"\b\d[\d.,]*\s*(MB|GB|MiB|GiB|minutes?|seconds?|s)\b|\b(few|\w+) minutes\b")
TOPICS = ("setup", "download", ".venv", "takes")


def readme_figures():
    """The README's sentences that state a size or a duration of setting up or running the course."""
    text = " ".join((ROOT / "README.md").read_text().split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [line for line in sentences if FIGURE.search(line) and any(topic in line for topic in TOPICS)]


def main():
    download_only = "--download-only" in sys.argv
    environment = dict(os.environ, PIP_NO_CACHE_DIR="1")
    measured = []
    with tempfile.TemporaryDirectory(prefix="xor-course-install-size-") as folder:
        repo, download = Path(folder) / "repo", Path(folder) / "download"
        download.mkdir()
        python = sys.executable
        if not download_only:
            repo.mkdir()
            copy_install_files(repo)
            print("first setup: python3 course.py setup in a copy, pip cache off (a few minutes) ...", flush=True)
            seconds = timed([sys.executable, str(repo / "course.py"), "setup"], env=environment)
            measured.append(("first setup (course.py setup)", f"{seconds / 60:.1f} min ({seconds:.0f} s)"))
            measured.append((".venv right after the first setup", f"{disk_usage(repo / '.venv') / 1e9:.2f} GB"))
            python = str(repo / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        print("download: pip download -r requirements-dev.txt into an empty folder ...", flush=True)
        requirements = str(ROOT / "requirements-dev.txt")
        seconds = timed(
            [python, "-m", "pip", "download", "-q", "-r", requirements, "-d", str(download)], env=environment
        )
        files = sorted(download.iterdir(), key=lambda path: path.stat().st_size)
        measured.append(("download of the first setup", f"{file_sizes(download) / 1e6:.0f} MB in {len(files)} files"))
        measured.append(("  of which the largest file", f"{files[-1].stat().st_size / 1e6:.0f} MB ({files[-1].name})"))
        measured.append(("  time of that download", f"{seconds:.0f} s"))
    if (ROOT / ".venv").exists():
        measured.append(("the project's .venv now", f"{disk_usage(ROOT / '.venv') / 1e9:.2f} GB"))
    print(f"\nmeasured on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}:")
    for name, value in measured:
        print(f"  {name:46} {value}")
    print("\nthe README says:")
    for sentence in readme_figures():
        print(f"  - {sentence}")


if __name__ == "__main__":
    main()
