"""The XOR truth table: the four examples every notebook trains on."""

import numpy as np


def xor_data():
    """Return ``(X, y)``: X (4, 2) float32 inputs and y (4, 1) float32 targets.

    Rows are in truth-table order 00, 01, 10, 11, so ``y`` reads 0, 1, 1, 0.
    Fresh arrays on every call, so a notebook may change them freely.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([[0], [1], [1], [0]], dtype=np.float32)
    return X, y
