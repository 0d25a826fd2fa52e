"""The XOR truth table: the four examples every notebook trains on."""

import numpy as np

from . import validation


def xor_data():
    """Return ``(X, y)``: X (4, 2) float32 inputs and y (4, 1) float32 targets.

    Rows are in truth-table order 00, 01, 10, 11, so ``y`` reads 0, 1, 1, 0.
    Fresh arrays on every call, so a notebook may change them freely.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([[0], [1], [1], [0]], dtype=np.float32)
    return X, y


def noisy_xor(points=200, noise=0.2, test_fraction=0.3, seed=0):
    """A cloud of XOR examples: each point is a random corner of the unit square plus Gaussian noise.

    The target is the XOR of the corner it came from, so noise can push a point across the
    boundary, as in real data. Returns ``(X_train, y_train, X_test, y_test)``, float32, with
    ``round(points * test_fraction)`` points held out to measure generalisation.
    """
    points = validation.integer("points", points, 4, 100_000)
    noise = validation.number_in("noise", noise, 0.0, 2.0)
    test_fraction = validation.number_in("test_fraction", test_fraction, 0.0, 0.9)
    seed = validation.seed("seed", seed)
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(points, 2))
    X = (corners + rng.normal(0, noise, size=(points, 2))).astype(np.float32)
    y = (corners[:, :1] ^ corners[:, 1:]).astype(np.float32)
    held_out = round(points * test_fraction)
    return X[held_out:], y[held_out:], X[:held_out], y[:held_out]


def dataset_or_xor(X, y, loss):
    """The XOR truth table when neither X nor y is given, else the checked (X, y)."""
    validation.paired("X", X, "y", y)
    if X is None:
        return xor_data()
    return validation.dataset(X, y, loss)
