"""Notebook 06's exercises: check_more_epochs accepts the atlas cell and a seed-by-seed count, and names
each slip; the notebook's hidden solutions pass their checkers."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils.exercises import check_median_epochs, check_more_epochs
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
        (study(weight_scale=0.5), LONG, "weight_scale=0.5"),
        (study(data="custom"), LONG, "leave X and y out"),
        (study(l2=0.01), LONG, "leave l2 out"),
        (study(features=("x1", "x2", "x1*x2")), LONG, "leave features out"),
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
        (lambda short, long: [int(np.sum(long.solved & ~short.solved))], "return a number"),
        (lambda short, long: (int(np.sum(long.solved & ~short.solved)),), "return a number"),
        (lambda short, long: int(np.sum(long.epochs_to_solve > 2000)), "beyond the short study's budget"),
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


def test_train_many_records_the_starting_scale_and_the_data_for_the_checker(capsys):
    X, y = xorutils.xor_data()
    default = xorutils.train_many(range(2), epochs=3)
    assert default.settings["weight_scale"] == 1.0 and default.settings["data"] == "xor"
    assert xorutils.train_many(range(2), epochs=3, X=X, y=y).settings["data"] == "xor"
    assert xorutils.train_many(range(2), epochs=3, X=X[:3], y=y[:3]).settings["data"] == "custom"
    scaled = xorutils.train_many(range(200), epochs=2000, weight_scale=0.5, **{**MORE_EPOCHS, "hidden_units": 4})
    assert scaled.settings["weight_scale"] == 0.5
    check_more_epochs(scaled, LONG, rescued)
    assert capsys.readouterr().out.startswith("Not yet: short was trained with weight_scale=0.5")


def right_median(atlas, units, rate):
    epochs = atlas.runs(units, rate).epochs_to_solve
    return float(np.median(np.where(np.isnan(epochs), np.inf, epochs)))


def cell(atlas, units, rate):
    return atlas.epochs_to_solve[atlas.hidden_units.index(units), atlas.learning_rates.index(rate)]


def test_the_speed_maps_median_passes_in_several_forms(capsys):
    for answer in (
        right_median,
        lambda a, u, r: np.median(np.nan_to_num(cell(a, u, r), nan=np.inf)),  # a NumPy float
        lambda a, u, r: (
            sorted(np.nan_to_num(cell(a, u, r), nan=np.inf).tolist())[3:5][0] / 2
            + sorted(np.nan_to_num(cell(a, u, r), nan=np.inf).tolist())[4] / 2
        ),  # by hand, two middle of 8
    ):
        check_median_epochs(answer)
        assert capsys.readouterr().out.startswith("Right!")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda a, u, r: np.nanmedian(cell(a, u, r)), "solved only"),
        (lambda a, u, r: np.median(cell(a, u, r)), "gives NaN as soon as"),
        (
            lambda a, u, r: np.median(np.where(np.isnan(cell(a, u, r)), a.settings["epochs"], cell(a, u, r))),
            "last epoch",
        ),
        (lambda a, u, r: np.sort(np.nan_to_num(cell(a, u, r), nan=np.inf))[len(a.seeds) // 2], "two middle values"),
        (lambda a, u, r: np.mean(np.nan_to_num(cell(a, u, r), nan=np.inf)), "that is the mean"),
        (lambda a, u, r: np.nanmean(cell(a, u, r)), "mean of the solved seeds"),
        (lambda a, u, r: None if np.isinf(right_median(a, u, r)) else right_median(a, u, r), "return np.inf"),
        (lambda a, u, r: np.nan if np.isinf(right_median(a, u, r)) else right_median(a, u, r), "return np.inf"),
        (lambda a, u, r: a.median_epochs[a.hidden_units.index(u), a.learning_rates.index(r)], "map's own answer"),
        (lambda a, u, r: xorutils.stats.median_epochs(a.runs(u, r)), "map's own answer"),
        (lambda a, u, r: float(np.median(xorutils.stats.epochs_or_inf(a.runs(u, r)))), "map's own answer"),
        (
            lambda a, u, r: np.median(np.nan_to_num(a.epochs_to_solve[u, a.learning_rates.index(r)], nan=np.inf)),
            "rows in the order",
        ),
        (
            lambda a, u, r: right_median(
                a, a.hidden_units[a.learning_rates.index(r)], a.learning_rates[a.hidden_units.index(u)]
            ),
            "another cell",
        ),
        (lambda a, u, r: [right_median(a, u, r)], "return one number"),
        (lambda a, u, r: np.nan_to_num(cell(a, u, r), nan=np.inf), "return one number"),
        (lambda a, u, r: str(right_median(a, u, r)), "as a number"),
        (lambda a, u, r: right_median(a, u, r) + (u == 8), "the speed map shows"),
        (lambda a, u, r: None, "return"),
    ],
)
def test_a_wrong_median_gets_its_hint(capsys, answer, hint):
    check_median_epochs(answer)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and hint in out, out
    assert xorutils.stats.median_epochs.__name__ == "median_epochs"  # the checker puts it back


def test_the_notebooks_hidden_median_solution_passes(capsys):
    namespace = {
        "xorutils": xorutils,
        "np": np,
        "sigmoid": xorutils.train_atlas(activation="sigmoid", hidden_units=(4, 8), learning_rates=(0.1, 0.3)),
    }
    exec(solutions()["check_median_epochs"], namespace)
    out = capsys.readouterr().out
    assert out.startswith("Right!") and "speed map inf" in out, out


def test_success_labels_keep_a_half_percent(capsys):
    import matplotlib

    matplotlib.use("Agg")
    from xorutils.exercises.nb06_atlas import _made_up_atlas

    atlas = _made_up_atlas((1, 2), (0.1, 1.0), [[193, 197], [100, 0]], seeds=200)
    ax = xorutils.plot_atlas(atlas, "success")
    assert [text.get_text() for text in ax.texts] == ["96.5", "98.5", "50", "0"]


def test_the_notebooks_hidden_more_epochs_solution_passes_on_the_real_studies(capsys):
    exec(solutions()["check_more_epochs"], {"xorutils": xorutils, "np": np})  # trains 200 seeds for 20,000 epochs
    printed = capsys.readouterr().out
    assert printed.startswith("Right! ") and "20,000 epochs: solved by" in printed, printed
