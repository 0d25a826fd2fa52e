"""Launch links: `course.py links` writes them all from one address, and every one leads somewhere real.

The rewriting is tested on copies (tmp_path); test_the_repository_carries_... checks the real
README and notebooks, so it fails until `python3 course.py links` has been run and committed.
"""

import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course_links  # noqa: E402

BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^)\s\"]+")


def copy_of_the_course(tmp_path):
    """README, pyproject.toml and the notebooks, copied without their links: what `links` starts from."""
    for name in ("README.md", "pyproject.toml", "course.py", "course_links.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    readme = tmp_path / "README.md"
    badge = re.compile(re.escape(course_links.BADGE_START) + ".*?" + re.escape(course_links.BADGE_END) + "\n", re.S)
    readme.write_text(badge.sub("", readme.read_text()))
    (tmp_path / "notebooks").mkdir()
    for path in course_links.notebooks(ROOT):
        (tmp_path / "notebooks" / path.name).write_text(course_links.NOTEBOOK_LINK.sub("", path.read_text()))
    return tmp_path


def set_address(root, url):
    pyproject = root / "pyproject.toml"
    text = re.sub(r'^Repository = ".*"$', f'Repository = "{url}"', pyproject.read_text(), flags=re.M)
    pyproject.write_text(text)


def snapshot(root):
    return {path: path.read_bytes() for path in [root / "README.md", *course_links.notebooks(root)]}


def first_markdown(path):
    cell = next(cell for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "markdown")
    return "".join(cell["source"])


def binder_links(root):
    """Every mybinder.org link in the README and the notebooks, as (file, link)."""
    found = [(root / "README.md", link) for link in BINDER_LINK.findall((root / "README.md").read_text())]
    for path in course_links.notebooks(root):
        found += [(path, link) for link in BINDER_LINK.findall(path.read_text())]
    return found


def assert_links_lead_to_the_address_and_existing_notebooks(root, owner, name):
    links = binder_links(root)
    assert links
    for where, link in links:
        parts = urllib.parse.urlsplit(link)
        assert parts.path == f"/v2/gh/{owner}/{name}/{course_links.BRANCH}", f"{where.name}: {link}"
        urlpath = urllib.parse.parse_qs(parts.query)["urlpath"]
        assert len(urlpath) == 1 and urlpath[0].startswith("lab/tree/"), f"{where.name}: {link}"
        notebook = urlpath[0].removeprefix("lab/tree/")
        assert (root / notebook).is_file(), f"{where.name} links to {notebook}, which does not exist"
    readme = (root / "README.md").read_text()
    assert readme.count(course_links.BADGE_START) == 1 and readme.count(course_links.BADGE_END) == 1
    badge = readme.split(course_links.BADGE_START)[1].split(course_links.BADGE_END)[0]
    assert BINDER_LINK.search(badge), "the README's Binder badge"
    for path in course_links.notebooks(root):
        navigation = first_markdown(path).split("\n")[0]
        wanted = course_links.binder_url(owner, name, path.name)
        assert f"[{course_links.NOTEBOOK_LINK_TEXT}]({wanted})" in navigation, f"{path.name}: no Binder link on top"
        assert path.read_text().count("mybinder.org") == 1, f"{path.name}: one Binder link, not several"


def test_links_writes_the_badge_and_a_link_atop_every_notebook_once(tmp_path):
    root = copy_of_the_course(tmp_path)
    url, owner, name = course_links.repository(root)
    assert course_links.write_links(root)
    assert_links_lead_to_the_address_and_existing_notebooks(root, owner, name)
    written = snapshot(root)
    assert course_links.write_links(root) == []  # a second run changes nothing
    assert snapshot(root) == written


def test_a_changed_address_rewrites_every_link_in_place(tmp_path):
    root = copy_of_the_course(tmp_path)
    course_links.write_links(root)
    lines = {path: path.read_text().count("\n") for path in snapshot(root)}
    set_address(root, "https://github.com/someone-else/xor-fork")
    assert len(course_links.write_links(root)) == len(lines)
    assert_links_lead_to_the_address_and_existing_notebooks(root, "someone-else", "xor-fork")
    assert not any("OWNER/xor-course" in path.read_text() for path in lines)
    assert {path: path.read_text().count("\n") for path in lines} == lines  # replaced, not added


def test_links_changes_only_the_first_line_of_the_first_cell_and_keeps_the_json_format(tmp_path):
    root = copy_of_the_course(tmp_path)
    before = {path: json.loads(path.read_text()) for path in course_links.notebooks(root)}
    course_links.write_links(root)
    for path, notebook in before.items():
        after = json.loads(path.read_text())
        assert after["cells"][1:] == notebook["cells"][1:] and after["metadata"] == notebook["metadata"]
        old, new = "".join(notebook["cells"][0]["source"]), "".join(after["cells"][0]["source"])
        assert new.split("\n")[1:] == old.split("\n")[1:]
        assert new.split("\n")[0].startswith(course_links.NOTEBOOK_LINK.sub("", old.split("\n")[0]))
        # as nbformat writes it, so a later nbconvert --inplace shows no spurious diff
        assert path.read_text() == json.dumps(after, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    original, readme = (ROOT / "README.md").read_text().splitlines(), (root / "README.md").read_text().splitlines()
    remaining = iter(readme)
    assert all(line in remaining for line in original)  # every line kept, in order
    assert len(readme) - len(original) <= 4  # the badge and its markers, nothing else


def readme_badge_block(root):
    """The real README's badge block, or "" before `links` has been run."""
    text = (root / "README.md").read_text()
    if course_links.BADGE_START not in text:
        return ""
    return text[text.index(course_links.BADGE_START) : text.index(course_links.BADGE_END)]


def test_the_command_line_writes_links_and_reports_the_placeholder(tmp_path):
    root = copy_of_the_course(tmp_path)
    set_address(root, "https://github.com/OWNER/xor-course")
    first = subprocess.run([sys.executable, "course.py", "links"], cwd=root, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "rewritten" in first.stdout and "placeholder" in first.stdout
    again = subprocess.run([sys.executable, "course.py", "links"], cwd=root, capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stdout


@pytest.mark.parametrize(
    "url",
    ["https://gitlab.com/someone/xor-course", "http://github.com/someone/xor-course", "github.com/someone/xor-course"],
)
def test_an_address_binder_cannot_launch_is_refused_naming_pyproject(tmp_path, url):
    root = copy_of_the_course(tmp_path)
    set_address(root, url)
    with pytest.raises(ValueError, match=r"pyproject\.toml: \[project\.urls\] Repository .*github"):
        course_links.repository(root)


def test_the_address_is_set_once_in_pyproject_and_marked_while_a_placeholder():
    text = (ROOT / "pyproject.toml").read_text()
    url, owner, name = course_links.repository(ROOT)
    assert text.count(url) == 1
    if owner == "OWNER":  # the comment right above the address says it is a placeholder
        assert "PLACEHOLDER" in text.split("[project.urls]")[1].split("\nRepository = ")[0]
    for document in ["README.md", "docs/teaching.md", "course.py", "course_links.py", "binder/postBuild"]:
        assert url not in (ROOT / document).read_text(), f"{document} repeats the address instead of reading it"


def test_the_repository_carries_every_link_and_each_leads_to_the_configured_address():
    """Fails until `python3 course.py links` has been run on the real README and notebooks."""
    _, owner, name = course_links.repository(ROOT)
    assert_links_lead_to_the_address_and_existing_notebooks(ROOT, owner, name)
    # and each file is exactly what `links` would write now
    for path in [ROOT / "README.md", *course_links.notebooks(ROOT)]:
        text = path.read_text()
        if path.suffix == ".ipynb":
            assert course_links.with_notebook_link(text, course_links.binder_url(owner, name, path.name)) == text
        else:
            first = course_links.notebooks(ROOT)[0].name
            assert course_links.with_readme_badge(text, course_links.readme_badge(owner, name, first)) == text


def test_hub_links_are_one_nbgitpuller_link_per_notebook_to_paths_that_exist(tmp_path):
    root = copy_of_the_course(tmp_path)
    set_address(root, "https://github.com/someone/xor-course")
    links = course_links.hub_links("https://hub.example.org/", root)
    assert len(links) == len(course_links.notebooks(root)) >= 8
    for link, path in zip(links, course_links.notebooks(root)):
        parts = urllib.parse.urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
        query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
        assert query == {
            "repo": ["https://github.com/someone/xor-course"],
            "branch": [course_links.BRANCH],
            "urlpath": [f"lab/tree/xor-course/notebooks/{path.name}"],
        }
        # nbgitpuller clones into a folder named after the repository: the rest must exist in it
        assert (root / query["urlpath"][0].removeprefix("lab/tree/xor-course/")).is_file()


def test_hub_links_keep_a_hub_served_under_a_path(tmp_path):
    links = course_links.hub_links("https://uni.example.edu/jupyter", ROOT)
    assert all(link.startswith("https://uni.example.edu/jupyter/hub/user-redirect/git-pull?repo=") for link in links)


def test_hub_links_from_the_command_line():
    done = subprocess.run(
        [sys.executable, "course.py", "links", "--hub", "https://hub.example.org"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(course_links.notebooks(ROOT))
    assert all(line.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=") for line in lines)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--hub", "http://hub.example.org"],
        ["--hub", "hub.example.org"],
        ["--hub", "https://"],
        ["--hub", "https://hub.example.org/?next=/lab"],
        ["--hub", "https://teacher:secret@hub.example.org"],
        ["--hub"],
        ["--hub", "https://a.example.org", "https://b.example.org"],
    ],
)
def test_bad_hub_input_is_refused_naming_the_argument(arguments):
    done = subprocess.run([sys.executable, "course.py", "links", *arguments], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.startswith("links: --hub ")


def test_an_unknown_argument_is_refused_naming_it():
    done = subprocess.run([sys.executable, "course.py", "links", "--binder"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "'--binder'" in done.stderr and "--hub" in done.stderr


def test_the_readme_points_teachers_to_the_guide_and_the_guide_to_the_hub_links():
    assert "(docs/teaching.md)" in (ROOT / "README.md").read_text()
    guide = (ROOT / "docs" / "teaching.md").read_text()
    assert "python3 course.py links --hub" in guide and "singleuser" in guide and "nbgitpuller" in guide
