"""Binder, proven without a Binder: what repo2docker would build, then the same steps replayed.

repo2docker (the tool behind mybinder.org and the course image for JupyterHub) runs here with
--no-build: it writes the Dockerfile it would build, which must take Python from
binder/runtime.txt, install binder/requirements.txt after the repository is copied in, and run
binder/postBuild. No Docker is needed for that, and none is used for the rest: the same steps are
replayed in a fresh Python 3.11 virtual environment (repo2docker's Jupyter base packages at the
versions it locks, then our requirements from the repository root, then postBuild in the
repository), where xorutils must import from site-packages and notebook 00 must run and print
what its stored outputs say.

Both work on a `git clone` of this repository, so they see what is committed, as Binder does.
The replay installs the whole environment (about 2 GB with TensorFlow; pip's cache makes a
repeat quick). Without repo2docker (the `jupyter-repo2docker` package in requirements-dev.txt) the
tests are skipped with the reason printed; under CI=true they fail instead.
"""

import configparser
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/00_xor_problem.ipynb"
SERVER_ONLY_CONDA_NAMES = {"python", "nodejs", "pip"}  # in repo2docker's base environment, not from PyPI
PIP_NAMES = {"jupyterhub-singleuser": "jupyterhub"}  # conda's name -> the PyPI package that provides it


def require_repo2docker():
    if importlib.util.find_spec("repo2docker"):
        return
    reason = "jupyter-repo2docker is not installed (it is pinned in requirements-dev.txt: run python3 course.py setup)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def run(command, **options):
    """Run a command; on failure, fail the test with its output (the last 3,000 characters)."""
    done = subprocess.run(command, capture_output=True, text=True, **options)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, command))} exited {done.returncode}:\n{(done.stdout + done.stderr)[-3000:]}")
    return done


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    require_repo2docker()
    folder = tmp_path_factory.mktemp("binder") / "xor-course"
    run(["git", "clone", "--quiet", str(ROOT), str(folder)])
    return folder


@pytest.fixture(scope="module")
def python_version(clone):
    runtime = (clone / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), f"binder/runtime.txt: {runtime!r}"
    return runtime.removeprefix("python-")


@pytest.fixture(scope="module")
def dockerfile(clone):
    """repo2docker's plan for the clone: its log and the Dockerfile it would build, as lines."""
    done = run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(clone)])
    return (done.stdout + done.stderr).splitlines()


def line_index(lines, *parts):
    found = [index for index, line in enumerate(lines) if all(part in line for part in parts)]
    assert len(found) == 1, f"one line with {parts} in repo2docker's output, found {len(found)}"
    return found[0]


def test_repo2docker_takes_python_from_runtime_txt_into_one_environment(dockerfile, python_version):
    assert f"Building conda environment for python={python_version}" in dockerfile
    # its locked base environment, environment.py-3.11-linux-64.lock (escapism-encoded: . -> -2e, - -> -2d)
    locked = f"environment.py-{python_version}-linux".replace("-", "-2d").replace(".", "-2e")
    line_index(dockerfile, "COPY", locked, "/tmp/env/environment.lock")
    # Server and kernel share one environment, so our pins meet JupyterLab's own packages there.
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile


def test_repo2docker_installs_our_requirements_after_copying_the_repository_then_runs_postbuild(dockerfile):
    copy = line_index(dockerfile, "COPY", "src/ ${REPO_DIR}/")
    install = line_index(dockerfile, "RUN", "pip install", '-r "binder/requirements.txt"')
    post_build = line_index(dockerfile, "RUN ./binder/postBuild")
    # binder/requirements.txt includes ../requirements.txt, so it can only be installed once
    # the whole repository is in the image; postBuild then installs xorutils from it.
    assert copy < install < post_build


def repo2docker_base_packages(python_version):
    """pip requirements for the Jupyter packages of repo2docker's base environment, at its locked versions."""
    # read from the installed package's files, without importing it (its logger warns on import)
    folder = Path(importlib.util.find_spec("repo2docker").origin).parent / "buildpacks" / "conda"
    wanted = (folder / f"environment.py-{python_version}.yml").read_text()
    lock = (folder / f"environment.py-{python_version}-linux-64.lock").read_text()
    packages = []
    for name in re.findall(r"^- ([A-Za-z0-9_.-]+)", wanted.split("dependencies:")[1], flags=re.M):
        if name in SERVER_ONLY_CONDA_NAMES:
            continue
        version = re.search(rf"/{re.escape(name)}-(\d[^-/]*)-[^-/]+\.(?:conda|tar\.bz2)#", lock)
        assert version, f"{name} is in repo2docker's environment.yml but not in its lock file"
        packages.append(f"{PIP_NAMES.get(name, name)}=={version.group(1)}")
    return packages


@pytest.fixture(scope="module")
def replay(clone, python_version, tmp_path_factory):
    """The Binder build's steps in a fresh virtual environment; returns what the tests look at."""
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == python_version, (
        f"the replay needs Python {python_version} (binder/runtime.txt); this is {sys.version.split()[0]}"
    )
    folder = tmp_path_factory.mktemp("replay")
    environment = folder / "env"
    scripts = environment / "bin"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "JUPYTER", "VIRTUAL"))}
    env.update(
        PATH=f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(environment),
        JUPYTER_CONFIG_DIR=str(folder / "jupyter-config"),  # no Jupyter settings from this machine's home
        JUPYTER_DATA_DIR=str(folder / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(folder / "jupyter-runtime"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    seconds = {}
    started = time.perf_counter()
    venv.EnvBuilder(with_pip=True).create(environment)
    pip = [str(scripts / "python"), "-m", "pip", "install", "--quiet"]
    run(pip + repo2docker_base_packages(python_version), env=env)
    seconds["base packages"] = time.perf_counter() - started
    run(pip + ["-r", "binder/requirements.txt"], cwd=clone, env=env)  # from the root, as repo2docker does
    seconds["requirements"] = time.perf_counter() - started - sum(seconds.values())
    run(["./binder/postBuild"], cwd=clone, env=env)
    seconds["postBuild"] = time.perf_counter() - started - sum(seconds.values())
    print("replay: " + ", ".join(f"{step} {value:.0f} s" for step, value in seconds.items()))
    yield {
        "python": scripts / "python",
        "environment": environment,
        "clone": clone,
        "env": env,
        "folder": folder,
        "left_in_repository": run(["git", "status", "--porcelain", "--ignored"], cwd=clone).stdout,
    }
    shutil.rmtree(environment)  # 2 GB: pytest keeps its last three temporary folders


def test_replay_imports_xorutils_from_site_packages_not_from_the_repository(replay):
    where = run(
        [replay["python"], "-c", "import sysconfig, xorutils; print(xorutils.__file__, sysconfig.get_path('purelib'))"],
        cwd=replay["folder"],  # not the repository, whose xorutils/ would shadow the installed one
        env=replay["env"],
    ).stdout.split()
    module, site_packages = map(Path, where)
    assert module.is_relative_to(site_packages), f"xorutils comes from {module}, not from {site_packages}"
    assert not module.resolve().is_relative_to(replay["clone"].resolve())


def test_postbuild_leaves_the_repository_as_cloned(replay):
    assert replay["left_in_repository"] == "", "postBuild left files in the learner's home"


def test_replay_environment_has_no_broken_requirements(replay):
    checked = subprocess.run(
        [replay["python"], "-m", "pip", "check"], capture_output=True, text=True, env=replay["env"]
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_replay_serves_nbgitpuller_for_the_hub_links(replay):
    listed = run([replay["environment"] / "bin" / "jupyter", "server", "extension", "list"], env=replay["env"])
    output = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # without the colour codes
    assert re.search(r"nbgitpuller\s+enabled", output) and re.search(r"nbgitpuller [\d.]+ OK", output), output


EXECUTE = """
import json, sys
import nbformat
from nbclient import NotebookClient

path, folder = sys.argv[1], sys.argv[2]
notebook = nbformat.read(path, as_version=4)
notebook.cells.append(nbformat.v4.new_code_cell("import sys, xorutils; print(sys.prefix); print(xorutils.__file__)"))
NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
print(json.dumps(notebook))
"""


def text_outputs(cell, sanitize):
    """A code cell's text outputs as nbval compares them: printed text and plain-text results, sanitized."""
    texts = []
    for output in cell["outputs"]:
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        for pattern, replacement in sanitize:
            text = re.sub(pattern, replacement, text)
        texts.append((output["output_type"], text))
    return texts


def test_notebook_00_runs_in_the_replay_and_prints_its_stored_outputs(replay):
    sys.path.insert(0, str(ROOT))
    import course

    env = course.test_environment(replay["env"])  # NumPy's AVX-512 routines off, as for nbval
    started = time.perf_counter()
    done = run(
        [replay["python"], "-c", EXECUTE, replay["clone"] / NOTEBOOK, replay["clone"] / "notebooks"],
        cwd=replay["clone"] / "notebooks",
        env=env,
    )
    print(f"replay: notebook 00 executed in {time.perf_counter() - started:.0f} s")
    executed = json.loads(done.stdout.splitlines()[-1])["cells"]
    stored = json.loads((replay["clone"] / NOTEBOOK).read_text())["cells"]
    prefix, module = executed[-1]["outputs"][0]["text"].split()
    assert Path(prefix) == replay["environment"] and not Path(module).is_relative_to(replay["clone"])
    rules = configparser.ConfigParser()
    rules.read(replay["clone"] / "tests" / "nbval_sanitize.cfg")
    sanitize = [(rules[section]["regex"], rules[section]["replace"]) for section in rules.sections()]
    assert len(executed) == len(stored) + 1
    for fresh, old in zip(executed, stored):
        if old["cell_type"] == "code" and "NBVAL_IGNORE_OUTPUT" not in "".join(old["source"]):
            assert text_outputs(fresh, sanitize) == text_outputs(old, sanitize), "".join(old["source"])
