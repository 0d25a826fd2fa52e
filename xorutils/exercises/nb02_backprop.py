"""Checkers for notebook 02, Backprop in NumPy."""

import numpy as np

from ._checking import _check


def check_sigmoid_derivative(derivative):
    """Exercise of notebook 02: derivative(z) -> the slope of the sigmoid at z, elementwise."""
    z = np.array([-3.0, -0.5, 0.0, 1.0, 4.0])
    s = 1 / (1 + np.exp(-z))
    slips = {"sigmoid itself": lambda z: s, "s(1 - z)": lambda z: s * (1 - z), "1 - s": lambda z: 1 - s}
    hints = {
        "sigmoid itself": "that is sigmoid(z) itself, not its slope",
        "s(1 - z)": "close: the formula is s (1 - s) with s = sigmoid(z), not s (1 - z)",
        "1 - s": "that is 1 - sigmoid(z); multiply it by sigmoid(z)",
    }
    return _check(derivative, [((z,), s * (1 - s)), ((np.array([0.0]),), np.array([0.25]))], slips, hints)
