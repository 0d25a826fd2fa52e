"""JupyterLab in headless Chromium, for the browser test and the latency benchmark.

A context manager starts JupyterLab on 127.0.0.1 with a random token, serving a temporary
copy of notebooks/, and a headless Chromium driven by Playwright; both are always shut down,
also when a check fails. What they would write under the home folder (Jupyter's config, data
and runtime files, JupyterLab's workspaces and settings, Chromium's crash reports) goes to that
temporary folder instead and is deleted with it; the language-server search, which would have
npm log to ~/.npm, is off. Chromium is Debian's package (.ci/run installs it): Playwright's own
browser download is not used.
"""

import itertools
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class", "Loading widget...")
# Polled while all cells run: {error: null} once every code cell ran and the kernel is idle,
# {cell, error: "ename: evalue"} as soon as any cell has an error output, false meanwhile.
RUN_FINISHED_OR_FAILED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = Array.from(w?.content?.model?.cells ?? []);
  for (const [index, cell] of cells.entries()) {
    const error = cell.type === 'code' && cell.outputs.toJSON().find(o => o.output_type === 'error');
    if (error) return {cell: index + 1, error: error.ename + ': ' + error.evalue};
  }
  const finished = w?.sessionContext?.session?.kernel?.status === 'idle' && cells.length > 0
    && cells.every(c => c.type !== 'code' || c.executionCount !== null);
  return finished && {error: null};
}"""


def find_chromium():
    """Path of a Chromium to drive, or None: $CHROMIUM, else chromium or chromium-browser on PATH."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((path for path in candidates if path and Path(path).exists()), None)


def chromium_or_skip():
    """Chromium's path; without one, skip the calling test (fail it under CI=true, where .ci/run installs it)."""
    import pytest

    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium found: .ci/run installs Debian's chromium package for this test")
        pytest.skip("no Chromium found: install Debian's chromium package (or set CHROMIUM) to run the browser test")
    return chromium


def playground_name():
    """File name of the playground notebook: its number changes as notebooks are added before it."""
    found = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_playground.ipynb"))
    if len(found) != 1:
        raise LookupError(f"expected one notebooks/NN_playground.ipynb, found {found or 'none'}")
    return found[0]


def jupyter_redirects(folder):
    """Environment for JupyterLab that sends what it would write under ~ into folder.

    Jupyter's config dir (~/.jupyter: a "migrated" marker and, by default, JupyterLab's
    workspaces and user settings), data dir (~/.local/share/jupyter: the notebook trust database
    and its secret) and runtime dir. The two JupyterLab variables are set too because a user's
    own values of them would override the config dir.
    """
    return {
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(folder / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(folder / "jupyter-runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / "lab-workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(folder / "lab-settings"),
    }


def chromium_redirects(folder):
    """Environment for Chromium: its crash reports (~/.config/chromium) and dconf files (~/.cache) into folder."""
    return {"XDG_CONFIG_HOME": str(folder / "xdg-config"), "XDG_CACHE_HOME": str(folder / "xdg-cache")}


@contextmanager
def jupyterlab_in_chromium(chromium, extra_notebooks=(), user_settings=None, browser=None):
    """Yield a Lab object whose open_and_run(name) runs a notebook in the browser.

    extra_notebooks: paths of notebooks to serve next to the course's, by file name.
    user_settings: {plugin id: {setting: value}}, saved as the user's own JupyterLab settings
    before the server starts (they take precedence over the course's overrides.json).
    browser: a Playwright browser already running, to use instead of launching chromium
    (Playwright's sync API cannot be started twice in one thread, e.g. inside another lab).
    """
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    import course

    folder = Path(tempfile.mkdtemp(prefix="xor-course-browser-"))
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    for notebook in extra_notebooks:
        shutil.copy(notebook, folder / "notebooks")
    for plugin, values in (user_settings or {}).items():
        package, name = plugin.split(":")  # "@scope/package:plugin" -> @scope/package/plugin.jupyterlab-settings
        path = folder / "lab-settings" / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    command = [sys.executable, *course.lab_command(folder / "notebooks")[1:]]  # this Python, the course's flags
    command += [
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run cells and read the model
        # No language-server search: it runs `npm prefix -g`, and npm logs to ~/.npm/_logs.
        "--LanguageServerManager.autodetect=False",
    ]
    log = open(folder / "server.log", "w")
    server = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, **jupyter_redirects(folder))
    )
    try:
        _wait_for_port(port, server, folder / "server.log")
        if browser is not None:
            yield Lab(browser, f"http://127.0.0.1:{port}", token, folder)
            return
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_FLAGS, env=dict(os.environ, **chromium_redirects(folder))
            )
            try:
                yield Lab(browser, f"http://127.0.0.1:{port}", token, folder)
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


class NotebookError(AssertionError):
    """A cell raised while a notebook ran in the browser."""


class Lab:
    def __init__(self, browser, url, token, folder):
        self.browser, self.url, self.token = browser, url, token
        self.folder = folder  # the temporary folder: served notebooks, logs, everything Jupyter writes
        self._pages = itertools.count()

    def printed_url(self):
        """The address JupyterLab printed for the learner to open, with the token filled in.

        Jupyter prints `token=...` in place of a token given on its command line, as here.
        """
        log = (self.folder / "server.log").read_text()
        found = re.search(rf"{re.escape(self.url)}/\S*\?token=(\.\.\.|[0-9a-f]+)", log)
        if found is None:
            raise LookupError(f"JupyterLab printed no address with a token:\n{log[-3000:]}")
        return found.group(0).replace("token=...", f"token={self.token}")

    @staticmethod
    def interruptions(page):
        """What covers the lab: the texts of JupyterLab 4's toasts (news, updates) and dialogs."""
        return page.evaluate(
            "() => Array.from(document.querySelectorAll('.Toastify__toast, .jp-Dialog'))"
            ".map(e => (e.classList.contains('jp-Dialog') ? 'dialog: ' : 'toast: ') + e.innerText.trim())"
        )

    def open_and_run(self, name, timeout_ms=180_000):
        """Open notebooks/name in a new page, run all cells, and return the page once the kernel is idle.

        Raises NotebookError as soon as a cell shows an error output: the cells after it never
        run, so waiting for them would only sit out the timeout.
        """
        page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        workspace = f"w{next(self._pages)}"  # a fresh workspace: no tabs restored from earlier pages
        page.goto(f"{self.url}/lab/workspaces/{workspace}/tree/{name}?token={self.token}")
        page.wait_for_function(
            "() => { const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;"
            " return k?.connectionStatus === 'connected' && k?.status === 'idle'; }",
            timeout=timeout_ms,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        outcome = page.wait_for_function(RUN_FINISHED_OR_FAILED, timeout=timeout_ms, polling=250).json_value()
        if outcome["error"]:
            page.close()
            raise NotebookError(f"{name}: cell {outcome['cell']} raised {outcome['error']}")
        page.wait_for_timeout(1500)  # let widget views finish rendering
        return page

    @staticmethod
    def error_outputs(page):
        """Error outputs stored in the notebook model, as 'ename: evalue'."""
        return page.evaluate(
            "() => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)"
            ".flatMap(c => c.type === 'code' ? c.outputs.toJSON() : [])"
            ".filter(o => o.output_type === 'error' || o.name === 'stderr')"
            ".map(o => o.output_type === 'error' ? o.ename + ': ' + o.evalue : 'stderr: ' + o.text)"
        )

    @staticmethod
    def widget_failures(page):
        text = page.evaluate("() => document.body.innerText")
        return [failure for failure in WIDGET_FAILURES if failure in text]

    @staticmethod
    def set_slider(page, label, value):
        """Type value into the slider's readout and press Enter, as a learner can."""
        slider = page.locator(".widget-slider", has=page.locator(".widget-label", has_text=label)).first
        readout = slider.locator(".widget-readout")
        for attempt in range(3):  # the page may still be scrolling or re-laying out outputs
            try:
                readout.click(timeout=10_000)
                break
            except Exception:
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
        page.keyboard.press("Enter")

    @staticmethod
    def choose(page, label, option):
        """Pick option (its visible text) in the dropdown labelled label."""
        dropdown = page.locator(".widget-dropdown", has=page.locator(".widget-label", has_text=label)).first
        dropdown.locator("select").select_option(label=option)

    @staticmethod
    def screenshot(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).stem}.png"), full_page=False)


def _wait_for_port(port, server, log_path, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log_path.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"JupyterLab did not listen on port {port} within {seconds} s")
