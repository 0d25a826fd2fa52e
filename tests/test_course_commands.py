"""The README's two commands are the ones the project actually runs."""

import re
from pathlib import Path

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
