"""`course.py test` runs nbval twice: NumPy's default OpenBLAS kernel, then Sandybridge forced.

A stored output once flipped on AVX-512 machines, because OpenBLAS kernels round differently
in the last bits. Most tests here fake subprocess.run (as the setup test fakes pip) and the
CPU; the last ones ask the real OpenBLAS and run a real pytest.
"""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course  # noqa: E402

NOTEBOOK = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0].relative_to(ROOT).as_posix()
ON_X86_64 = platform.machine().lower() in ("x86_64", "amd64")


class FakeRuns:
    """Stands in for subprocess.run: ruff, the kernel probe and each pytest pass, as configured."""

    def __init__(self, counts=(), codes=(), kernels=None, ruff=0):
        self.counts, self.codes, self.ruff = list(counts), list(codes), ruff
        self.kernels = kernels or {None: "Haswell", "Sandybridge": "Sandybridge"}  # by OPENBLAS_CORETYPE
        self.pytest_runs = []  # (arguments after "-p course", environment)

    def __call__(self, command, cwd=None, env=None, capture_output=False, text=False):
        if command[1:3] == ["-m", "ruff"]:
            return subprocess.CompletedProcess(command, self.ruff)
        if command[1] == "-c":  # the kernel probe
            kernel = self.kernels[env.get("OPENBLAS_CORETYPE")]
            if kernel is None:
                return subprocess.CompletedProcess(command, 1, "", "Traceback ...\nLookupError: no get_corename\n")
            return subprocess.CompletedProcess(command, 0, kernel + "\n", "")
        assert command[1:5] == ["-m", "pytest", "-p", "course"], command
        self.pytest_runs.append((command[5:], env))
        Path(env[course.COUNTS]).write_text(json.dumps(self.counts[len(self.pytest_runs) - 1]))
        return subprocess.CompletedProcess(command, self.codes[len(self.pytest_runs) - 1])


def run_test_command(monkeypatch, capsys, fake, machine="x86_64", arguments=()):
    """course.test(arguments) with fake subprocesses on a faked CPU: (exit code, printed lines)."""
    monkeypatch.setattr(course, "setup", lambda: None)
    monkeypatch.setattr(course.subprocess, "run", fake)
    monkeypatch.setattr(course.platform, "machine", lambda: machine)
    with pytest.raises(SystemExit) as exit_:
        course.test(list(arguments))
    return exit_.value.code, capsys.readouterr().out.splitlines()


def test_second_pass_runs_the_notebooks_with_sandybridge_forced_on_x86_64(monkeypatch, capsys):
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)  # as on a machine that sets none
    fake = FakeRuns(counts=[{"passed": 3}, {"passed": 2}], codes=[0, 0])
    code, lines = run_test_command(monkeypatch, capsys, fake)
    (first, first_env), (second, second_env) = fake.pytest_runs
    assert first == [] and "OPENBLAS_CORETYPE" not in first_env
    assert second == ["notebooks"] and second_env["OPENBLAS_CORETYPE"] == "Sandybridge"
    assert first_env["NPY_DISABLE_CPU_FEATURES"] == second_env["NPY_DISABLE_CPU_FEATURES"] == course.AVX512_FEATURES
    assert "nbval pass 1: OpenBLAS kernel Haswell (NumPy's default on this CPU)" in lines
    assert "nbval pass 2: OpenBLAS kernel Sandybridge (forced: OPENBLAS_CORETYPE=Sandybridge)" in lines
    assert code == 0


def test_a_kernel_the_machine_sets_is_kept_for_pass_1(monkeypatch, capsys):
    """Some machines set OPENBLAS_CORETYPE because other kernels crash there: pass 1 must not undo it."""
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Sandybridge")
    fake = FakeRuns(counts=[{"passed": 3}, {"passed": 2}], codes=[0, 0])
    code, lines = run_test_command(monkeypatch, capsys, fake)
    (_, first_env), _ = fake.pytest_runs
    assert first_env["OPENBLAS_CORETYPE"] == "Sandybridge" and code == 0
    assert "nbval pass 1: OpenBLAS kernel Sandybridge (OPENBLAS_CORETYPE=Sandybridge in the environment)" in lines


@pytest.mark.parametrize(("machine", "turned_off"), [("x86_64", True), ("AMD64", True), ("arm64", False)])
def test_avx512_routines_are_turned_off_only_on_x86_64(monkeypatch, machine, turned_off):
    monkeypatch.setattr(course.platform, "machine", lambda: machine)
    environment = course.test_environment({"PATH": "/bin"})
    assert environment.get("NPY_DISABLE_CPU_FEATURES") == (course.AVX512_FEATURES if turned_off else None)
    assert environment["PATH"] == "/bin"


def test_second_pass_is_skipped_with_the_reason_on_other_cpus(monkeypatch, capsys):
    fake = FakeRuns(counts=[{"passed": 3}], codes=[0])
    code, lines = run_test_command(monkeypatch, capsys, fake, machine="arm64")
    assert len(fake.pytest_runs) == 1
    assert "nbval pass 2 skipped: Sandybridge is an x86-64 kernel and this CPU is arm64" in lines
    assert code == 0


def test_closing_line_adds_up_both_passes(monkeypatch, capsys):
    counts = [{"passed": 250, "failed": 0, "skipped": 2}, {"passed": 40, "failed": 1, "skipped": 0}]
    code, lines = run_test_command(monkeypatch, capsys, FakeRuns(counts=counts, codes=[0, 1]))
    assert lines[-1] == "course test: 290 passed, 1 failed, 2 skipped"
    assert code == 1


@pytest.mark.parametrize(
    "codes, ruff, expected",
    [((0, 0), 0, 0), ((1, 0), 0, 1), ((0, 1), 0, 1), ((0, 0), 1, 1), ((2, 0), 0, 2)],
    ids=["all pass", "pass 1 fails", "pass 2 fails", "ruff fails", "pass 1 interrupted"],
)
def test_a_failing_pass_or_ruff_makes_the_exit_code_non_zero(monkeypatch, capsys, codes, ruff, expected):
    fake = FakeRuns(counts=[{"passed": 1}, {"passed": 1}], codes=codes, ruff=ruff)
    code, _ = run_test_command(monkeypatch, capsys, fake)
    assert code == expected and len(fake.pytest_runs) == 2


def test_pass_2_fails_without_running_when_openblas_ignores_the_forced_kernel(monkeypatch, capsys):
    fake = FakeRuns(counts=[{"passed": 3}], codes=[0], kernels={None: "Haswell", "Sandybridge": "Haswell"})
    code, lines = run_test_command(monkeypatch, capsys, fake)
    assert len(fake.pytest_runs) == 1
    assert "nbval pass 2 failed: OpenBLAS runs Haswell although OPENBLAS_CORETYPE=Sandybridge" in lines
    assert code == 1


def test_an_unknown_kernel_is_reported_and_both_passes_still_run(monkeypatch, capsys):
    fake = FakeRuns(counts=[{"passed": 3}, {"passed": 2}], codes=[0, 0], kernels={None: None, "Sandybridge": None})
    code, lines = run_test_command(monkeypatch, capsys, fake)
    assert len(fake.pytest_runs) == 2
    assert "nbval pass 1: OpenBLAS kernel unknown (LookupError: no get_corename) (NumPy's default on this CPU)" in lines
    assert lines[-1] == "course test: 5 passed, 0 failed" and code == 0


def test_a_pass_that_reports_no_counts_fails(monkeypatch, capsys):
    def no_counts(command, **kwargs):  # pytest stopped before its summary, e.g. on a usage error
        return subprocess.CompletedProcess(command, 0, "Haswell\n" if command[1] == "-c" else "", "")

    code, lines = run_test_command(monkeypatch, capsys, no_counts, machine="arm64")
    assert "nbval pass 1: pytest (exit code 0) reported no counts, so the pass counts as failed" in lines
    assert code == 1


@pytest.mark.parametrize(
    "arguments, second",
    [
        ([], ["notebooks"]),
        (["-x"], None),
        (["tests/test_course_commands.py", "-x"], None),
        ([NOTEBOOK, "-x"], [NOTEBOOK, "-x"]),
        ([f"{NOTEBOOK}::Cell 0"], [f"{NOTEBOOK}::Cell 0"]),
        (["tests/test_course_commands.py", "notebooks", "-k", "Cell"], ["notebooks", "-k", "Cell"]),
    ],
)
def test_pass_2_runs_on_the_notebooks_the_arguments_name(arguments, second):
    assert course.notebook_arguments(arguments) == second


def test_pass_2_skip_for_arguments_without_notebooks_is_printed(monkeypatch, capsys):
    fake = FakeRuns(counts=[{"passed": 3}], codes=[0])
    _, lines = run_test_command(monkeypatch, capsys, fake, arguments=["tests/test_course_commands.py"])
    assert fake.pytest_runs[0][0] == ["tests/test_course_commands.py"] and len(fake.pytest_runs) == 1
    assert "nbval pass 2 skipped: the arguments name nothing in notebooks/ (name notebooks/ to run it)" in lines


@pytest.mark.skipif(not ON_X86_64, reason="OPENBLAS_CORETYPE=Sandybridge applies to x86-64 CPUs only")
def test_real_openblas_runs_sandybridge_when_forced():
    default = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
    kernel = course.openblas_kernel_in(default)
    assert kernel and not kernel.startswith("unknown"), kernel
    assert course.openblas_kernel_in(dict(default, OPENBLAS_CORETYPE="Sandybridge")) == "Sandybridge"


def test_counts_plugin_writes_what_pytest_counted(tmp_path):
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\n"
        "@pytest.fixture\ndef broken():\n    raise RuntimeError\n\n"
        "def test_a(): pass\n\ndef test_b(): pass\n\ndef test_c(): assert False\n\n"
        "def test_d(broken): pass\n\ndef test_e(): pytest.skip('no')\n"
    )
    counts = tmp_path / "counts.json"
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **{course.COUNTS: str(counts)})
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "course", "-p", "no:cacheprovider", "test_sample.py"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert json.loads(counts.read_text()) == {"passed": 2, "failed": 2, "skipped": 1}


def test_symbol_names_are_whole_identifiers_between_nuls():
    table = b"\x7fELF\0dgemm_\0scipy_openblas_get_corename64_\0get_corename: %s failed\0_get_corename\0"
    assert course.symbol_names(table, b"get_corename") == ["_get_corename", "scipy_openblas_get_corename64_"]
