"""The browser test's machinery: a raising cell fails the run in seconds, and ~ stays untouched.

Each test starts its own JupyterLab and Chromium on tiny notebooks written here, so a broken
course notebook cannot hide a broken harness (or the other way round).
"""

import json
import time
import urllib.request

import pytest
from jupyter_browser import NotebookError, chromium_or_skip, jupyterlab_in_chromium


def write_notebook(path, *sources):
    """A minimal notebook at path with one code cell per source, on the default python3 kernel."""
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": source}
        for i, source in enumerate(sources)
    ]
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    path.write_text(json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_a_raising_cell_fails_the_run_within_seconds_naming_the_error(tmp_path):
    broken = write_notebook(tmp_path / "raises.ipynb", "x = 1", "raise ValueError('deliberately broken')", "x + 1")
    with jupyterlab_in_chromium(chromium_or_skip(), extra_notebooks=[broken]) as lab:
        start = time.monotonic()
        with pytest.raises(NotebookError, match=r"^raises\.ipynb: cell 2 raised ValueError: deliberately broken$"):
            lab.open_and_run("raises.ipynb", timeout_ms=60_000)  # before the fix: a TimeoutError after 60 s
        seconds = time.monotonic() - start
    print(f"a raising cell failed the run {seconds:.1f} s after the page was opened")
    assert seconds < 30


def test_jupyterlab_and_chromium_write_nothing_under_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # a home of our own: nothing else writes there meanwhile
    fine = write_notebook(tmp_path / "fine.ipynb", "1 + 1")
    with jupyterlab_in_chromium(chromium_or_skip(), extra_notebooks=[fine]) as lab:
        lab.open_and_run("fine.ipynb").close()
        assert saved_workspaces(lab), "JupyterLab saved no workspace: nothing was put to the test"
        in_folder = [path.name for path in (lab.folder / "lab-workspaces").glob("*")]
    written = sorted(path.relative_to(home).as_posix() for path in home.rglob("*"))
    # The notebook's own IPython kernel keeps its profile (and history) in ~/.ipython, as in any Jupyter use.
    assert [path for path in written if not path.startswith(".ipython")] == []
    assert in_folder, "the workspace was not saved in the temporary folder"


def saved_workspaces(lab, seconds=10):
    """Ids of the workspaces JupyterLab has saved, wherever it keeps them, once there is one.

    The page saves its workspace shortly after its layout changes, so this waits up to seconds.
    """
    deadline = time.monotonic() + seconds
    while True:
        with urllib.request.urlopen(f"{lab.url}/lab/api/workspaces?token={lab.token}", timeout=10) as response:
            ids = json.load(response)["workspaces"]["ids"]
        if ids or time.monotonic() > deadline:
            return ids
        time.sleep(0.25)
