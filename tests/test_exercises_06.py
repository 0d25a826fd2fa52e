"""Notebook 06's exercises: check_more_epochs accepts the atlas cell and a seed-by-seed count, and names
each slip; the notebook's hidden solutions pass their checkers."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils.exercises import check_good_rates, check_more_epochs
from xorutils.exercises.nb06_atlas import MORE_EPOCHS, _made_up_runs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_atlas.ipynb"

# stand-ins for the two studies: the atlas cell's settings and seeds, made-up outcomes (no training)
SHORT = _made_up_runs(np.arange(200) < 30, 2000, first_seed=0)
LONG = _made_up_runs(np.arange(200) < 190, 20_000, first_seed=0)


def rescued(short, long):
    return int(np.sum(long.solved & ~short.solved))


def verdict(capsys, short=SHORT, long=LONG, count=rescued):
    check_more_epochs(short, long, count)
    return capsys.readouterr().out


def study(**changes):
    """SHORT with some settings changed (seeds= replaces the seeds)."""
    seeds = changes.pop("seeds", SHORT.seeds)
    runs = _made_up_runs(np.zeros(len(seeds), dtype=bool), 2000, first_seed=0)
    return type(runs)(**{**runs.__dict__, "settings": {**runs.settings, **changes}, "seeds": np.asarray(seeds)})


def test_the_right_answer_passes_in_several_forms(capsys):
    assert MORE_EPOCHS["hidden_units"] == (4,) and MORE_EPOCHS["learning_rate"] == 0.1
    out = verdict(capsys)
    assert out.startswith("Right!") and "160 of 170 seeds" in out
    for other in (
        lambda short, long: np.sum(long.solved & ~short.solved),  # a NumPy integer
        lambda short, long: len(
            set(long.seeds[long.solved]) - set(short.seeds[short.solved])
        ),  # matched by seed number
        lambda short, long: float(np.count_nonzero(long.solved > short.solved)),  # a whole float
    ):
        assert verdict(capsys, count=other).startswith("Right!")


@pytest.mark.parametrize(
    ("short", "long", "hint"),
    [
        (None, LONG, "short is None"),
        (SHORT, "20000", "should be what"),
        (_made_up_runs([1], 20_000, 0), _made_up_runs([1], 2000, 0), "swapped"),
        (SHORT, study(epochs=200), "long ran 200 epochs; it should run 20,000"),
        (study(optimizer="adam"), LONG, "train_many's default"),
        (study(optimizer="momentum"), LONG, "optimizer='sgd'"),
        (study(hidden_units=(8,)), LONG, "4 hidden units"),
        (study(activation="tanh"), LONG, "the sigmoid"),
        (study(learning_rate=1.0), LONG, "is 0.1"),
        (study(loss="mse"), LONG, "'binary_crossentropy'"),
        (study(seeds=range(100)), LONG, "range(200)"),
        (study(seeds=range(1, 201)), LONG, "range(200)"),
    ],
)
def test_a_wrong_study_gets_its_hint(capsys, short, long, hint):
    out = verdict(capsys, short, long)
    assert out.startswith("Not yet:") and hint in out, out


@pytest.mark.parametrize(
    ("count", "hint"),
    [
        (lambda short, long: int(long.solved.sum() - short.solved.sum()), "change in the total"),
        (lambda short, long: int(long.solved.sum()), "already solved"),
        (lambda short, long: int((~short.solved).sum()), "every seed the short study failed"),
        (lambda short, long: int(np.sum(short.solved & ~long.solved)), "other way round"),
        (lambda short, long: int(np.sum(short.solved != long.solved)), "either way"),
        (lambda short, long: long.solved & ~short.solved, "one entry per seed"),
        (lambda short, long: bool(np.any(long.solved & ~short.solved)), "whole number"),
        (lambda short, long: 160, "should give 4; yours gave 160"),  # the count for the real studies, hard-coded
        (lambda short, long: None, "return"),
        (lambda short, long: int(long.seeds[999]), "raised IndexError"),
        (None, "should be a function"),
    ],
)
def test_a_wrong_count_gets_its_hint(capsys, count, hint):
    out = verdict(capsys, count=count)
    assert out.startswith("Not yet:") and hint in out, out


def solutions():
    """The code of each hidden solution in notebook 06, by the checker it calls."""
    found = {}
    for cell in ("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]):
        if "<details><summary>Solution" in cell:
            for code in re.findall(r"```python\n(.*?)```", cell, flags=re.S):
                checker = re.search(r"exercises\.(check_\w+)", code)
                if checker:
                    found[checker.group(1)] = code
    return found


def test_the_notebooks_hidden_good_rates_solution_passes(capsys):
    namespace = {"xorutils": xorutils, "np": np}
    exec(solutions().get("check_good_rates", "") or _good_rates_solution(), namespace)
    check_good_rates(namespace["good_rates"])
    assert capsys.readouterr().out.startswith("Right!")


def _good_rates_solution():
    """Exercise 1's solution cell calls no checker, so find it by the function it defines."""
    for cell in ("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]):
        for code in re.findall(r"```python\n(.*?)```", cell, flags=re.S):
            if code.startswith("def good_rates"):
                return code
    raise AssertionError("no hidden solution defining good_rates in notebook 06")


def test_the_notebooks_hidden_more_epochs_solution_passes_on_the_real_studies(capsys):
    exec(solutions()["check_more_epochs"], {"xorutils": xorutils, "np": np})  # trains 200 seeds for 20,000 epochs
    printed = capsys.readouterr().out
    assert printed.startswith("Right! ") and "20,000 epochs: solved by" in printed, printed
