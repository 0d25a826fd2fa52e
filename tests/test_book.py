"""The reading copy (python3 course.py book): built from the committed notebooks, complete, and offline.

The book is built once for this module (about a minute on 2 cores), served from 127.0.0.1 by a
server the test starts, and every page is opened in headless Chromium with every request to
any other host blocked: a blocked or failed request, a missing image or a script error fails.
Chromium is needed for the browser checks; without it they are skipped (failed under CI=true).
"""

import functools
import importlib.util
import io
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jupyter_browser import CHROMIUM_FLAGS, SCREENSHOTS, chromium_or_skip, chromium_redirects, playground_name

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Every <img> loaded (lazy ones made eager first), then the broken ones: none loaded or 0 px wide.
BROKEN_IMAGES = """async () => {
  const images = Array.from(document.images);
  images.forEach(image => { image.loading = 'eager'; });
  await Promise.all(images.map(image => image.decode().catch(() => null)));
  return images.filter(image => !image.complete || image.naturalWidth === 0).map(image => image.src);
}"""
# <img> elements at least 600 px wide once loaded: the playground's stills (its other pictures are narrower).
WIDE_IMAGES = """async () => {
  const images = Array.from(document.images);
  await Promise.all(images.map(image => { image.loading = 'eager'; return image.decode().catch(() => null); }));
  return images.filter(image => image.naturalWidth >= 600).map(image => image.src);
}"""


def load_book_module():
    spec = importlib.util.spec_from_file_location("book_build", ROOT / "book" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book_build = load_book_module()


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The built book's folder (built fresh for this module) and the warnings Sphinx printed."""
    folder = tmp_path_factory.mktemp("book") / "html"
    warnings = book_build.build(folder)
    return folder, warnings


@pytest.fixture(scope="module")
def served(book):
    """http://127.0.0.1:PORT serving the book, for this module."""
    handler = functools.partial(QuietHandler, directory=str(book[0]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # no line per request in the test output
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium (a new context per test: blocked_context)."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_or_skip()
    folder = tmp_path_factory.mktemp("chromium")
    with sync_playwright() as playwright:
        running = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_FLAGS, env=dict(os.environ, **chromium_redirects(folder))
        )
        try:
            yield running
        finally:
            running.close()


def offline_context(browser):
    """A browser context in which only 127.0.0.1, data: and blob: load; returns (context, blocked URLs)."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    blocked = []

    def only_local(route):
        address = urlsplit(route.request.url)
        if address.scheme in ("data", "blob") or address.hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context, blocked


class PageWatch:
    """Records a page's script errors (uncaught or console.error), failed requests and HTTP errors."""

    def __init__(self, page):
        self.problems = []
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def lab_outputs():
    """The data of each playground output in the notebook (one per lab displayed)."""
    notebook = json.loads((ROOT / "notebooks" / playground_name()).read_text())
    outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
    return [output["data"] for output in outputs if WIDGET_VIEW in output.get("data", {})]


def book_pages(folder):
    """Every HTML page of the book but the theme's template fragments in _static/."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html") if "_static" not in path.parts)


# ----- without a browser -------------------------------------------------------------------


def test_table_of_contents_lists_every_notebook_in_order():
    toc = book_build.table_of_contents()
    assert toc.startswith("format: jb-book\nroot: README\n")
    assert [line.removeprefix("- file: ") for line in toc.splitlines()[3:]] == [path.stem for path in NOTEBOOKS]


def test_book_has_a_page_per_notebook_search_and_no_outside_resources(book):
    folder, warnings = book
    pages = book_pages(folder)
    for notebook in NOTEBOOKS:
        assert f"{notebook.stem}.html" in pages
    assert {"index.html", "README.html", "search.html"} <= set(pages)
    assert book_build.offline_problems(folder) == []
    assert (folder / "_static" / "mathjax" / "tex-chtml.js").exists()
    assert 'src="_static/mathjax/tex-chtml.js"' in (folder / "00_xor_problem.html").read_text()
    assert warnings == [], "Sphinx warned:\n" + "\n".join(warnings)


def test_offline_problems_finds_outside_scripts_styles_and_images(tmp_path):
    (tmp_path / "page.html").write_text(
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn.example/s.css">'
        '<img src="http://example.org/a.png"><script src="_static/local.js"></script>'
        '<script data-jupyter-widgets-cdn="https://cdn.example/npm/"></script><a href="https://example.org">ok</a>'
    )
    assert len(book_build.offline_problems(tmp_path)) == 4


def test_the_playground_notebook_carries_a_still_of_each_lab():
    """Static readers (the book, GitHub, nbviewer) show the PNG; JupyterLab shows the widget view."""
    labs = lab_outputs()
    assert labs and all("image/png" in data for data in labs)


def test_playground_still_shows_its_views_and_settings():
    import base64

    import matplotlib.image

    import xorutils

    lab = xorutils.playground(hidden_units=2, data="cloud", points=40)
    bundle = lab._repr_mimebundle_()
    assert {"text/plain", WIDGET_VIEW, "image/png"} <= set(bundle)
    picture = matplotlib.image.imread(io.BytesIO(lab.still()))
    assert picture.shape[0] > 500 and picture.shape[1] > 600  # text, then two rows of views
    assert bundle["image/png"][:8] == base64.b64decode("iVBORw0KGgo=")  # PNG signature
    assert "noisy cloud of 40 points" in xorutils.widgets._settings_text(lab._settings())


# ----- in Chromium, offline ----------------------------------------------------------------


def test_every_page_loads_offline_with_its_images_maths_and_no_errors(book, served, browser):
    folder = book[0]
    context, blocked = offline_context(browser)
    pages_with_maths = 0
    try:
        for name in book_pages(folder):
            page = context.new_page()
            watch = PageWatch(page)
            page.goto(f"{served}/{name}", wait_until="load")
            page.wait_for_load_state("networkidle")
            broken = page.evaluate(BROKEN_IMAGES)
            if 'class="math' in (folder / name).read_text():
                pages_with_maths += 1
                page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=30_000)
                page.evaluate("() => MathJax.startup.promise")
                assert page.locator("mjx-container").count() > 0, f"{name}: MathJax rendered no maths"
                assert page.locator("mjx-merror").count() == 0, f"{name}: MathJax could not parse some maths"
            page.wait_for_load_state("networkidle")
            if name == f"{Path(playground_name()).stem}.html":
                SCREENSHOTS.mkdir(exist_ok=True)
                page.locator("img").first.scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / "book_playground.png"))
            page.close()
            assert broken == [], f"{name}: images that did not load: {broken}"
            assert watch.problems == [], f"{name}: {watch.problems}"
            assert blocked == [], f"{name} asked for outside addresses: {blocked}"
    finally:
        context.close()
    assert pages_with_maths >= 1, "no page has maths: the MathJax check checked nothing"


def test_playground_page_shows_a_picture_of_each_lab(book, served, browser):
    labs = len(lab_outputs())
    context, blocked = offline_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{served}/{Path(playground_name()).stem}.html", wait_until="load")
        shown = page.evaluate(WIDE_IMAGES)
        assert len(shown) == labs, f"expected a picture of each of the {labs} labs, found {len(shown)} wide images"
        assert "Playground (open this notebook" not in page.inner_text("body")
    finally:
        context.close()
    assert blocked == []


def test_search_finds_xor_offline(book, served, browser):
    context, blocked = offline_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(f"{served}/search.html?q=XOR", wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        results = page.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.href)")
        assert any("00_xor_problem.html" in result for result in results), results
        assert watch.problems == []
    finally:
        context.close()
    assert blocked == []
