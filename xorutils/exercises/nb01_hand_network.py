"""Checkers for notebook 01, Hand-set weights."""

import numpy as np

from ..data import xor_data
from ..network import goodfellow_params
from ._checking import _check, _verdict


def check_hand_forward(forward):
    """Exercise of notebook 01: forward(X, W, c, w, b) -> max(0, XW + c) w + b, shape (n, 1) for X (n, 2).

    Tried on the corners and on points between and beyond them, where the slips that still give
    0, 1, 1, 0 on the corners (a ReLU on the output, |x1 - x2|) show; then with other weights and
    b != 0, which catch a forgotten b or the book's weights used in place of the arguments.
    """
    corners = xor_data()[0]
    beyond = np.array([[0.5, 0.5], [1.5, 1.5], [0.25, 0.25]], dtype=np.float32)  # outputs 1, -1, 0.25
    book = [array for layer in goodfellow_params().layers for array in layer]  # W, c, w, b (b = 0)
    other = [np.array(a, dtype=np.float32) for a in ([[2, -1], [1, 1]], [-1, 0.5], [[1], [-3]], [0.5])]

    def right(X, W, c, w, b):
        return np.maximum(X @ W + c, 0) @ w + b

    slips = {
        "no ReLU": lambda X, W, c, w, b: (X @ W + c) @ w + b,
        "ReLU on the output": lambda X, W, c, w, b: np.maximum(right(X, W, c, w, b), 0),
        "no b": lambda X, W, c, w, b: np.maximum(X @ W + c, 0) @ w,
        "c after the ReLU": lambda X, W, c, w, b: (np.maximum(X @ W, 0) + c) @ w + b,
        "the book's weights": lambda X, *weights: right(X, *book),
        "|x1 - x2|": lambda X, *weights: np.abs(X[:, :1] - X[:, 1:]),
    }
    hints = {
        "no ReLU": "the hidden layer needs its ReLU: h = max(0, XW + c) before multiplying by w",
        "ReLU on the output": "the output layer has no ReLU: it is h w + b, which can be below 0 (-1 at (1.5, 1.5))",
        "c after the ReLU": "add the hidden biases c before the ReLU: h = max(0, XW + c); added after it, "
        "h2 at (0, 0) is -1 instead of 0",
        "no b": "add the output bias b: the book's b is 0, but the checker also tries b = 0.5",
        "the book's weights": "use the weights passed to forward: given other W, c, w and b, yours still "
        "computes the book's network",
        "|x1 - x2|": "|x1 - x2| is XOR on the corners, but this network outputs 1 at (0.5, 0.5): "
        "compute max(0, XW + c) w + b",
    }
    try:  # first, on 3 inputs: a hard-coded table or a flat (n,) answer shows in the shape
        probe = np.asarray(forward(beyond.copy(), *(array.copy() for array in book)), dtype=float)
    except Exception:  # errors and None are reported by _check below, as one line
        probe = None
    if probe is not None and probe.size == 4 and np.allclose(probe.ravel(), [0, 1, 1, 0]):
        return _verdict(False, "compute the outputs from X: given 3 inputs, forward returned the 4 XOR answers")
    if probe is not None and probe.size == len(beyond) and probe.shape != (len(beyond), 1):
        return _verdict(False, f"return one row per input, shape (n, 1): (3, 1) for 3 inputs; yours has {probe.shape}")
    # other weights first: there a negative XW tells "c after the ReLU" from "no ReLU", equal on the book's
    everywhere = np.vstack([corners, beyond])
    cases = [((everywhere, *other), right(everywhere, *other))]
    cases += [((X, *weights), right(X, *weights)) for X, weights in [(corners, book), (beyond, book)]]
    return _check(forward, cases, slips, hints)


def check_xnor_weights(W, c, w, b):
    """Exercise of notebook 01: weights of a 2-2-1 ReLU network, max(0, XW + c) w + b, that output
    XNOR (1 when the two bits are equal) exactly: 1, 0, 0, 1 on (0, 0), (0, 1), (1, 0), (1, 1).

    Shapes: W (2, 2), c (2,), w (2, 1), b (1,); w as (2,) and b as a plain number are accepted.
    """
    arrays = {}
    for name, value, shape in [("W", W, (2, 2)), ("c", c, (2,)), ("w", w, (2, 1)), ("b", b, (1,))]:
        if value is None:
            return _verdict(False, f"{name} is None: replace it with numbers of shape {shape}")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} should be numbers of shape {shape}; got {value!r}")
        if array.size != int(np.prod(shape)):
            return _verdict(False, f"{name} should have shape {shape}; yours has {array.shape}")
        if name == "W" and array.shape != (2, 2):
            return _verdict(False, f"W should have shape (2, 2), one column per hidden unit; yours has {array.shape}")
        if not np.all(np.isfinite(array)):
            return _verdict(False, f"{name} must hold finite numbers; got {array.tolist()}")
        arrays[name] = array.reshape(shape)
    corners = xor_data()[0].astype(float)
    output = (np.maximum(corners @ arrays["W"] + arrays["c"], 0) @ arrays["w"] + arrays["b"])[:, 0]
    xnor, xor = np.array([1.0, 0, 0, 1]), np.array([0.0, 1, 1, 0])
    shown = np.round(output, 4).tolist()
    if np.allclose(output, xnor, atol=1e-6):
        return _verdict(True, "your network outputs exactly 1, 0, 0, 1: XNOR.")
    if np.allclose(output, xor, atol=1e-6):
        return _verdict(
            False, "that network still computes XOR (0, 1, 1, 0); XNOR is 1 - XOR: what does that do to w and b?"
        )
    if np.allclose(output, -xor, atol=1e-6):
        return _verdict(False, "outputs 0, -1, -1, 0 are -XOR: you negated the output weights; now add 1 through b")
    if np.allclose(output, 1 + xor, atol=1e-6):
        return _verdict(False, "outputs 1, 2, 2, 1 are 1 + XOR: adding 1 through b was right; also negate w")
    if np.all((output > 0.5) == (xnor == 1)) and np.all((output < 0.5) == (xnor == 0)):
        return _verdict(
            False, f"each output {shown} is on XNOR's side of 0.5, but the exercise asks for exactly 1, 0, 0, 1"
        )
    return _verdict(False, f"your network outputs {shown} on (0, 0), (0, 1), (1, 0), (1, 1); XNOR is 1, 0, 0, 1")
