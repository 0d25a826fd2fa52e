"""Guards for the whole test run (this file sits at the root so it sees tests/ and notebooks/)."""

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).parent / "notebooks"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """When notebooks/ is part of the run, every notebook in it must be collected by nbval.

    This turns a lost --nbval flag or a notebook pytest cannot read into a failure instead of
    a silently shorter run. With no notebooks there is nothing to demand.
    """
    requested = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if not any(path == NOTEBOOKS.resolve() or NOTEBOOKS.resolve().is_relative_to(path) for path in requested):
        return
    expected = {path.resolve() for path in NOTEBOOKS.glob("*.ipynb")}
    collected = {Path(str(item.path)).resolve() for item in items if item.path.suffix == ".ipynb"}
    missing = sorted(path.name for path in expected - collected)
    if missing:
        raise pytest.UsageError(f"these notebooks were not collected by nbval (is --nbval set?): {missing}")
