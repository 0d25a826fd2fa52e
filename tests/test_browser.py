"""The whole course in a real browser: every notebook runs in JupyterLab and the lab responds.

Runs wherever Chromium is installed; on a learner's machine without it the test is skipped
with the reason shown. Under CI (CI=true) a missing browser is a failure, not a skip.
"""

from pathlib import Path

import pytest
from jupyter_browser import Lab, chromium_or_skip, jupyterlab_in_chromium, playground_name

NOTEBOOKS = sorted(path.name for path in (Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab():
    with jupyterlab_in_chromium(chromium_or_skip()) as running:
        yield running


def open_as_a_learner(lab):
    """Open the address JupyterLab printed, as `python3 course.py lab` does; wait past the news check.

    Returns the page and the addresses it requested. JupyterLab's announcements plugin asks about
    news (or fetches news and updates) right after the lab is restored and its settings are
    loaded; the wait after that is long enough for the toast to show (the control test below
    sees it within the same wait).
    """
    page = lab.browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(lab.printed_url())
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'",
        timeout=120_000,
    )
    page.wait_for_timeout(5000)
    return page, requests


def test_the_printed_address_opens_notebook_00_and_nothing_covers_it(lab):
    """A fresh profile (the fixture's Jupyter config, data and settings folders are new and empty)."""
    page, requests = open_as_a_learner(lab)
    try:
        assert lab.printed_url().startswith(f"{lab.url}/lab/tree/{NOTEBOOKS[0]}?token=")
        opened = page.evaluate(
            "() => { const shell = window.jupyterapp.shell, w = shell.currentWidget;"
            " return {path: w?.context?.path, main: Array.from(shell.widgets('main')).includes(w),"
            " cells: w?.content?.model?.cells.length ?? 0}; }"
        )
        assert opened["path"] == NOTEBOOKS[0] and opened["main"] and opened["cells"] > 0, opened
        tabs = page.locator("#jp-main-dock-panel .lm-TabBar-tabLabel").all_text_contents()
        assert tabs == [NOTEBOOKS[0]], f"the main area should hold notebook 00 alone (no Launcher): {tabs}"
        assert Lab.interruptions(page) == []
        # overrides.json: no news feed, no update check, no extension manager; and nothing off this machine
        called = {url.split("?")[0] for url in requests}
        assert not {f"{lab.url}/lab/api/{name}" for name in ("news", "update", "extensions")} & called
        assert [url for url in called if not url.startswith((lab.url, "data:", "blob:"))] == []
        Lab.screenshot(page, "first_run")
    finally:
        page.close()


def test_control_without_the_courses_settings_the_news_toast_is_seen(lab):
    """The check above can fail: with JupyterLab's default for news ("ask"), it sees the toast."""
    ask = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "none"}}
    with jupyterlab_in_chromium(None, user_settings=ask, browser=lab.browser) as default_lab:
        page, _ = open_as_a_learner(default_lab)
        try:
            assert any("official Jupyter news" in text for text in Lab.interruptions(page))
        finally:
            page.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_errors_and_widgets_render(lab, name):
    page = lab.open_and_run(name)
    try:
        Lab.screenshot(page, name)
        assert Lab.error_outputs(page) == []
        assert Lab.widget_failures(page) == []
    finally:
        page.close()


def test_playground_controls_change_the_plots_and_the_summary(lab):
    name = playground_name()
    page = lab.open_and_run(name)
    try:
        summary = page.locator(".xor-summary").first
        boundary = page.locator(".widget-image").nth(1)
        # run-all leaves the page at the last cell; JupyterLab may not render cells out of view
        summary.scroll_into_view_if_needed()
        for label, value in (("units, layer 1", 2), ("learning rate", 0.5)):
            before_text, before_image = summary.text_content(), boundary.get_attribute("src")
            assert "final loss" in before_text, f"the lab has not drawn its first run: {before_text!r}"
            Lab.set_slider(page, label, value)
            page.wait_for_function(
                "([old]) => document.querySelector('.xor-summary').textContent !== old",
                arg=[before_text],
                timeout=30_000,
            )
            assert boundary.get_attribute("src") != before_image, f"moving {label!r} did not redraw the boundary"
        assert Lab.widget_failures(page) == [] and Lab.error_outputs(page) == []
        page.locator(".widget-image").first.scroll_into_view_if_needed()
        Lab.screenshot(page, f"{Path(name).stem}_after_changes")
    finally:
        page.close()


def test_latency_benchmark_measures_in_the_browser(lab):
    """benchmarks/playground_latency.py's measurement works (a few changes; no speed is asserted)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from playground_latency import measure

    page = lab.open_and_run(playground_name())
    try:
        times = measure(page, 4)
        assert len(times) == 4 and all(t > 0 for t in times)
    finally:
        page.close()
