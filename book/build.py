"""Build the course's reading copy, a static HTML book: .venv/bin/python book/build.py OUTPUT_FOLDER.

Jupyter Book 1 (Sphinx and myst-nb) renders notebooks/README.md and every notebook, in
notebook order, from the committed outputs: nothing is executed (book/_config.yml). The table
of contents is written here from the notebooks found, so renumbering needs no edit. The build
runs in a temporary folder and the finished HTML replaces OUTPUT_FOLDER.

Offline by construction: MathJax 3.2.2 comes from the pinned sphinx-mathjax-offline package and
is served from the book's _static/mathjax/; no widget manager is loaded (see _config.yml).
offline_problems() lists any script, style sheet or other resource a page would fetch from
outside the book; the build fails if there is one.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CONFIG = Path(__file__).resolve().parent / "_config.yml"


def table_of_contents():
    """_toc.yml's text: notebooks/README.md as the home page, then the notebooks in their numbered order."""
    chapters = sorted(path.stem for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not chapters:
        raise LookupError(f"no notebooks NN_name.ipynb in {NOTEBOOKS}")
    return "format: jb-book\nroot: README\nchapters:\n" + "".join(f"- file: {name}\n" for name in chapters)


def build(output):
    """Build the book into output (replaced whole); return the warnings Sphinx printed."""
    output = Path(output).resolve()
    with tempfile.TemporaryDirectory(prefix="xor-course-book-") as folder:
        toc = Path(folder) / "_toc.yml"
        toc.write_text(table_of_contents())
        command = [
            sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(NOTEBOOKS),
            "--config", str(CONFIG), "--toc", str(toc), "--path-output", folder, "--quiet",
        ]  # fmt: skip
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        warnings = [line for line in completed.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
        if completed.returncode:
            raise RuntimeError(f"jupyter-book failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(Path(folder) / "_build" / "html", output)
    return warnings


class _Resources(HTMLParser):
    """Collects the addresses a page loads by itself: script, link, img, iframe, source, embed."""

    LOADED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = self.LOADED.get(tag)
        if name and attributes.get(name):
            self.found.append((tag, attributes[name]))
        for key, value in attributes.items():
            if key.startswith("data-") and value and re.match(r"(https?:)?//", value):
                self.found.append((f"{tag} {key}", value))


def offline_problems(book):
    """Every page's script, link, image, frame or data- attribute that names an outside address ("page: tag url")."""
    problems = []
    for page in sorted(Path(book).rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, address in parser.found:
            if re.match(r"(https?:)?//", address.strip()):
                problems.append(f"{page.relative_to(book)}: <{tag}> {address}")
    return problems


def size_mb(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file()) / 1e6


def main(output):
    import time

    began = time.perf_counter()
    warnings = build(output)
    problems = offline_problems(output)
    for line in warnings:
        print(line)
    if problems:
        sys.exit("book: pages that would fetch from outside the book:\n" + "\n".join(problems))
    pages = len(list(Path(output).rglob("*.html")))
    print(f"book: {pages} pages, {size_mb(output):.0f} MB, built in {time.perf_counter() - began:.0f} s: {output}")
    print(f"book: open {Path(output) / 'index.html'} in a browser; it needs no network")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
