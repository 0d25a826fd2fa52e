"""Checkers for the notebooks' exercises: each runs the learner's function and says right or not yet.

A checker never prints the solution. It tries the function on a few cases, recognises common
slips and names them as a hint, and shows an error as one line instead of a traceback.
It prints its verdict, starting "Right!" or "Not yet:", and returns nothing, so a notebook
cell shows just that line.
"""

import numpy as np

from .data import xor_data
from .many_seeds import train_many
from .network import goodfellow_params
from .stats import rate_text


def check_mse(mse):
    """Exercise 00: mse(predictions, targets) -> the mean of the squared differences."""
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


def check_hand_forward(forward):
    """Exercise 01: forward(X, W, c, w, b) -> max(0, XW + c) w + b, shape (n, 1) for X (n, 2).

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
        "the book's weights": lambda X, *weights: right(X, *book),
        "|x1 - x2|": lambda X, *weights: np.abs(X[:, :1] - X[:, 1:]),
    }
    hints = {
        "no ReLU": "the hidden layer needs its ReLU: h = max(0, XW + c) before multiplying by w",
        "ReLU on the output": "the output layer has no ReLU: it is h w + b, which can be below 0 (-1 at (1.5, 1.5))",
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
    cases = [((X, *weights), right(X, *weights)) for X, weights in [(corners, book), (beyond, book)]]
    cases.append(((np.vstack([corners, beyond]), *other), right(np.vstack([corners, beyond]), *other)))
    return _check(forward, cases, slips, hints)


def check_sigmoid_derivative(derivative):
    """Exercise 02: derivative(z) -> the slope of the sigmoid at z, elementwise."""
    z = np.array([-3.0, -0.5, 0.0, 1.0, 4.0])
    s = 1 / (1 + np.exp(-z))
    slips = {"sigmoid itself": lambda z: s, "s(1 - z)": lambda z: s * (1 - z), "1 - s": lambda z: 1 - s}
    hints = {
        "sigmoid itself": "that is sigmoid(z) itself, not its slope",
        "s(1 - z)": "close: the formula is s (1 - s) with s = sigmoid(z), not s (1 - z)",
        "1 - s": "that is 1 - sigmoid(z); multiply it by sigmoid(z)",
    }
    return _check(derivative, [((z,), s * (1 - s)), ((np.array([0.0]),), np.array([0.25]))], slips, hints)


def check_tape_gradient(gradient_at):
    """Exercise 03: gradient_at(x) -> df/dx of f(x) = x**2 + 3x at x, computed with tf.GradientTape.

    "Right!" means the tape computed it: while gradient_at runs, its tape.gradient calls are
    recorded, so a right number without them (the formula 2*x + 3) is told to use the tape, and a
    None is blamed on the tape when tape.gradient gave None, on a missing `return` otherwise.
    Tried at x of both signs, zero, a fraction and large ones, each exact in float32.
    """
    from ._tensorflow import load_tensorflow

    tf = load_tensorflow()
    name = getattr(gradient_at, "__name__", "your function")
    xs = [2.0, -1.5, 0.0, 0.25, -4.75, 10.0, 123.5]
    slips = {"f itself": lambda x: x**2 + 3 * x, "no 3x": lambda x: 2 * x, "no x**2": lambda x: 3.0}
    hints = {
        "f itself": "that is f(x); ask the tape for its slope with tape.gradient(f, x)",
        "no 3x": "the slope of 3x, which is 3, is missing: is 3 * x part of f inside the `with` block?",
        "no x**2": "that is the slope of 3x alone: is x**2 part of f inside the `with` block?",
    }
    for x in xs:
        tape_calls = []
        try:
            answer = _call_recording_tape(tf, gradient_at, x, tape_calls)
        except Exception as error:  # shown to the learner as one line, never a traceback
            if tape_calls and not all(tf.is_tensor(source) for source in tf.nest.flatten(tape_calls[-1][0])):
                return _verdict(
                    False,
                    f"tape.gradient raised {type(error).__name__}: x is a plain number there, which the tape cannot "
                    "follow: x must be a tf.Variable (or tape.watch(x) for a constant) and f must be computed "
                    "inside the `with` block",
                )
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        unfollowed = [  # the sources a tape.gradient call gave None for
            source
            for sources, result in tape_calls
            for source, slope in zip(tf.nest.flatten(sources), tf.nest.flatten(result))
            if slope is None
        ]
        if answer is None or any(a is None for a in tf.nest.flatten(answer)):
            if any(getattr(source, "dtype", tf.float32).is_integer for source in unfollowed):
                return _verdict(
                    False,
                    "tape.gradient gave None: the tape follows only floating-point values, and x is an integer "
                    "tensor: keep x a float, e.g. tf.Variable(float(x))",
                )
            if unfollowed:
                return _verdict(
                    False,
                    "tape.gradient gave None: x must be a tf.Variable (or tape.watch(x) for a constant) "
                    "and f must be computed inside the `with` block",
                )
            if tape_calls:
                return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
            return _verdict(
                False, f"{name} returned None: compute f under a tf.GradientTape and `return` tape.gradient(f, x)"
            )
        if isinstance(answer, list | tuple):
            return _verdict(
                False,
                f"{name} returned a {type(answer).__name__}: return one number, "
                "tape.gradient(f, x) with x itself rather than [x]",
            )
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number")
        if value.shape != ():
            return _verdict(
                False,
                f"{name}({x}) should return one number, the slope at x, but its answer has shape {value.shape}: "
                "make x from the number itself, tf.Variable(x), not from a list",
            )
        if not np.isclose(value, 2 * x + 3, rtol=1e-6, atol=1e-6):
            for slip, wrong in slips.items():
                if np.isclose(value, wrong(x), rtol=1e-6, atol=1e-6):
                    return _verdict(False, hints[slip])
            return _verdict(False, f"for x = {x} the slope is off (got {float(value):.6g}, expected {2 * x + 3:g})")
        if not tape_calls:
            return _verdict(
                False,
                f"{name}({x}) is the right number, but not from the tape (the formula?): "
                "compute it with tf.GradientTape and return tape.gradient(...)",
            )
    return _verdict(True, f"{name} gets f'(x) from the tape, right at {len(xs)} points from {min(xs)} to {max(xs)}.")


def _call_recording_tape(tf, function, x, calls):
    """Return function(x), appending (sources, result) to calls for each tape.gradient call it makes.

    tf.GradientTape.gradient is wrapped for the length of the call, and always put back. A call
    that raises stays in calls with the result None.
    """
    original = tf.GradientTape.gradient

    def recording(tape, target, sources, *args, **kwargs):
        calls.append((sources, None))
        calls[-1] = (sources, original(tape, target, sources, *args, **kwargs))
        return calls[-1][1]

    tf.GradientTape.gradient = recording
    try:
        return function(x)
    finally:
        tf.GradientTape.gradient = original


def check_parameter_count(count):
    """Exercise 04: count(layer_sizes) -> weights and biases of a Dense network, e.g. [2, 2, 1] -> 9."""
    networks = [[2, 2, 1], [2, 16, 1], [2, 32, 32, 1]]

    def weights_only(sizes):
        return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))

    slips = {"no biases": weights_only, "input biases": lambda sizes: weights_only(sizes) + sum(sizes)}
    hints = {
        "no biases": "that counts the weights only; every unit after the input layer also has a bias",
        "input biases": "the input layer has no biases: only units that compute something do",
    }
    cases = [((sizes,), weights_only(sizes) + sum(sizes[1:])) for sizes in networks]
    return _check(count, cases, slips, hints)


SOLVING_SEEDS = range(200)  # exercise 06: the seeds each width is tried on
SOLVING_SHARE = 0.75  # ... and the share of them that must solve XOR


def check_smallest_width(smallest_width):
    """Exercise 06: smallest_width() -> the fewest tanh hidden units (an int) with which at least
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


def check_good_rates(good_rates):
    """Exercise 05: good_rates(atlas, units, share) -> the learning rates where at least share of seeds solve.

    Tried on small made-up atlases whose widths are not 1, 2, 3, ... (so a row index is not a width)
    and with a rate solved by exactly the share (so > instead of >= shows).
    """
    atlas = _made_up_atlas(
        hidden_units=(1, 3, 5), learning_rates=(0.1, 0.3, 1.0, 3.0), solved=[[0, 0, 0, 0], [19, 20, 18, 19], [20] * 4]
    )
    cases = [((atlas, 3), [0.1, 0.3, 3.0]), ((atlas, 3, 0.99), [0.3]), ((atlas, 5, 0.5), [0.1, 0.3, 1.0, 3.0])]
    row_of = atlas.hidden_units.index
    slips = {
        "indices": lambda a, u, share=0.95: [i for i, r in enumerate(a.success_rate[row_of(u)]) if r >= share],
        "strictly more": lambda a, u, share=0.95: [
            rate for rate, r in zip(a.learning_rates, a.success_rate[row_of(u)]) if r > share
        ],
        "success rates": lambda a, u, share=0.95: [r for r in a.success_rate[row_of(u)] if r >= share],
    }
    hints = {
        "indices": "those are column numbers; return the learning rates themselves (atlas.learning_rates)",
        "strictly more": "a rate solved by exactly `share` of the seeds counts too: use >=, not >",
        "success rates": "those are success rates; return the learning rates at which they are high enough",
    }
    try:  # a slip can change the answer's length, which _check would report before naming the slip
        first = np.asarray(good_rates(*cases[0][0]), dtype=float)
    except IndexError:
        return _verdict(
            False,
            "atlas.success_rate rows are widths in the order of atlas.hidden_units: "
            "find the row with atlas.hidden_units.index(units)",
        )
    except Exception:  # _check reports it as one line
        first = None
    for slip, wrong in slips.items():
        expected = np.asarray(wrong(*cases[0][0]), dtype=float)
        if first is not None and first.shape == expected.shape and np.allclose(first, expected):
            return _verdict(False, hints[slip])
    return _check(good_rates, [*cases, ((atlas, 1), [])], slips, hints)


def _made_up_atlas(hidden_units, learning_rates, solved, seeds=20):
    """An Atlas whose cell (i, j) has solved[i][j] of `seeds` seeds solved (at epoch 10), for checkers."""
    from .atlas import Atlas

    solved = np.array(solved)
    epochs = np.where(np.arange(seeds) < solved[..., None], 10.0, np.nan)
    settings = dict(activation="tanh", output_activation="sigmoid", loss="binary_crossentropy", optimizer="sgd")
    never_diverged = np.zeros(epochs.shape, dtype=bool)
    return Atlas(
        settings | dict(epochs=100), hidden_units, learning_rates, np.arange(seeds), epochs, never_diverged, 0.0
    )


def _check(function, cases, slips, hints):
    """Run function on every (arguments, expected) case; name a known slip when the answer matches one."""
    name = getattr(function, "__name__", "your function")
    for arguments, expected in cases:
        try:
            answer = function(*arguments)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        if answer is None:
            return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number or array of numbers")
        expected = np.asarray(expected, dtype=float)
        if answer.shape != expected.shape and answer.size == expected.size:
            answer = answer.reshape(expected.shape)
        if answer.shape != expected.shape:
            return _verdict(False, f"the answer should have shape {expected.shape}; yours has {answer.shape}")
        if not np.allclose(answer, expected, atol=1e-6):
            for slip, wrong in slips.items():
                if np.allclose(answer, np.asarray(wrong(*arguments), dtype=float).reshape(expected.shape), atol=1e-6):
                    return _verdict(False, hints[slip])
            shown = ", ".join(repr(a) if not hasattr(a, "shape") else f"an array of shape {a.shape}" for a in arguments)
            return _verdict(False, f"for {shown} the answer is off (got {np.round(answer, 4).ravel().tolist()})")
    return _verdict(True, f"{name} gives the right answer on {len(cases)} test case{'s' if len(cases) > 1 else ''}.")


def _verdict(right, message):
    print(("Right! " if right else "Not yet: ") + message)
