"""The README's commands are the ones the project actually runs, and the lab opens as it says."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course  # noqa: E402

OVERRIDES = ROOT / "lab-settings" / "overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"  # JupyterLab's, in this environment


def readme_commands():
    return re.findall(r"^\s*(python3 course\.py \w+)\s*$", (ROOT / "README.md").read_text(), flags=re.M)


def test_readme_gives_the_lab_and_test_commands():
    commands = readme_commands()
    assert "python3 course.py lab" in commands and "python3 course.py test" in commands


def accepted_commands():
    """The subcommands course.py dispatches on (its `action == "..."` branches)."""
    main = (ROOT / "course.py").read_text().split('if __name__ == "__main__":')[1]
    return set(re.findall(r'action == "(\w+)"', main))


def test_every_command_the_readme_names_is_one_course_py_accepts():
    named = set(re.findall(r"python3(?:\.11)? course\.py (\w+)", (ROOT / "README.md").read_text()))
    assert named and named <= accepted_commands(), named - accepted_commands()


def test_course_py_docstring_lists_exactly_the_commands_it_accepts():
    listed = set(re.findall(r"^  (\w+)  ", course.__doc__, flags=re.M))
    first_line = set(course.__doc__.splitlines()[0].split(": python3 course.py ")[1].rstrip(".").split(" | "))
    assert listed == first_line == accepted_commands()


def test_an_unknown_command_prints_the_list_and_fails():
    completed = subprocess.run([sys.executable, str(ROOT / "course.py"), "bogus"], capture_output=True, text=True)
    assert completed.returncode == 1 and completed.stderr.strip() == course.__doc__.strip()


def test_lab_opens_the_first_notebook_by_its_default_url(tmp_path):
    for name in ("01_second.ipynb", "00_first one.ipynb", "notes.ipynb"):
        (tmp_path / name).write_text("{}")
    command = course.lab_command(tmp_path)
    assert "--LabApp.default_url=/lab/tree/00_first%20one.ipynb" in command
    # JupyterLab 4 opens the Launcher for a notebook path given as an argument: there must be none
    assert not [argument for argument in command if argument.endswith(".ipynb") and not argument.startswith("--")]


def lab_settings_schema(plugin):
    package, name = plugin.split(":")
    return json.loads((SCHEMAS / package / f"{name}.json").read_text())


def test_lab_settings_are_settings_jupyterlab_has_with_values_it_allows():
    """overrides.json names real plugins and settings (a typo would be ignored silently) with allowed values."""
    import jsonschema

    overrides = json.loads(OVERRIDES.read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}
    assert overrides["@jupyterlab/extensionmanager-extension:plugin"] == {"enabled": False}
    for plugin, values in overrides.items():
        properties = lab_settings_schema(plugin)["properties"]
        for key, value in values.items():
            assert key in properties, f"{plugin} has no setting {key!r}"
            jsonschema.validate(value, properties[key])


def test_setup_installed_the_lab_settings_where_jupyterlab_reads_them():
    from jupyterlab.commands import get_app_dir

    installed = Path(get_app_dir()) / "settings" / "overrides.json"
    assert installed == Path(sys.prefix) / course.LAB_SETTINGS  # JupyterLab's app dir is this environment's
    assert installed.read_bytes() == OVERRIDES.read_bytes()


def test_binder_installs_the_lab_settings_where_jupyterlab_reads_them(tmp_path):
    """postBuild's lines for the settings, run in a copy of the repository with JupyterLab's app dir moved."""
    lines = [line for line in (ROOT / "binder" / "postBuild").read_text().splitlines() if "settings" in line]
    (tmp_path / "lab-settings").mkdir()
    (tmp_path / "lab-settings" / "overrides.json").write_text(OVERRIDES.read_text())
    environment = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "JUPYTERLAB_DIR": str(tmp_path / "app")}
    script = "set -euo pipefail\n" + "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    subprocess.run(["bash", "-c", script], cwd=tmp_path, env=environment, check=True)
    assert (tmp_path / "app" / "settings" / "overrides.json").read_text() == OVERRIDES.read_text()


def test_environment_has_no_conflicting_requirements():
    """pip check: e.g. Binder's notebook 7.4.7 wants jupyterlab<4.5; the pinned notebook 7.6.x fits 4.6."""
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "python3 course.py test" in ci_lines


def test_environment_is_git_ignored():
    assert ".venv/" in (ROOT / ".gitignore").read_text().splitlines()


def test_lab_serves_only_localhost_and_only_with_the_token(tmp_path):
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    sys.path.insert(0, str(ROOT))
    import course

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = course.lab_command() + ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    log = tmp_path / "lab.log"
    env = {"JUPYTER_RUNTIME_DIR": str(tmp_path), "PATH": "", "HOME": str(tmp_path)}
    with open(log, "w") as sink:
        server = subprocess.Popen([sys.executable, *command[1:]], stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        token = None
        for _ in range(120):
            printed = rf"http://127\.0\.0\.1:{port}(/lab/tree/00_\w+\.ipynb)\?token=([0-9a-f]+)"
            found = re.search(printed, log.read_text())
            if found:
                page, token = found.groups()
                break
            time.sleep(0.5)
        assert token, log.read_text()
        status = f"http://127.0.0.1:{port}/api/status"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(status, timeout=10)
        assert refused.value.code == 403
        refused.value.close()
        with urllib.request.urlopen(f"{status}?token={token}", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{page}?token={token}", timeout=10) as response:
            assert response.status == 200 and "JupyterLab" in response.read().decode()  # the printed page is the lab
        if shutil.which("ss"):  # Linux: the socket must be bound to loopback, not to every interface
            listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
            assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_setup_installs_once_and_again_only_when_the_install_files_change(tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(ROOT))
    import course

    for name in course.INSTALL_INPUTS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / name).read_text())
    monkeypatch.setattr(course, "ROOT", tmp_path)
    monkeypatch.setattr(course, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(course, "STAMP", tmp_path / ".venv" / "stamp.txt")
    created, installs = [], []

    def fake_create(builder, directory):  # stands in for venv creation: just the interpreter file
        created.append(directory)
        course.venv_python().parent.mkdir(parents=True, exist_ok=True)
        course.venv_python().write_text("")

    monkeypatch.setattr(course.venv.EnvBuilder, "create", fake_create)
    monkeypatch.setattr(course, "run", lambda command, check=True: installs.append(command) or 0)

    course.setup()
    assert len(created) == 1 and len(installs) == 2  # requirements, then xorutils itself
    lab_settings = tmp_path / ".venv" / course.LAB_SETTINGS
    assert lab_settings.read_text() == OVERRIDES.read_text()  # and JupyterLab's settings for the course
    course.setup()
    assert len(created) == 1 and len(installs) == 2  # up to date: nothing reinstalled
    (tmp_path / "lab-settings" / "overrides.json").write_text("{}")
    course.setup()
    assert len(created) == 1 and len(installs) == 4 and lab_settings.read_text() == "{}"  # new settings installed
    installs.clear()
    (tmp_path / "requirements.txt").write_text((ROOT / "requirements.txt").read_text() + "\nrich==14.0.0\n")
    course.setup()
    assert len(created) == 1 and len(installs) == 2  # new pins: install again into the same .venv
    monkeypatch.setattr(course, "PYTHON", "Python 3.11.99 at /elsewhere/python3")
    course.setup()
    assert len(created) == 2  # another interpreter: rebuild .venv from scratch
