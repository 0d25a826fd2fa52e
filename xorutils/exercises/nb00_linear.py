"""Checkers for notebook 00, The XOR problem."""

import numpy as np

from ..data import xor_data
from ._checking import _check


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
