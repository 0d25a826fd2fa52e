"""Checkers for notebook 00, The XOR problem."""

import numpy as np

from ..data import xor_data
from ._checking import _check, _verdict


def check_mse(mse):
    """Exercise of notebook 00: mse(predictions, targets) -> the mean of the squared differences."""
    predictions = np.array([[0.5], [0.5], [0.5], [0.5]])
    targets = xor_data()[1]
    cases = [((predictions, targets), 0.25), ((np.array([[0.0], [2.0]]), np.array([[1.0], [1.0]])), 1.0)]
    slips = {
        "sum": lambda p, t: np.sum((p - t) ** 2),
        "mean absolute error": lambda p, t: np.mean(np.abs(p - t)),
        "square root (RMSE)": lambda p, t: np.sqrt(np.mean((p - t) ** 2)),
    }
    hints = {
        "sum": "that is the sum of the squared errors; divide by the number of examples to get the mean",
        "mean absolute error": "that is the mean of |error|; square each error before averaging",
        "square root (RMSE)": "that is the square root of the mean squared error; leave out the square root",
    }
    return _check(mse, cases, slips, hints)


# The gates a line can compute, as outputs on the corners (0, 0), (0, 1), (1, 0), (1, 1).
LINE_GATES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "x1 AND NOT x2": (0, 0, 1, 0),
}
_ALL_GATES = {**LINE_GATES, "NAND": (1, 1, 1, 0), "NOR": (1, 0, 0, 0), "x2 AND NOT x1": (0, 1, 0, 0)}


def _three_numbers(line, name):
    """line as three finite floats (w1, w2, b), or None after printing why it is not."""
    if isinstance(line, (str, bytes)) or not hasattr(line, "__len__"):
        return _verdict(False, f"give {name} as three numbers (w1, w2, b); got {line!r}")
    if any(number is None for number in line):
        return _verdict(False, f"replace each None in {name} with a number; got {tuple(line)!r}")
    try:
        numbers = np.asarray(line, dtype=float).ravel()
    except (TypeError, ValueError):
        return _verdict(False, f"give {name} as three numbers (w1, w2, b); got {line!r}")
    if numbers.size != 3:
        return _verdict(False, f"give {name} as three numbers (w1, w2, b); yours has {numbers.size}")
    if not np.all(np.isfinite(numbers)):
        return _verdict(False, f"{name} must be finite numbers; got {numbers.tolist()}")
    return numbers


def check_separating_line(gate, line):
    """Exercise of notebook 00: a line (w1, w2, b) whose side w1 x1 + w2 x2 + b > 0 is exactly the gate's 1s.

    gate: "AND", "OR" or "x1 AND NOT x2". Each answer is judged on the four corners, by the
    rule of the notebook: 1 above the line (score > 0), 0 below it (score < 0), and a corner on
    the line (score within 1e-9 of 0, which round-off can turn either way) answers neither.
    """
    if gate not in LINE_GATES:
        if str(gate).upper() == "XOR":
            return _verdict(False, "no line computes XOR: that is what this notebook proves")
        raise ValueError(f"gate must be one of {sorted(LINE_GATES)}; got {gate!r}")
    numbers = _three_numbers(line, "the line")
    if numbers is None:
        return None
    w1, w2, b = numbers
    corners = xor_data()[0].astype(float)
    scores = corners @ [w1, w2] + b
    on_line = [f"({x1:g}, {x2:g})" for (x1, x2), score in zip(corners, scores) if abs(score) < 1e-9]
    if on_line:
        where = " and ".join(on_line)
        return _verdict(
            False,
            f"corner{'s' if len(on_line) > 1 else ''} {where} lie{'' if len(on_line) > 1 else 's'} on your line; "
            "shift b so that every corner is strictly on one side (a score of 0 answers neither 0 nor 1)",
        )
    outputs = tuple(int(s > 0) for s in scores)
    target = LINE_GATES[gate]
    if outputs == target:
        return _verdict(True, f"w1 = {w1:g}, w2 = {w2:g}, b = {b:g} puts exactly the 1s of {gate} on the side above 0.")
    flipped = tuple(1 - t for t in target)
    if outputs == flipped:
        return _verdict(
            False,
            f"your line separates the right points, but puts {gate}'s 1s on the side below 0: "
            "multiply all three numbers by -1",
        )
    for other, table in _ALL_GATES.items():
        if outputs == table:
            return _verdict(False, f"your line computes {other} ({', '.join(map(str, table))}), not {gate}")
    shown = ", ".join(map(str, outputs))
    return _verdict(
        False,
        f"your line gives {shown} on (0, 0), (0, 1), (1, 0), (1, 1); {gate} is {', '.join(map(str, target))}",
    )


def check_low_error_line(line):
    """Exercise of notebook 00: a linear model (w1, w2, b), y = w1 x1 + w2 x2 + b, with 3 of 4 examples on
    the right side of 0.5 (strictly: above for a 1, below for a 0) and mean squared error below 0.26."""
    numbers = _three_numbers(line, "the model")
    if numbers is None:
        return None
    X, y = xor_data()
    predictions = X.astype(float) @ numbers[:2] + numbers[2]
    targets = y[:, 0].astype(float)
    offset = np.where(np.abs(predictions - 0.5) < 1e-9, 0.0, predictions - 0.5)  # round-off from 0.5 is a tie
    right = int(np.sum(np.where(targets == 1, offset > 0, offset < 0)))
    mse = float(np.mean((predictions - targets) ** 2))
    if np.all(offset == 0):
        return _verdict(
            False,
            "that is the least-squares model: 0.5 everywhere is on neither side of 0.5, so 0 of 4 count as right; "
            "tilt it a little",
        )
    if right == 3 and mse < 0.26:
        return _verdict(
            True, f"3 of 4 on the right side with MSE {mse:.4f}, close to least squares' 0.25 with 0 right."
        )
    if right == 3:
        return _verdict(
            False,
            f"3 of 4 on the right side, but the MSE is {mse:.4g}: keep the same sides and move the outputs "
            "closer to 0.5 (scale the tilt down)",
        )
    ties = int(np.sum(offset == 0))
    note = f" ({ties} output{'s' if ties > 1 else ''} exactly 0.5, on neither side)" if ties else ""
    return _verdict(False, f"{right} of 4 on the right side of 0.5{note}; the best a line can do is 3")
