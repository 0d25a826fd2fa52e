"""The notebooks as documents: each is a lesson with a header, navigation, a summary and exercises.

nbval (run on notebooks/ by the same pytest command) re-executes them and compares outputs;
these tests check what nbval does not.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
LINK = re.compile(r"\]\(([^)#\s]+)\)")


def cells(path):
    return json.loads(path.read_text())["cells"]


def text(cell):
    return "".join(cell["source"])


def test_notebooks_are_numbered_in_order_without_gaps():
    assert [int(path.name[:2]) for path in PATHS] == list(range(len(PATHS)))
    assert len(PATHS) >= 5


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_header_says_what_you_will_learn_and_what_it_assumes(path):
    first = cells(path)[0]
    assert first["cell_type"] == "markdown"
    assert re.search(r"^# \d\d ", text(first), flags=re.M), "a title like '# 00 The XOR problem'"
    assert "**You will be able to:**" in text(first) and "**Assumes:**" in text(first)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_navigation_at_top_and_bottom_links_to_neighbours_that_exist(path):
    index = PATHS.index(path)
    for cell in (cells(path)[0], cells(path)[-1]):
        links = LINK.findall(text(cell).split("\n")[0])
        assert "README.md" in links
        if index > 0:
            assert PATHS[index - 1].name in links
        if index + 1 < len(PATHS):
            assert PATHS[index + 1].name in links


def test_every_local_link_in_the_course_resolves():
    documents = [*PATHS, NOTEBOOKS / "README.md", NOTEBOOKS.parent / "README.md"]
    for document in documents:
        content = document.read_text() if document.suffix == ".md" else "".join(map(text, cells(document)))
        for target in LINK.findall(content):
            if not target.startswith(("http://", "https://")):
                assert (document.parent / target).exists(), f"{document.name} links to missing {target}"


def test_contents_page_lists_every_notebook():
    contents = (NOTEBOOKS / "README.md").read_text()
    assert all(f"]({path.name})" in contents for path in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_ends_with_summary_and_an_auto_checked_exercise(path):
    sources = [text(cell) for cell in cells(path)]
    assert any("## Summary" in source for source in sources)
    assert any("## Exercises" in source for source in sources)
    assert any("xorutils.exercises.check_" in source for source in sources)
    assert any("<details><summary>Solution" in source for source in sources), "a hidden solution"


EXERCISE = re.compile(r"\*\*(\d+)\.\s")  # an exercise's bold number, e.g. **2. A model to a spec.**


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_exercise_said_to_be_checked_has_a_code_cell_that_checks_it(path):
    """An exercise whose text says "checked for you" is followed, before the next exercise, by a code
    cell calling an xorutils.exercises.check_ function (a call inside a hidden solution does not count)."""
    events, started = [], False  # (exercise number, says checked) or "check", in reading order
    for cell in cells(path):
        source = text(cell)
        if cell["cell_type"] == "code":
            if started and "xorutils.exercises.check_" in source:
                events.append("check")
            continue
        if "## Exercises" in source:
            started, source = True, source[source.index("## Exercises") :]
        if not started:
            continue
        starts = [match.start() for match in EXERCISE.finditer(source)]
        for begin, end in zip(starts, starts[1:] + [len(source)]):
            number = EXERCISE.match(source, begin).group(1)
            events.append((number, "checked for you" in source[begin:end].split("<details>")[0]))
    unchecked = [
        event[0]
        for index, event in enumerate(events)
        if event != "check" and event[1] and (index + 1 == len(events) or events[index + 1] != "check")
    ]
    assert not unchecked, f"exercises said to be checked for you with no code cell calling a checker: {unchecked}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_executed_in_order_with_no_errors_or_warnings_stored(path):
    code = [cell for cell in cells(path) if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", text(cell)
            assert output.get("name") != "stderr", f"stderr output in: {text(cell)[:80]}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_outputs_ignored_by_nbval_only_for_timings_or_round_off_with_a_reason(path):
    """Only a timing, or a figure that hangs on the processor's round-off, may escape comparison."""
    for cell in cells(path):
        source = text(cell)
        if "NBVAL_IGNORE_OUTPUT" in source:
            reason = source.split("\n")[1]
            assert reason.startswith("#") and re.search(r"tim(e|ing)|processor|round-off", reason), (
                f"reason missing: {source[:120]}"
            )
        assert "NBVAL_SKIP" not in source


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_installs_or_downloads(path):
    sources = "".join(text(cell) for cell in cells(path))
    for forbidden in ("pip install", "!pip", "%pip", "urlopen", "requests.get", "wget ", "curl "):
        assert forbidden not in sources
