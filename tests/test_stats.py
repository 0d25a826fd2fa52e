import math

import numpy as np
import pytest

import xorutils
from xorutils import stats


def runs(epochs_to_solve, budget=10, seeds=None):
    """A ManyRuns with only the fields the statistics read."""
    solve = np.array(epochs_to_solve, dtype=float)
    seeds = np.arange(len(solve)) if seeds is None else np.array(seeds)
    blank = np.zeros(len(solve))
    outputs = np.full((len(solve), 4), np.nan)
    return xorutils.ManyRuns(
        dict(epochs=budget), seeds, blank[:, None], solve, blank, blank, outputs, blank.astype(bool)
    )


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    # reference values from the Wilson formula worked by hand (and R's prop.test without correction)
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (200, 200, 0.9812, 1.0), (152, 200, 0.6963, 0.8139)],
)
def test_wilson_interval_matches_reference_values(successes, trials, low, high):
    got = stats.wilson_interval(successes, trials)
    assert got == pytest.approx((low, high), abs=1e-4)
    assert got[0] <= successes / trials <= got[1]


def test_rate_text_gives_count_rate_and_interval():
    assert stats.rate_text(152, 200) == "152 of 200 seeds (76%, 95% CI 69.6-81.4%)"
    assert stats.rate_text(0, 200).startswith("0 of 200 seeds (0%, 95% CI 0-1.88%)")


@pytest.mark.parametrize(
    ("successes", "trials", "error", "words"),
    [(3, 2, ValueError, ["successes=3", "trials=2"]), (1, 0, ValueError, ["trials=0"]), (0.5, 4, TypeError, ["0.5"])],
)
def test_bad_counts_get_clear_errors(successes, trials, error, words):
    with pytest.raises(error) as raised:
        stats.wilson_interval(successes, trials)
    assert all(word in str(raised.value) for word in words)


def test_solved_by_epoch_counts_failures_as_never():
    curve = stats.solved_by_epoch(runs([1, 3, np.nan, 2], budget=4))
    assert curve.tolist() == [0.25, 0.5, 0.75, 0.75]


def test_median_epochs_is_inf_when_half_fail():
    assert stats.median_epochs(runs([5, 7, np.nan])) == 7
    assert stats.median_epochs(runs([5, np.nan, np.nan, 3])) == math.inf


def test_paired_comparison_counts_wins_ties_and_failures_on_shared_seeds():
    a = runs([1, 5, np.nan, 3, np.nan, 9], seeds=[0, 1, 2, 3, 4, 5])
    b = runs([2, 4, 7, 3, np.nan], seeds=[0, 1, 2, 3, 4])  # seed 5 is a's alone: left out
    result = stats.compare_paired(a, b, names=("a", "b"))
    assert (result.seeds, result.a_faster, result.b_faster, result.ties, result.neither) == (5, 1, 2, 2, 1)
    assert result.median_difference == 0  # b - a over seeds 0, 1, 3: +1, -1, 0
    assert result.p_value == 1.0
    assert "a faster on 1, b faster on 2, tied on 2 of 5 shared seeds (1 solved by neither)" in result.summary()


def test_paired_comparison_needs_shared_seeds():
    with pytest.raises(ValueError, match="share no seeds"):
        stats.compare_paired(runs([1], seeds=[0]), runs([1], seeds=[1]))


def test_sign_test_exact_values():
    assert stats.sign_test(10, 0) == pytest.approx(2 / 1024)
    assert stats.sign_test(5, 5) == 1.0 and stats.sign_test(0, 0) == 1.0
    assert stats.sign_test(60, 40) == pytest.approx(0.0569, abs=1e-4)


def test_best_learning_rate_weighs_failures_at_the_budget():
    fast_but_failing = runs([2, 2, np.nan, np.nan], budget=100)  # mean (2 + 2 + 100 + 100) / 4 = 51
    slow_but_sure = runs([30, 30, 30, 30], budget=100)  # mean 30
    assert stats.best_learning_rate({1.0: fast_but_failing, 0.1: slow_but_sure}) == 0.1
    with pytest.raises(ValueError, match="at least one"):
        stats.best_learning_rate({})


def test_summary_gives_the_interval():
    many = xorutils.train_many(range(20), hidden_units=2, epochs=200)
    solved = int(many.solved.sum())
    assert many.summary().startswith(f"solved by {stats.rate_text(solved, 20)}")
