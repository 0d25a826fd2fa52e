"""The README's two commands are the ones the project actually runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands():
    return re.findall(r"^\s*(python3 course\.py \w+)\s*$", (ROOT / "README.md").read_text(), flags=re.M)


def test_readme_gives_the_lab_and_test_commands():
    commands = readme_commands()
    assert "python3 course.py lab" in commands and "python3 course.py test" in commands


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
            found = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)", log.read_text())
            if found:
                token = found.group(1)
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
    course.setup()
    assert len(created) == 1 and len(installs) == 2  # up to date: nothing reinstalled
    (tmp_path / "requirements.txt").write_text((ROOT / "requirements.txt").read_text() + "\nrich==14.0.0\n")
    course.setup()
    assert len(created) == 1 and len(installs) == 4  # new pins: install again into the same .venv
    monkeypatch.setattr(course, "PYTHON", "Python 3.11.99 at /elsewhere/python3")
    course.setup()
    assert len(created) == 2  # another interpreter: rebuild .venv from scratch
