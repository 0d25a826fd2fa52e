"""Checkers for notebook 07, The playground."""

import numpy as np

from ..many_seeds import train_many
from ..stats import rate_text
from ._checking import _verdict

SOLVING_SEEDS = range(200)  # the seeds each width is tried on
SOLVING_SHARE = 0.75  # ... and the share of them that must solve XOR


def check_smallest_width(smallest_width):
    """Exercise of notebook 07: smallest_width() -> the fewest tanh hidden units (an int) with which at least
    three quarters of seeds 0-199 solve XOR, train_many's other settings left at their defaults.

    The threshold sits far from every width's rate (tests/test_tour_claims.py measures the margin),
    so the answer does not hang on which 200 seeds are tried or on the processor's round-off.
    """
    name = getattr(smallest_width, "__name__", "your function")
    try:
        answer = smallest_width()
    except Exception as error:  # shown to the learner as one line, never a traceback
        return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
    problem = _not_a_width(name, answer)
    if problem:
        return _verdict(False, problem)
    answer = int(answer)
    rates = {}
    for width in range(1, 65):  # the widths up to the first that reaches the share (3 as measured)
        rates[width] = train_many(SOLVING_SEEDS, hidden_units=width).success_rate
        if rates[width] >= SOLVING_SHARE or width >= answer:
            break
    if answer == width and rates[width] >= SOLVING_SHARE:
        return _verdict(True, f"{name} returns {answer}: fewer units solve for less than three quarters of the seeds.")
    if answer > width:
        return _verdict(
            False,
            f"{answer} units do reach three quarters, but a smaller width already does: return the first width "
            "that reaches it (check where your loop starts and stops)",
        )
    solved = round(rates[answer] * len(SOLVING_SEEDS))
    return _verdict(
        False,
        f"with {answer} unit{'s' if answer > 1 else ''} only {rate_text(solved, len(SOLVING_SEEDS))} solve XOR: "
        "fewer than three quarters, so try more units",
    )


def _not_a_width(name, answer):
    """Why answer is not a number of hidden units (a whole number from 1), or None if it is one."""
    if answer is None:
        return f"{name} returned None: did you forget to `return` the result?"
    if isinstance(answer, bool | np.bool_):
        return f"{name} returned {answer}, a yes/no answer: return the number of hidden units, an int such as 5"
    if isinstance(answer, np.ndarray):
        return (
            f"{name} returned a NumPy array (shape {answer.shape}): return one number of hidden units as a plain int, "
            "e.g. int(width)"
        )
    if isinstance(answer, list | tuple | dict | set):
        return f"{name} returned a {type(answer).__name__}: return one number of hidden units, an int"
    if isinstance(answer, float | np.floating):
        if 0 < answer <= 1:
            return (
                f"{name} returned {answer:g}, which looks like a success rate (a share of seeds): "
                "return the number of hidden units instead"
            )
        return (
            f"{name} returned the float {answer!r}: a number of hidden units is a whole number, "
            "so return an int (e.g. int(width))"
        )
    if not isinstance(answer, int | np.integer):
        return f"{name} returned {answer!r}, which is not a number of hidden units (an int)"
    if answer < 1:
        return f"{name} returned {answer}: a hidden layer needs at least 1 unit"
    if answer > 64:
        return (
            f"{name} returned {answer}, which looks like a count of seeds or a percentage, not a number of hidden units"
        )
    return None
