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


def first_lab(page):
    """The output area of the playground notebook's first lab (the notebook holds several labs)."""
    return page.locator(".jp-Cell-outputArea", has=page.locator(".xor-summary")).first


def output_map(lab_area):
    """The first lab's output-map picture: by its alt text or title if it has one, else second in order.

    The lab shows more pictures than it used to (unit maps, the network drawing), so no count is
    assumed: the loss curve comes first and the output map second in every version of the lab.
    """
    named = lab_area.locator(
        ".widget-image[alt*='output' i], .widget-image[title*='output' i], .widget-image[alt*='boundary' i]"
    )
    return named.first if named.count() else lab_area.locator(".widget-image").nth(1)


def drawn_run(lab_area):
    return lab_area.locator(".xor-summary").get_attribute("data-run")


def wait_for_new_run(page, lab_area, old_run, timeout=30_000):
    """Wait until the lab's summary line says a newer run has been drawn."""
    area = lab_area.element_handle()  # the summary line's element is replaced at each run; the area stays
    page.wait_for_function(
        "([area, old]) => area.querySelector('.xor-summary')?.dataset.run !== old",
        arg=[area, old_run],
        timeout=timeout,
    )


def test_playground_controls_change_the_plots_and_the_summary(lab):
    name = playground_name()
    page = lab.open_and_run(name)
    try:
        area = first_lab(page)
        summary = area.locator(".xor-summary")
        boundary = output_map(area)
        # run-all leaves the page at the last cell; JupyterLab may not render cells out of view
        summary.scroll_into_view_if_needed()
        for label, value in (("units, layer 1", 2), ("learning rate", 0.5)):
            before_run, before_image = drawn_run(area), boundary.get_attribute("src")
            assert "final loss" in summary.text_content(), (
                f"the lab has not drawn its first run: {summary.text_content()!r}"
            )
            Lab.set_slider(page, label, value)
            wait_for_new_run(page, area, before_run)
            assert boundary.get_attribute("src") != before_image, f"moving {label!r} did not redraw the output map"
        assert Lab.widget_failures(page) == [] and Lab.error_outputs(page) == []
        area.locator(".widget-image").first.scroll_into_view_if_needed()
        Lab.screenshot(page, f"{Path(name).stem}_after_changes")
    finally:
        page.close()


def test_playground_says_it_is_busy_while_keras_trains(lab):
    """Never silent: the first switch to Keras takes seconds; the lab's status line says so meanwhile."""
    page = lab.open_and_run(playground_name())
    try:
        area = first_lab(page)
        area.locator(".xor-summary").scroll_into_view_if_needed()
        busy = area.locator(".xor-status .xor-busy")
        assert busy.count() == 0, f"the lab is idle but says {busy.all_text_contents()}"
        before = drawn_run(area)
        Lab.choose(page, "back end", "Keras")
        # within 2 s of a switch that takes 4 to 8 s here (TensorFlow's first import, then training)
        busy.first.wait_for(state="visible", timeout=2000)
        assert drawn_run(area) == before, "the busy line should show while the run is in flight, not after"
        assert busy.first.inner_text().strip(), "the busy state should say what the lab is doing"
        area.scroll_into_view_if_needed()
        Lab.screenshot(page, "playground_busy")
        wait_for_new_run(page, area, before, timeout=120_000)  # TensorFlow's first import and run
        busy.first.wait_for(state="detached", timeout=5000)
        assert "final loss" in area.locator(".xor-summary").text_content()
        assert Lab.widget_failures(page) == [] and Lab.error_outputs(page) == []
    finally:
        page.close()


def test_playground_exports_its_settings_as_python(lab):
    page = lab.open_and_run(playground_name())
    try:
        area = first_lab(page)
        area.locator(".xor-summary").scroll_into_view_if_needed()
        before = drawn_run(area)
        Lab.set_slider(page, "units, layer 1", 3)
        wait_for_new_run(page, area, before)
        area.locator(".jupyter-button, .widget-button", has_text="Export as code").first.click()
        code = area.locator(".xor-export pre").first
        code.wait_for(state="visible", timeout=10_000)
        text = code.inner_text()
        for expected in ("xorutils.train(", "keras.Sequential(", "hidden_units=(3,)"):
            assert expected in text, f"{expected!r} is not in the exported code:\n{text}"
        compile(text, "export", "exec")  # a SyntaxError here fails the test with the line
    finally:
        page.close()


def test_latency_benchmark_measures_in_the_browser(lab):
    """benchmarks/playground_latency.py's measurement works (a few changes; no speed is asserted).

    Every change is seen to the last view: pictures loaded and the 3D surface's canvas drawn,
    and the summary's kernel-side timings are read wherever the lab writes them.
    """
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from playground_latency import BREAKDOWN, measure

    page = lab.open_and_run(playground_name())
    try:
        area = first_lab(page)
        area.locator(".xor-summary").scroll_into_view_if_needed()
        records = measure(page, 4)
        assert len(records) == 4 and all(record["ms"] > 0 for record in records), records
        assert all(record["loads"] >= 1 for record in records), f"no picture of the lab was redrawn: {records}"
        canvases = area.locator(".jupyter-matplotlib canvas").evaluate_all("cs => cs.map(c => [c.width, c.height])")
        assert all(record["draws"] >= 1 for record in records), (
            f"the 3D surface's canvas was never drawn on (canvas sizes {canvases}): {records}"
        )
        assert all(record["lastView"] in ("summary", "picture", "canvas") for record in records), records
        summary = area.locator(".xor-summary")
        for key, attribute in zip(BREAKDOWN, ("data-train-ms", "data-draw-ms", "data-encode-ms", "data-kernel-ms")):
            written = summary.get_attribute(attribute)
            if written is not None:  # the last change's figures, as the summary shows them now
                assert records[-1][key] == float(written), (key, records[-1])
            else:
                assert records[-1][key] is None, (key, records[-1])
    finally:
        page.close()
