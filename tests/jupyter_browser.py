"""JupyterLab in headless Chromium, for the browser test and the latency benchmark.

A context manager starts JupyterLab on 127.0.0.1 with a random token, serving a temporary
copy of notebooks/, and a headless Chromium driven by Playwright; both are always shut down,
also when a check fails. Chromium is Debian's package (.ci/run installs it): Playwright's own
browser download is not used.
"""

import itertools
import os
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


def find_chromium():
    """Path of a Chromium to drive, or None: $CHROMIUM, else chromium or chromium-browser on PATH."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((path for path in candidates if path and Path(path).exists()), None)


@contextmanager
def jupyterlab_in_chromium(chromium):
    """Yield a Lab object whose open_and_run(name) runs a notebook in the browser."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    import course

    workspace = Path(tempfile.mkdtemp(prefix="xor-course-browser-"))
    shutil.copytree(ROOT / "notebooks", workspace / "notebooks")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    command = [sys.executable, *course.lab_command(workspace / "notebooks")[1:]]  # this Python, the course's flags
    command += [
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run cells and read the model
    ]
    environment = dict(os.environ, JUPYTER_RUNTIME_DIR=str(workspace / "runtime"))
    log = open(workspace / "server.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        _wait_for_port(port, server, workspace / "server.log")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            try:
                yield Lab(browser, f"http://127.0.0.1:{port}", token)
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
        shutil.rmtree(workspace, ignore_errors=True)


class Lab:
    def __init__(self, browser, url, token):
        self.browser, self.url, self.token = browser, url, token
        self._pages = itertools.count()

    def open_and_run(self, name, timeout_ms=180_000):
        """Open notebooks/name in a new page, run all cells, and return the page once the kernel is idle."""
        page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        workspace = f"w{next(self._pages)}"  # a fresh workspace: no tabs restored from earlier pages
        page.goto(f"{self.url}/lab/workspaces/{workspace}/tree/{name}?token={self.token}")
        page.wait_for_function(
            "() => { const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;"
            " return k?.connectionStatus === 'connected' && k?.status === 'idle'; }",
            timeout=timeout_ms,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            "() => { const w = window.jupyterapp.shell.currentWidget;"
            " const cells = Array.from(w?.content?.model?.cells ?? []);"
            " return w?.sessionContext?.session?.kernel?.status === 'idle' && cells.length > 0"
            " && cells.every(c => c.type !== 'code' || c.executionCount !== null); }",
            timeout=timeout_ms,
            polling=250,
        )
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
