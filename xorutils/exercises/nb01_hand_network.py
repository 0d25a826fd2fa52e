"""Checkers for notebook 01, Hand-set weights."""

import numpy as np

from ..data import xor_data
from ..network import goodfellow_params
from ._checking import _verdict


def _show(array):
    return str(np.round(np.asarray(array, dtype=float), 4).tolist())


def _run_forward(forward, cases, slips, hints):
    """Like _check, for forward(X, W, c, w, b): a wrong shape or value is matched against the slips
    first (np.max gives one row, not n), then shown at the first input where it is wrong."""
    for arguments, expected, described in cases:
        try:
            answer = forward(*(np.array(a, copy=True) for a in arguments))
        except Exception as error:  # shown to the learner as one line, never a traceback
            if isinstance(error, ValueError) and "truth value" in str(error):
                return _verdict(
                    False,
                    "forward raised ValueError: Python's max(Z, 0) cannot compare a whole array with 0; "
                    "np.maximum(Z, 0) compares each number",
                )
            return _verdict(False, f"forward raised {type(error).__name__}: {error}")
        if answer is None:
            return _verdict(False, "forward returned None: did you forget to `return` the result?")
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"forward returned {answer!r}, which is not a number or array of numbers")
        if answer.shape != expected.shape and answer.size == expected.size:
            answer = answer.reshape(expected.shape)
        if answer.shape == expected.shape and np.allclose(answer, expected, atol=1e-6):
            continue
        for slip, wrong in slips.items():
            with np.errstate(all="ignore"):
                try:
                    wrong = np.asarray(wrong(*arguments), dtype=float)
                except Exception:
                    continue
            if wrong.shape == answer.shape and np.allclose(answer, wrong, atol=1e-6):
                return _verdict(False, hints[slip])
        if answer.shape != expected.shape:
            return _verdict(False, f"the answer should have shape {expected.shape}; yours has {answer.shape}")
        row = int(np.flatnonzero(~np.all(np.isclose(answer, expected, atol=1e-6), axis=1))[0])
        x1, x2 = arguments[0][row]
        return _verdict(
            False,
            f"the answer is off: at input ({x1:g}, {x2:g}), {described}, the output should be "
            f"{expected[row, 0]:.4g}; yours gives {answer[row, 0]:.4g}",
        )
    return _verdict(True, f"forward gives the right answer on {len(cases)} test cases, with 2 and 3 hidden units.")


def check_hand_forward(forward):
    """Exercise of notebook 01: forward(X, W, c, w, b) -> max(0, XW + c) w + b, shape (n, 1) for X (n, 2),
    for any number of hidden units k: W (2, k), c (k,), w (k, 1), b (1,).

    Tried on the corners and on points between and beyond them, where the slips that still give
    0, 1, 1, 0 on the corners (a ReLU on the output, |x1 - x2|) show; then with other weights and
    b != 0, which catch a forgotten b or the book's weights used in place of the arguments, and
    with 3 hidden units. A wrong answer is shown at the first input where it is wrong.
    """
    corners = xor_data()[0]
    beyond = np.array([[0.5, 0.5], [1.5, 1.5], [0.25, 0.25]], dtype=np.float32)  # outputs 1, -1, 0.25
    book = [array for layer in goodfellow_params().layers for array in layer]  # W, c, w, b (b = 0)
    other = [np.array(a, dtype=np.float32) for a in ([[2, -1], [1, 1]], [-1, 0.5], [[1], [-3]], [0.5])]
    three = [  # 3 hidden units
        np.array(a, dtype=np.float32) for a in ([[1, -1, 0.5], [1, 2, -1]], [0, -1, 0.25], [[1], [-2], [1.5]], [-0.25])
    ]

    def right(X, W, c, w, b):
        return np.maximum(X @ W + c, 0) @ w + b

    slips = {
        "no ReLU": lambda X, W, c, w, b: (X @ W + c) @ w + b,
        "ReLU on the output": lambda X, W, c, w, b: np.maximum(right(X, W, c, w, b), 0),
        "no b": lambda X, W, c, w, b: np.maximum(X @ W + c, 0) @ w,
        "c after the ReLU": lambda X, W, c, w, b: (np.maximum(X @ W, 0) + c) @ w + b,
        "np.max": lambda X, W, c, w, b: np.max(X @ W + c, 0) @ w + b,
        "the book's weights": lambda X, *weights: right(X, *book),
        "|x1 - x2|": lambda X, *weights: np.abs(X[:, :1] - X[:, 1:]),
    }
    hints = {
        "no ReLU": "the hidden layer needs its ReLU: h = max(0, XW + c) before multiplying by w",
        "ReLU on the output": "the output layer has no ReLU: it is h w + b, which can be below 0 (-1 at (1.5, 1.5))",
        "c after the ReLU": "add the hidden biases c before the ReLU: h = max(0, XW + c); added after it, "
        "h2 at (0, 0) is -1 instead of 0",
        "no b": "add the output bias b: the book's b is 0, but the checker also tries b = 0.5",
        "np.max": "np.max(Z, 0) is the largest number down each column (one row, not one per input); "
        "the ReLU is np.maximum(Z, 0), which compares each number with 0",
        "the book's weights": "use the weights passed to forward: given other W, c, w and b, yours still "
        "computes the book's network",
        "|x1 - x2|": "|x1 - x2| is XOR on the corners, but this network outputs 1 at (0.5, 0.5): "
        "compute max(0, XW + c) w + b",
    }
    try:  # first, on 3 inputs: a hard-coded table or a flat (n,) answer shows in the shape
        probe = np.asarray(forward(beyond.copy(), *(array.copy() for array in book)), dtype=float)
    except Exception:  # errors and None are reported by _run_forward below, as one line
        probe = None
    if probe is not None and probe.size == 4 and np.allclose(probe.ravel(), [0, 1, 1, 0]):
        return _verdict(False, "compute the outputs from X: given 3 inputs, forward returned the 4 XOR answers")
    if probe is not None and probe.size == len(beyond) and probe.shape != (len(beyond), 1):
        return _verdict(False, f"return one row per input, shape (n, 1): (3, 1) for 3 inputs; yours has {probe.shape}")
    # other weights first: there a negative XW tells "c after the ReLU" from "no ReLU", equal on the book's
    everywhere = np.vstack([corners, beyond])
    described = {
        "other": "with W = [[2, -1], [1, 1]], c = [-1, 0.5], w = [[1], [-3]], b = [0.5]",
        "three": "with 3 hidden units: W = [[1, -1, 0.5], [1, 2, -1]], c = [0, -1, 0.25], "
        "w = [[1], [-2], [1.5]], b = [-0.25]",
        "book": "with the book's weights",
    }
    cases = [
        ((everywhere, *other), right(everywhere, *other), described["other"]),
        ((everywhere, *three), right(everywhere, *three), described["three"]),
    ]
    cases += [((X, *book), right(X, *book), described["book"]) for X in (corners, beyond)]
    return _run_forward(forward, cases, slips, hints)


def check_xnor_weights(W, c, w, b):
    """Exercise of notebook 01: weights of a 2-2-1 ReLU network, max(0, XW + c) w + b, that output
    XNOR (1 when the two bits are equal) exactly: 1, 0, 0, 1 on (0, 0), (0, 1), (1, 0), (1, 1).

    Shapes: W (2, 2), c (2,), w (2, 1), b (1,); w as (2,) and b as a plain number are accepted, w as a
    row (1, 2) is not (the learner's own H @ w would fail).
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
        if name == "w" and array.shape not in [(2, 1), (2,)]:
            return _verdict(
                False,
                f"w should be a column, shape (2, 1): H @ w needs one row per hidden unit; yours has {array.shape}",
            )
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


def check_half_point(point):
    """Exercise of notebook 01: a point (x1, x2) off the diagonal (x1 != x2) where the hand-set network
    outputs exactly 0.5. Its output depends only on s = x1 + x2: 0.5 at s = 0.5 and s = 1.5."""
    if isinstance(point, (str, bytes)) or not hasattr(point, "__len__"):
        return _verdict(False, f"give the point as two numbers (x1, x2); got {point!r}")
    if any(number is None for number in point):
        return _verdict(False, f"replace each None with a number; got {tuple(point)!r}")
    try:
        numbers = np.asarray(point, dtype=float).ravel()
    except (TypeError, ValueError):
        return _verdict(False, f"give the point as two numbers (x1, x2); got {point!r}")
    if numbers.size != 2:
        return _verdict(False, f"give the point as two numbers (x1, x2); yours has {numbers.size}")
    if not np.all(np.isfinite(numbers)):
        return _verdict(False, f"the point must be finite numbers; got {numbers.tolist()}")
    x1, x2 = numbers
    W, c, w, b = (np.asarray(array, dtype=float) for layer in goodfellow_params().layers for array in layer)
    output = float((np.maximum(numbers @ W + c, 0) @ w + b)[0])
    s = x1 + x2
    if abs(x1 - x2) < 1e-9:
        return _verdict(False, f"({x1:g}, {x2:g}) is on the diagonal x1 = x2, like the table's points: find one off it")
    if abs(output - 0.5) < 1e-9:
        return _verdict(
            True,
            f"at ({x1:g}, {x2:g}), s = x1 + x2 = {s:g} and the output is 0.5. Every point with s = 0.5 or "
            "s = 1.5 gives 0.5: those are the two boundary lines.",
        )
    if abs(s - 1) < 1e-9:
        return _verdict(False, "s = x1 + x2 = 1 is where h2 bends, the top of the tent: the output there is 1")
    if abs(s) < 1e-9:
        return _verdict(False, "s = x1 + x2 = 0 is where h1 bends: the output there is 0")
    return _verdict(
        False,
        f"at ({x1:g}, {x2:g}) the output is {output:.4g} (s = x1 + x2 = {s:g}); the output depends only on s: "
        "which sums give 0.5?",
    )


def check_same_boundary(w, b):
    """Exercise of notebook 01: output weights w (2, 1) and b (1,) for the book's hidden layer, other than
    the book's own, whose outputs differ from 0, 1, 1, 0 while the decision boundary stays where it is:
    output 0.5 exactly where h1 - 2 h2 = 0.5, with the 1s on the same side. That holds for
    w = k (1, -2), b = 0.5 - 0.5 k, with k > 0."""
    arrays = {}
    for name, value, shape in [("w", w, (2, 1)), ("b", b, (1,))]:
        if value is None:
            return _verdict(False, f"{name} is None: replace it with numbers of shape {shape}")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} should be numbers of shape {shape}; got {value!r}")
        if array.size != int(np.prod(shape)) or (name == "w" and array.shape not in [(2, 1), (2,)]):
            return _verdict(False, f"{name} should have shape {shape}; yours has {array.shape}")
        if not np.all(np.isfinite(array)):
            return _verdict(False, f"{name} must hold finite numbers; got {array.tolist()}")
        arrays[name] = array.reshape(shape)
    (W, c), _ = goodfellow_params().layers
    X, y = xor_data()
    H = np.maximum(X.astype(float) @ W + c, 0)
    output = (H @ arrays["w"] + arrays["b"])[:, 0]
    (w1, w2), bias = arrays["w"][:, 0], arrays["b"][0]
    line = np.array([w1, w2, bias - 0.5])  # the boundary: w1 h1 + w2 h2 + (b - 0.5) = 0
    book = np.array([1.0, -2.0, -0.5])
    k = float(line @ book / (book @ book))  # the multiple of the book's line, if it is one
    proportional = np.allclose(line, k * book, atol=1e-9)
    if proportional and abs(k - 1) < 1e-9:
        return _verdict(False, "those are the book's own weights; find others: try w twice the book's, then choose b")
    if proportional and k > 1e-9:
        return _verdict(
            True,
            f"outputs {np.round(output, 4).tolist()}: none has to equal its target, yet the output is 0.5 exactly "
            f"where h1 - 2 h2 = 0.5, the book's boundary, with the 1s above it (w = {k:g} x the book's).",
        )
    if proportional and k < -1e-9:
        return _verdict(False, "the boundary is the same line, but the sides are swapped: the 1s are now below 0.5")
    right = int(np.sum(np.where(y[:, 0] == 1, output > 0.5, output < 0.5)))
    shown = np.round(output, 4).tolist()
    if right == 4:
        return _verdict(
            False,
            f"outputs {shown} are each on their target's side of 0.5, but the boundary moved: the output is 0.5 "
            f"where {w1:g} h1 {'-' if w2 < 0 else '+'} {abs(w2):g} h2 = {0.5 - bias:g}; keep it at h1 - 2 h2 = 0.5 "
            "(scale w, then choose b)",
        )
    return _verdict(
        False, f"outputs {shown}: {right} of 4 on their target's side of 0.5; the book's boundary has all 4"
    )
