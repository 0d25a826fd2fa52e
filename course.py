"""Set up the course and run it: python3 course.py lab | test | setup | links | book.

  lab    set up .venv if needed, then open the course in JupyterLab (127.0.0.1, token on)
  test   set up .venv if needed, then run ruff, the unit tests and every notebook under nbval,
         the notebooks twice: with NumPy's default OpenBLAS kernel and with an older one
  setup  only set up .venv
  links  write the Binder badge in README.md and a Binder link atop every notebook, from the
         address in pyproject.toml; `links --hub https://HUB` prints nbgitpuller links instead
  book   set up .venv if needed, then build the course as a static HTML book that works offline
         into _build/book/ (book/build.py: Jupyter Book 1, from the stored outputs, no execution)

Setup creates .venv with the running Python, installs the pinned requirements-dev.txt (the
course's requirements.txt and the tools of book and test) and xorutils (editable), copies
JupyterLab's settings for the course (lab-settings/overrides.json: no news or update toast, no
extension manager) into .venv, and records what it installed; a re-run with nothing changed
installs nothing. Only the standard library is used here, so a fresh Python 3.11 is all it
needs.

Why two nbval passes: OpenBLAS picks a kernel for the CPU, kernels round differently in the
last bits, and a stored output once flipped on AVX-512 machines. Pass 1 is pytest as asked
(all of tests/ and notebooks/, or the arguments after `test`) with the environment's kernel
(NumPy's default unless the machine sets OPENBLAS_CORETYPE);
pass 2 re-runs the notebooks with OPENBLAS_CORETYPE=Sandybridge, an older kernel any x86-64
CPU can run. Pass 2 runs only when the arguments are empty (then over notebooks/) or name
paths in notebooks/ (then over those, with the same options); elsewhere, and on CPUs that are
not x86-64, it is skipped with the reason printed. Before each pass the kernel OpenBLAS really
runs is printed (asked in a subprocess with .venv's Python); pass 2 fails if the variable did
not take. The last line adds up both passes: "course test: N passed, M failed[, K skipped]".
The exit status is non-zero when ruff or either pass fails. On x86-64 both passes also turn
off NumPy's AVX-512 routines (see test_environment), so AVX-512 and AVX2 machines compute alike.
"""

import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import urllib.parse
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "xor-course-installed.txt"
INSTALL_INPUTS = ("requirements.txt", "requirements-dev.txt", "pyproject.toml", "lab-settings/overrides.json")
LAB_SETTINGS = Path("share", "jupyter", "lab", "settings", "overrides.json")  # JupyterLab reads it under sys.prefix
PYTHON = f"Python {platform.python_version()} at {sys.executable}"  # the interpreter .venv is built from
FORCED_KERNEL = "Sandybridge"  # OPENBLAS_CORETYPE for nbval pass 2: AVX, no AVX2 or AVX-512
AVX512_FEATURES = "X86_V4 AVX512_ICL AVX512_SPR"  # NumPy 2.4's names for its AVX-512 dispatch targets
COUNTS = "XOR_COURSE_PYTEST_COUNTS"  # file where `-p course` (pytest_terminal_summary) writes a pass's counts


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
    print("setup: installing requirements-dev.txt (the course and its tools) and xorutils (minutes the first time)")
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    run(pip + ["-r", str(ROOT / "requirements-dev.txt")])
    run(pip + ["--no-deps", "--editable", str(ROOT)])
    (VENV / LAB_SETTINGS).parent.mkdir(parents=True, exist_ok=True)
    (VENV / LAB_SETTINGS).write_bytes((ROOT / "lab-settings" / "overrides.json").read_bytes())
    STAMP.write_text(stamp)


def lab_command(notebooks_dir=None):
    """JupyterLab on the course, local-only, with Jupyter's own token authentication left on.

    It opens the first notebook: LabApp.default_url is the page the browser is sent to and the
    address printed with the token (a notebook path given as an argument opens the Launcher in
    JupyterLab 4). News, update checks and the extension manager are off through JupyterLab's
    own settings (lab-settings/overrides.json, installed by setup), so Binder gets them too;
    the read-only extension manager also keeps the server from querying PyPI if a learner
    turns the panel back on.
    """
    notebooks_dir = notebooks_dir or ROOT / "notebooks"
    notebooks = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    command = [
        str(venv_python()), "-m", "jupyter", "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={notebooks_dir}",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if notebooks:
        command.append(f"--LabApp.default_url=/lab/tree/{urllib.parse.quote(notebooks[0].name)}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root (a container?): Jupyter refuses without this
        command.append("--allow-root")
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
    # Pass 1 keeps the environment as it is: some machines set OPENBLAS_CORETYPE because other
    # kernels crash or compute wrongly there.
    default = test_environment(os.environ)
    forced = dict(default, OPENBLAS_CORETYPE=FORCED_KERNEL)
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    chosen = default.get("OPENBLAS_CORETYPE")
    origin = f"OPENBLAS_CORETYPE={chosen} in the environment" if chosen else "NumPy's default on this CPU"
    print(f"nbval pass 1: OpenBLAS kernel {openblas_kernel_in(default)} ({origin})", flush=True)
    codes = [run_pass(1, extra_arguments, default, totals)]
    second = notebook_arguments(extra_arguments)
    if second is None:
        print("nbval pass 2 skipped: the arguments name nothing in notebooks/ (name notebooks/ to run it)")
    elif platform.machine().lower() not in ("x86_64", "amd64"):
        print(f"nbval pass 2 skipped: {FORCED_KERNEL} is an x86-64 kernel and this CPU is {platform.machine()}")
    else:
        kernel = openblas_kernel_in(forced)
        if kernel.startswith("unknown") or kernel.lower() == FORCED_KERNEL.lower():
            print(f"nbval pass 2: OpenBLAS kernel {kernel} (forced: OPENBLAS_CORETYPE={FORCED_KERNEL})", flush=True)
            codes.append(run_pass(2, second, forced, totals))
        else:
            print(f"nbval pass 2 failed: OpenBLAS runs {kernel} although OPENBLAS_CORETYPE={FORCED_KERNEL}")
            codes.append(1)
    skipped = f", {totals['skipped']} skipped" if totals["skipped"] else ""
    print(f"course test: {totals['passed']} passed, {totals['failed']} failed{skipped}", flush=True)
    sys.exit(next((code for code in (*codes, ruff) if code), 0))


def test_environment(environment):
    """The environment of both passes: on x86-64, NumPy's AVX-512 code paths turned off.

    On AVX-512 processors NumPy computes exp, tanh and log with other routines than on AVX2
    ones, which differ in the last bits; the stored outputs come from the AVX2 routines, so
    every x86-64 machine runs those in the tests. (Learners' notebooks keep NumPy's choice.)
    """
    environment = dict(environment)
    if platform.machine().lower() in ("x86_64", "amd64"):
        environment.setdefault("NPY_DISABLE_CPU_FEATURES", AVX512_FEATURES)
    return environment


def notebook_arguments(arguments):
    """pytest arguments for nbval pass 2, or None when the user's arguments select no notebooks.

    No arguments: all of notebooks/. Arguments naming paths in notebooks/: the same arguments
    without the paths outside it (e.g. tests/), so options such as -x still apply.
    """
    if not arguments:
        return ["notebooks"]
    notebooks = (ROOT / "notebooks").resolve()
    paths = [argument for argument in arguments if is_path(argument)]
    elsewhere = [path for path in paths if not (ROOT / path.split("::")[0]).resolve().is_relative_to(notebooks)]
    if len(elsewhere) == len(paths):
        return None
    return [argument for argument in arguments if argument not in elsewhere]


def is_path(argument):
    """Whether a pytest argument names a file or folder (optionally with ::test), as pytest resolves it."""
    return not argument.startswith("-") and (ROOT / argument.split("::")[0]).exists()


def run_pass(number, arguments, environment, totals):
    """Run pytest once with `-p course` reporting its counts, add them to totals, return its exit code."""
    with tempfile.TemporaryDirectory(prefix="xor-course-test-") as folder:
        counts_file = Path(folder) / "counts.json"
        code = run(
            [str(venv_python()), "-m", "pytest", "-p", "course", *arguments],
            check=False,
            env=dict(environment, **{COUNTS: str(counts_file)}),
        )
        if not counts_file.exists():
            print(f"nbval pass {number}: pytest (exit code {code}) reported no counts, so the pass counts as failed")
            return code or 1
        for outcome, count in json.loads(counts_file.read_text()).items():
            totals[outcome] += count
    return code


def pytest_terminal_summary(terminalreporter):
    """pytest hook, active under `-p course`: write the run's counts to the file named by $XOR_COURSE_PYTEST_COUNTS.

    Counted as pytest's own summary line counts them; errors (collection, fixtures) count as failed.
    """
    if COUNTS not in os.environ:
        return

    def count(key):
        return sum(getattr(report, "count_towards_summary", True) for report in terminalreporter.stats.get(key, []))

    counts = {"passed": count("passed"), "failed": count("failed") + count("error"), "skipped": count("skipped")}
    Path(os.environ[COUNTS]).write_text(json.dumps(counts))


def openblas_kernel_in(environment):
    """The OpenBLAS kernel .venv's NumPy runs in this environment, or "unknown (why)"."""
    probe = subprocess.run(
        [str(venv_python()), "-c", "import course; print(course.openblas_kernel())"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if probe.returncode:
        reason = (probe.stderr.strip().splitlines() or [f"exit code {probe.returncode}"])[-1]
        return f"unknown ({reason})"
    return probe.stdout.strip()


def openblas_kernel():
    """Name of the CPU kernel NumPy's bundled OpenBLAS runs (needs NumPy: run with .venv's Python).

    OpenBLAS exports get_corename, renamed in NumPy's scipy-openblas build (e.g.
    scipy_openblas_get_corename64_), so the name is read from the library itself, not guessed.
    """
    import ctypes

    import numpy

    package = Path(numpy.__file__).parent
    folders = (package.parent / "numpy.libs", package / ".libs", package / ".dylibs")  # Linux, Windows, macOS wheels
    libraries = [library for folder in folders for library in sorted(folder.glob("*openblas*"))]
    if not libraries:
        raise LookupError(f"NumPy {numpy.__version__} bundles no OpenBLAS (built against another BLAS?)")
    for library in libraries:
        loaded = ctypes.CDLL(str(library))  # the copy NumPy already loaded: the same handle
        for symbol in symbol_names(library.read_bytes(), b"get_corename"):
            for name in (symbol, symbol.removeprefix("_")):  # macOS symbols carry a leading _
                if hasattr(loaded, name):
                    get_corename = getattr(loaded, name)
                    get_corename.restype = ctypes.c_char_p
                    return get_corename().decode()
    raise LookupError(f"no get_corename function in {', '.join(library.name for library in libraries)}")


def symbol_names(binary, part):
    """Identifiers containing part in a library's string tables (NUL-separated), sorted.

    Found with bytes.find and cut at the NULs around each hit: a regular expression such as
    \\w*part\\w* backtracks for minutes over the long runs of letters in a 25 MB library.
    """
    names = set()
    index = binary.find(part)
    while index != -1:
        candidate = binary[binary.rfind(b"\0", 0, index) + 1 : binary.find(b"\0", index)]
        if candidate.isascii() and candidate.decode().isidentifier():
            names.add(candidate.decode())
        index = binary.find(part, index + 1)
    return sorted(names)


def book():
    setup()
    run([str(venv_python()), str(ROOT / "book" / "build.py"), str(ROOT / "_build" / "book")])


def run(command, check=True, env=None):
    completed = subprocess.run(command, cwd=ROOT, env=env)
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
    elif action == "book":
        book()
    elif action == "links":
        import course_links  # standard library only, like this file

        course_links.main(sys.argv[2:])
    else:
        sys.exit(__doc__)
