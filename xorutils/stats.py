"""The evidence a many-seed claim needs: intervals for rates, paired comparisons, failures counted.

A success rate from 200 seeds is an estimate, so it is printed with its 95% Wilson interval.
Two settings are compared on the same seeds (the same starting weights), seed by seed, and a
seed that never solves XOR counts as slower than any seed that does, instead of being dropped.
"""

import math
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95% interval


def wilson_interval(successes, trials):
    """The 95% Wilson score interval (low, high) for a success rate of successes / trials.

    Unlike p +- 1.96 sqrt(p (1 - p) / n), it stays inside [0, 1] and is not zero-width when
    every seed (or none) succeeds: 200 of 200 gives (0.981, 1.0).
    """
    successes, trials = _count("successes", successes), _count("trials", trials)
    if trials == 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials and trials > 0; got successes={successes}, trials={trials}")
    p, z2 = successes / trials, Z_95**2
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = Z_95 * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    return max(0.0, round(centre - half, 12)), min(1.0, round(centre + half, 12))  # no -1e-18 at the edges


def rate_text(successes, trials, what="seeds"):
    """'152 of 200 seeds (76%, 95% CI 69.6-81.4%)': a count, its rate and the rate's interval."""
    low, high = wilson_interval(successes, trials)
    interval = f"{percent(low)[:-1]}-{percent(high)}"
    return f"{successes} of {trials} {what} ({percent(successes / trials)}, 95% CI {interval})"


def percent(fraction):
    """A fraction as a short percentage: 0.76 -> '76%', 0.005 -> '0.5%', 0.9955 -> '99.5%'."""
    return f"{100 * fraction:.3g}%"


def epochs_or_inf(runs):
    """Each seed's epochs to solve, with inf for a seed that ends unsolved: failures sort last."""
    return np.where(runs.solved, runs.epochs_to_solve, np.inf)


def median_epochs(runs):
    """Median epochs to solve over *all* seeds, failures counted as never: inf when half or more fail."""
    return float(np.median(epochs_or_inf(runs)))


def solved_by_epoch(runs, epochs=None):
    """(epochs,) fraction of seeds solved by epoch 1, 2, ..., epochs: a speed curve that counts failures."""
    epochs = runs.settings["epochs"] if epochs is None else epochs
    finish = np.sort(epochs_or_inf(runs))
    return np.searchsorted(finish, np.arange(1, epochs + 1), side="right") / len(finish)


def mean_epochs_with_failures_at_budget(runs):
    """Mean epochs to solve, a failure counted as the whole budget: lower is better, one number per study.

    It is the area above the solved-by-epoch curve, so it rewards both solving soon and solving at all.
    """
    return float(np.mean(np.where(runs.solved, runs.epochs_to_solve, runs.settings["epochs"])))


def best_learning_rate(studies):
    """The learning rate of {rate: ManyRuns} whose seeds solve soonest, failures counted at the budget."""
    if not studies:
        raise ValueError("studies must map at least one learning rate to its ManyRuns; got none")
    return min(studies, key=lambda rate: mean_epochs_with_failures_at_budget(studies[rate]))


@dataclass(frozen=True)
class PairedComparison:
    """Two settings run from the same seeds, compared seed by seed.

    a_faster, b_faster: seeds one side solved in fewer epochs than the other (a failure is slower
    than any success); ties: the same epoch, or neither solved (neither counts those).
    median_difference: median of B's epochs minus A's over the seeds both solved (positive: A faster).
    p_value: two-sided sign test on the seeds that are not ties: how surprising so lopsided a split
    would be if neither side were faster.
    """

    names: tuple
    seeds: int
    a_faster: int
    b_faster: int
    ties: int
    neither: int
    median_difference: float
    p_value: float

    def summary(self):
        a, b = self.names
        gap = (
            f"; where both solved, {b}'s epochs minus {a}'s: median {self.median_difference:+.0f}"
            if math.isfinite(self.median_difference)
            else ""
        )
        return (
            f"{a} faster on {self.a_faster}, {b} faster on {self.b_faster}, tied on {self.ties} "
            f"of {self.seeds} shared seeds ({self.neither} solved by neither){gap}; sign test p = {self.p_value:.2g}"
        )


def compare_paired(a, b, names=("A", "B")):
    """Compare two ManyRuns on the seeds they share; returns a PairedComparison."""
    shared, in_a, in_b = np.intersect1d(a.seeds, b.seeds, return_indices=True)
    if len(shared) == 0:
        raise ValueError("a and b share no seeds, so they cannot be compared seed by seed; train both on range(n)")
    ea, eb = epochs_or_inf(a)[in_a], epochs_or_inf(b)[in_b]
    both = np.isfinite(ea) & np.isfinite(eb)
    a_faster, b_faster = int(np.sum(ea < eb)), int(np.sum(eb < ea))
    return PairedComparison(
        names=tuple(names),
        seeds=len(shared),
        a_faster=a_faster,
        b_faster=b_faster,
        ties=len(shared) - a_faster - b_faster,
        neither=int(np.sum(~np.isfinite(ea) & ~np.isfinite(eb))),
        median_difference=float(np.median(eb[both] - ea[both])) if both.any() else math.nan,
        p_value=sign_test(a_faster, b_faster),
    )


def sign_test(wins, losses):
    """Two-sided exact sign test: P(a split at least this lopsided | each side wins half the time)."""
    n, k = wins + losses, min(wins, losses)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2**n)


def _count(name, value):
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number of seeds; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be 0 or more; got {value}")
    return int(value)
