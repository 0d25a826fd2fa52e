"""Set up the course and run it: python3 course.py lab | test | setup.

  lab    set up .venv if needed, then open the course in JupyterLab (127.0.0.1, token on)
  test   set up .venv if needed, then run ruff, the unit tests and every notebook under nbval
  setup  only set up .venv

Setup creates .venv with the running Python, installs the pinned requirements.txt and
xorutils (editable), and records what it installed; a re-run with nothing changed installs
nothing. Only the standard library is used here, so a fresh Python 3.11 is all it needs.
"""

import hashlib
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "xor-course-installed.txt"
INSTALL_INPUTS = ("requirements.txt", "pyproject.toml")
PYTHON = f"Python {platform.python_version()} at {sys.executable}"  # the interpreter .venv is built from


def venv_python():
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def wanted_stamp():
    """What the environment must be built from: this Python, then a digest of the install files."""
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return f"{PYTHON}\n{digest.hexdigest()}\n"


def setup():
    if sys.version_info[:2] != (3, 11):
        print(f"warning: the course is pinned and tested on Python 3.11; this is {sys.version.split()[0]}")
    stamp = wanted_stamp()
    built = STAMP.read_text() if STAMP.exists() else ""
    if venv_python().exists() and built == stamp:
        print("setup: .venv is up to date, nothing to install")
        return
    if not venv_python().exists() or built.split("\n")[0] != PYTHON:
        print(f"setup: creating {VENV.name}/ with {sys.executable}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("setup: installing requirements.txt and xorutils (a few minutes the first time)")
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    run(pip + ["-r", str(ROOT / "requirements.txt")])
    run(pip + ["--no-deps", "--editable", str(ROOT)])
    STAMP.write_text(stamp)


def lab_command(notebooks_dir=None):
    """JupyterLab on the course, local-only, with Jupyter's own token authentication left on."""
    notebooks_dir = notebooks_dir or ROOT / "notebooks"
    notebooks = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    command = [
        str(venv_python()), "-m", "jupyter", "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={notebooks_dir}",
        # No network at run time: no PyPI extension manager, no news feed, no update check.
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root (a container?): Jupyter refuses without this
        command.append("--allow-root")
    if notebooks:
        command.append(str(notebooks[0]))
    return command


def lab():
    setup()
    command = lab_command()
    if "--allow-root" in command:
        print("lab: running as root (a container?), so passing --allow-root; the server is still local-only")
    os.execv(command[0], command)  # hand the terminal to Jupyter: Ctrl+C stops it as usual


def test(extra_arguments):
    setup()
    ruff = run([str(venv_python()), "-m", "ruff", "check", str(ROOT)], check=False)
    pytest = run([str(venv_python()), "-m", "pytest", *extra_arguments], check=False)
    sys.exit(pytest or ruff)


def run(command, check=True):
    completed = subprocess.run(command, cwd=ROOT)
    if check and completed.returncode:
        sys.exit(f"failed ({completed.returncode}): {' '.join(command)}")
    return completed.returncode


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "lab":
        lab()
    elif action == "test":
        test(sys.argv[2:])
    elif action == "setup":
        setup()
    else:
        sys.exit(__doc__)
