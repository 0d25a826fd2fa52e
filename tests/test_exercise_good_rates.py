"""Notebook 06's checked exercise: right answers pass, plausible wrong ones get the matching hint."""

import numpy as np
import pytest

from xorutils import exercises


def right(atlas, units, share=0.95):
    row = atlas.hidden_units.index(units)
    return [rate for rate, solved in zip(atlas.learning_rates, atlas.success_rate[row]) if solved >= share]


def verdict(capsys, function):
    exercises.check_good_rates(function)
    return capsys.readouterr().out


def test_the_solution_and_an_array_answer_pass(capsys):
    assert verdict(capsys, right).startswith("Right!")
    assert verdict(capsys, lambda atlas, units, share=0.95: tuple(right(atlas, units, share))).startswith("Right!")


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (
            lambda a, u, share=0.95: [r for r, s in zip(a.learning_rates, a.success_rate[u]) if s >= share],
            "index(units)",
        ),
        (
            lambda a, u, share=0.95: [
                r for r, s in zip(a.learning_rates, a.success_rate[a.hidden_units.index(u)]) if s > share
            ],
            ">=, not >",
        ),
        (
            lambda a, u, share=0.95: [i for i, s in enumerate(a.success_rate[a.hidden_units.index(u)]) if s >= share],
            "column",
        ),
        (lambda a, u, share=0.95: [s for s in a.success_rate[a.hidden_units.index(u)] if s >= share], "success rates"),
        (lambda a, u, share=0.95: right(a, u, 0.95), "whatever `share`"),
        (lambda a, u, share=0.95: right(a, u, share) or [0.1], "should be []"),  # invents a rate when none qualifies
        (
            lambda a, u, share=0.95: [
                r for r, lo in zip(a.learning_rates, a.interval[0][a.hidden_units.index(u)]) if lo >= share
            ],
            "interval",
        ),
        (
            lambda a, u, share=0.95: [
                r for r, s in zip(a.learning_rates, a.solved[a.hidden_units.index(u)] / 200) if s >= share
            ],
            "200 seeds",
        ),
        (lambda a, u, share=0.95: right(a, u, share)[::-1], "increasing order"),
        (lambda a, u, share=0.95: [f"{r:g}" for r in right(a, u, share)], "as numbers"),
        (lambda a, u, share=0.95: right(a, u, share)[:1], "should be [0.1, 0.3, 3.0]"),
        (  # every rate between the first and the last good one, a gap filled in
            lambda a, u, share=0.95: list(a.learning_rates[:4]) if u == 3 and share == 0.95 else right(a, u, share),
            "between the first and the last",
        ),
        (lambda a, u, share=0.95: None, "return"),
        (  # a (k, 1) array: the message must not show the right rates as "yours"
            lambda a, u, share=0.95: np.array(a.learning_rates)[
                np.argwhere(a.success_rate[a.hidden_units.index(u)] >= share)
            ],
            "flat list",
        ),
        (lambda a, u, share=0.95: [[rate] for rate in right(a, u, share)], "flat list"),
        (lambda a, u, share=0.95: set(right(a, u, share)), "return a list, in increasing order"),
        (lambda a, u, share=0.95: dict.fromkeys(right(a, u, share)), "return a list, in increasing order"),
        (  # the row found as units // 2, which widths 1, 3, 5 let pass
            lambda a, u, share=0.95: [r for r, s in zip(a.learning_rates, a.success_rate[u // 2]) if s >= share],
            "Not yet",
        ),
    ],
)
def test_plausible_wrong_answers_are_not_right_and_get_a_hint(capsys, wrong, hint):
    out = verdict(capsys, wrong)
    assert out.startswith("Not yet:") and hint in out
