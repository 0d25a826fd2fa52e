"""Set up the course and run it: python3 course.py lab | test | setup.

  lab    set up .venv if needed, then open the course in JupyterLab (127.0.0.1, token on)
  test   set up .venv if needed, then run the unit tests, every notebook under nbval, and ruff
  setup  only set up .venv

Setup creates .venv with the running Python, installs the pinned requirements.txt and
xorutils (editable), and records what it installed; a re-run with nothing changed installs
nothing. Only the standard library is used here, so a fresh Python 3.11 is all it needs.
"""

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "xor-course-installed.txt"
INSTALL_INPUTS = ("requirements.txt", "pyproject.toml")


def venv_python():
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def wanted_stamp():
    """What the environment must have been built from: the Python version and the install files."""
    digest = hashlib.sha256(sys.version.encode())
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup():
    if sys.version_info[:2] != (3, 11):
        print(
            f"warning: the course is pinned and tested on Python 3.11; this is {sys.version.split()[0]}",
            file=sys.stderr,
        )
    stamp = wanted_stamp()
    if venv_python().exists() and STAMP.exists() and STAMP.read_text().strip() == stamp:
        print("setup: .venv is up to date, nothing to install")
        return
    if not venv_python().exists():
        print(f"setup: creating {VENV.name}/ with {sys.executable}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("setup: installing requirements.txt and xorutils (a few minutes the first time)")
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    run(pip + ["-r", str(ROOT / "requirements.txt")])
    run(pip + ["--no-deps", "--editable", str(ROOT)])
    STAMP.write_text(stamp + "\n")


def lab():
    setup()
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    # A token of our own keeps authentication on even if a user config turned it off.
    token = secrets.token_hex(24)
    command = [
        str(venv_python()),
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        f"--IdentityProvider.token={token}",
    ]
    if notebooks:
        command.append(str(notebooks[0]))
    os.execv(command[0], command)  # hand the terminal to Jupyter: Ctrl+C stops it as usual


def test(extra_arguments):
    setup()
    pytest = run([str(venv_python()), "-m", "pytest", *extra_arguments], check=False)
    ruff = run([str(venv_python()), "-m", "ruff", "check", str(ROOT)], check=False)
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
