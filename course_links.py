"""Launch links, all written from one address: [project.urls] Repository in pyproject.toml.

    python3 course.py links                          # Binder badge in README.md, a Binder link atop every notebook
    python3 course.py links --hub https://HUB        # print one nbgitpuller link per notebook for a JupyterHub

Standard library only, like course.py. Rewriting is idempotent: a second run changes nothing,
and a changed address replaces the old links instead of adding new ones.
"""

import json
import re
import sys
import tomllib
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BRANCH = "main"  # the branch Binder and nbgitpuller check out
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
BINDER = "https://mybinder.org/v2/gh"
BADGE_START, BADGE_END = "<!-- binder-badge: written by `python3 course.py links` -->", "<!-- /binder-badge -->"
NOTEBOOK_LINK_TEXT = "Launch this notebook on Binder"
NOTEBOOK_LINK = re.compile(r" \| \[" + re.escape(NOTEBOOK_LINK_TEXT) + r"\]\([^)]*\)")
GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?")


def repository(root=ROOT):
    """(url, owner, name) of the repository, from [project.urls] Repository in pyproject.toml."""
    pyproject = root / "pyproject.toml"
    urls = tomllib.loads(pyproject.read_text()).get("project", {}).get("urls", {})
    url = urls.get("Repository")
    if not isinstance(url, str):
        raise ValueError(f'{pyproject}: [project.urls] needs Repository = "https://github.com/OWNER/NAME"')
    found = GITHUB.fullmatch(url)
    if not found:
        raise ValueError(
            f"{pyproject}: [project.urls] Repository must be a GitHub address "
            f"https://github.com/OWNER/NAME (Binder's gh provider); got {url!r}"
        )
    owner, name = found.groups()
    return f"https://github.com/{owner}/{name}", owner, name


def notebooks(root=ROOT):
    return sorted((root / "notebooks").glob(NOTEBOOK_GLOB))


def binder_url(owner, name, notebook):
    """mybinder.org link that builds the repository and opens notebook (e.g. "00_xor_problem.ipynb") in JupyterLab."""
    return f"{BINDER}/{owner}/{name}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook}"


def readme_badge(owner, name, first_notebook):
    badge = "[![Launch on Binder](https://mybinder.org/badge_logo.svg)]"
    return f"{BADGE_START}\n{badge}({binder_url(owner, name, first_notebook)})\n{BADGE_END}"


def with_readme_badge(text, badge):
    """README text with the badge between its markers, or after the title when it has none yet."""
    if BADGE_START in text and BADGE_END in text:
        before, rest = text.split(BADGE_START, 1)
        return before + badge + rest.split(BADGE_END, 1)[1]
    title, newline, rest = text.partition("\n")
    return f"{title}{newline}\n{badge}\n{rest}"


def with_notebook_link(notebook_json, url):
    """The notebook's JSON text with the Binder link at the end of its first markdown cell's first line.

    The first line is the navigation line ("[Contents](README.md) | [01 ... >](...)"); the link
    joins it, replacing any earlier Binder link. The JSON is written as nbformat writes it.
    """
    notebook = json.loads(notebook_json)
    cell = next((cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"), None)
    if cell is None:
        raise ValueError("the notebook has no markdown cell to carry its Binder link")
    first, newline, rest = "".join(cell["source"]).partition("\n")
    first = NOTEBOOK_LINK.sub("", first) + f" | [{NOTEBOOK_LINK_TEXT}]({url})"
    cell["source"] = (first + newline + rest).splitlines(keepends=True)
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write_links(root=ROOT):
    """Write the README badge and every notebook's Binder link; return the files that changed."""
    _, owner, name = repository(root)
    paths = notebooks(root)
    if not paths:
        raise ValueError(f"no notebooks matching {NOTEBOOK_GLOB} in {root / 'notebooks'}")
    readme = root / "README.md"
    wanted = {readme: with_readme_badge(readme.read_text(), readme_badge(owner, name, paths[0].name))}
    for path in paths:
        wanted[path] = with_notebook_link(path.read_text(), binder_url(owner, name, path.name))
    changed = [path for path, text in wanted.items() if path.read_text() != text]
    for path in changed:
        path.write_text(wanted[path])
    return changed


def hub_address(hub):
    """The JupyterHub's base address without a trailing slash; ValueError naming --hub for anything else."""
    parts = urllib.parse.urlsplit(hub or "")
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or parts.username:
        raise ValueError(
            f"--hub must be the https:// address of a JupyterHub, such as https://hub.example.org "
            f"(no query, fragment or login); got {hub!r}"
        )
    return hub.rstrip("/")


def hub_links(hub, root=ROOT):
    """One nbgitpuller link per notebook: the hub clones (or updates) the repository, then opens the notebook."""
    hub = hub_address(hub)
    url, _, name = repository(root)
    links = []
    for path in notebooks(root):
        query = "&".join(
            (
                f"repo={urllib.parse.quote(url, safe='')}",
                f"branch={BRANCH}",
                f"urlpath={urllib.parse.quote(f'lab/tree/{name}/notebooks/{path.name}', safe='/')}",
            )
        )
        links.append(f"{hub}/hub/user-redirect/git-pull?{query}")
    return links


def main(arguments):
    """`course.py links [--hub https://HUB]`; exits with a message naming the argument on bad input."""
    try:
        if not arguments:
            url, owner, _ = repository()
            changed = write_links()
            print(f"links: {len(changed)} file(s) rewritten for {url}" if changed else f"links: up to date for {url}")
            for path in changed:
                print(f"  {path.relative_to(ROOT)}")
            if owner == "OWNER":
                print("links: the address is still the placeholder: set [project.urls] Repository in pyproject.toml")
        elif arguments[0] == "--hub" and len(arguments) == 2:
            print("\n".join(hub_links(arguments[1])))
        elif arguments[0] == "--hub":
            raise ValueError("--hub needs exactly one value, the hub's address: links --hub https://hub.example.org")
        else:
            raise ValueError(f"unknown argument {arguments[0]!r}: use `links` or `links --hub https://HUB`")
    except ValueError as error:
        sys.exit(f"links: {error}")
