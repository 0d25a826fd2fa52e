"""Checkers for notebook 02, Backprop in NumPy."""

import numpy as np

from .. import numpy_net
from ..network import Network
from ._checking import _verdict


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# Arrays the slope exercises try, in order: a vector, a (2, 3) array (same shape back), then large
# |z|, where e^z overflows to inf (as in a saturated unit) and the answer must still be a number.
SLOPE_CASES = (
    np.array([-3.0, -0.5, 0.0, 1.0, 4.0]),
    np.array([[-2.0, 0.25, 6.0], [10.0, -10.0, 0.5]]),
    np.array([-1000.0, -30.0, 30.0, 1000.0]),
)


def _check_slope(function, right, slips, hints, overflow_hint):
    """Run function on SLOPE_CASES (overflow silenced: its NaN is the learner's to see, not a warning);
    name a slip on the small cases, the overflow where only the large |z| go wrong."""
    name = getattr(function, "__name__", "your function")
    for z in SLOPE_CASES:
        with np.errstate(all="ignore"):
            expected = right(z)
            try:
                answer = function(z.copy())
            except Exception as error:  # shown to the learner as one line, never a traceback
                return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
            wrongs = {slip: np.asarray(wrong(z), dtype=float) for slip, wrong in slips.items()}
        if answer is None:
            return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number or array of numbers")
        if answer.shape != z.shape:
            return _verdict(
                False,
                f"for z of shape {z.shape} the answer should have shape {z.shape} (element by element); "
                f"yours has {answer.shape}",
            )
        if np.allclose(answer, expected, atol=1e-6):
            continue
        for slip, wrong in wrongs.items():
            if np.allclose(answer, wrong, atol=1e-6):
                return _verdict(False, hints[slip])
        bad = ~np.isfinite(answer)
        if bad.any() and np.allclose(answer[~bad], expected[~bad], atol=1e-6):
            where = ", ".join(f"{value:g}" for value in z[bad])
            return _verdict(False, f"right formula, but at z = {where} it gives {answer[bad][0]}: {overflow_hint}")
        return _verdict(False, f"for z = {z.tolist()} the answer is off (got {np.round(answer, 4).ravel().tolist()})")
    return _verdict(True, f"{name} gives the right slope on {len(SLOPE_CASES)} arrays, up to z = ±1000.")


def check_sigmoid_derivative(derivative):
    """derivative(z) -> the slope of the sigmoid at z, elementwise (kept for the exercise tests).

    Tried on a vector, on a (2, 3) array (the slope of each entry, same shape) and at z = +-1000,
    where the sigmoid saturates and the slope must come out as a tiny number, not NaN.
    """

    def s(z):
        return _sigmoid(z)

    slips = {
        "sigmoid itself": lambda z: s(z),
        "s(1 - z)": lambda z: s(z) * (1 - z),
        "1 - s": lambda z: 1 - s(z),
        "z(1 - z)": lambda z: z * (1 - z),
        "tanh slope": lambda z: 1 - s(z) ** 2,
    }
    hints = {
        "sigmoid itself": "that is sigmoid(z) itself, not its slope",
        "s(1 - z)": "close: the formula is s (1 - s) with s = sigmoid(z), not s (1 - z)",
        "1 - s": "that is 1 - sigmoid(z); multiply it by sigmoid(z)",
        "z(1 - z)": "z (1 - z) uses z where the formula has s = sigmoid(z): compute s first, then s (1 - s)",
        "tanh slope": "1 - s² is the slope of tanh (written with a = tanh z); the sigmoid's is s (1 - s)",
    }
    overflow = (
        "e^-z overflows to inf and inf / inf is NaN; write it as s (1 - s) with s = sigmoid(z), free of inf / inf"
    )
    return _check_slope(derivative, lambda z: s(z) * (1 - s(z)), slips, hints, overflow)


def check_softplus_derivative(derivative):
    """Exercise of notebook 02: derivative(z) -> the slope of softplus(z) = log(1 + e^z), elementwise.

    The slope is sigmoid(z). Tried on a vector, on a (2, 3) array (same shape back) and at z = +-1000,
    where e^z overflows: e^z / (1 + e^z) is the right formula but gives NaN there, and is named.
    """
    slips = {
        "softplus itself": lambda z: np.log1p(np.exp(z)),
        "e^z": lambda z: np.exp(z),
        "1 / (1 + e^z)": lambda z: 1 / (1 + np.exp(z)),
        "sigmoid's slope": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
        "ReLU's slope": lambda z: (z > 0).astype(float),
    }
    hints = {
        "softplus itself": "that is softplus itself, log(1 + e^z), not its slope",
        "e^z": "the chain rule for a log: d/dz log(u) = u' / u. You have u' = e^z; divide by u = 1 + e^z",
        "1 / (1 + e^z)": "that is 1 / u with u = 1 + e^z; the chain rule also multiplies by u' = e^z",
        "sigmoid's slope": "that is the slope of the sigmoid; differentiate log(1 + e^z) itself with the chain rule",
        "ReLU's slope": "that is the ReLU's slope (a step); softplus is a smooth ReLU, so its slope rises smoothly "
        "from 0 to 1 (it is 0.5 at z = 0)",
    }
    overflow = (
        "e^z overflows to inf and inf / inf is NaN. Divide the top and the bottom of e^z / (1 + e^z) by e^z: "
        "which function of this notebook do you get?"
    )
    return _check_slope(derivative, _sigmoid, slips, hints, overflow)


# The backward-pass exercise: several random one-hidden-layer networks, each checked against
# central finite differences of the loss (a gradient check), so no single formula is trusted.
NAMES = ("dW1", "db1", "dW2", "db2")
# (hidden units, hidden activation, loss, examples): widths 1 to 5, all three activations, both losses.
NETWORKS = [
    (3, "tanh", "binary_crossentropy", 4),
    (2, "sigmoid", "mse", 6),
    (5, "relu", "binary_crossentropy", 7),
    (1, "tanh", "mse", 5),
    (4, "sigmoid", "binary_crossentropy", 3),
    (2, "relu", "mse", 8),
    (2, "tanh", "binary_crossentropy", 5),
]
HINTS = {  # bias slips first: where only db is off, "n times too small" would name the wrong cause
    "bias not summed": "the bias gradient is delta summed over the examples, delta.sum(axis=0): delta already "
    "carries the 1 / n, so do not average it again",
    "bias zero": "the bias gradient is not zero: a bias adds 1 x delta for every example, so db = delta.sum(axis=0)",
    "no hidden slope": "delta1 is missing the hidden activation's slope: multiply (delta2 @ W2.T) by f'(Z1), "
    "element by element",
    "no output slope": "with mse, delta2 needs the sigmoid's slope too: 2 (P - y) / n * P (1 - P)",
    "mse delta for cross-entropy": "with cross-entropy and a sigmoid output, delta2 is simply (P - y) / n: "
    "the sigmoid's slope cancels, so do not multiply by 2 or by P (1 - P)",
    "cross-entropy delta for mse": "with mse, delta2 = 2 (P - y) / n * P (1 - P); (P - y) / n is cross-entropy's",
    "summed": "these are n times too large: the loss is a mean over the n examples, so delta2 carries a 1 / n",
    "divided twice": "these are n times too small: divide by n once (in delta2), not again in the gradients",
    "sign": "the sign is flipped: delta2 is P - y (prediction minus target), not y - P",
    "transposed": "that has the values of the gradient transposed: dW = A.T @ delta has the shape of W",
}


def check_backward(backward):
    """Exercise of notebook 02: backward(X, y, W1, b1, W2, b2, activation, loss) -> (dW1, db1, dW2, db2).

    A one-hidden-layer network with a sigmoid output; activation is "relu", "sigmoid" or "tanh",
    loss is "mse" or "binary_crossentropy", both averaged over the n examples. X: (n, 2), y: (n, 1),
    W1: (2, h), b1: (h,), W2: (h, 1), b2: (1,); each gradient has the shape of its parameter.
    Every answer is compared with central finite differences on seven random networks.
    """
    name = getattr(backward, "__name__", "your function")
    rng = np.random.default_rng(2024)
    real_backward = numpy_net.backward
    called = []

    def spy(*arguments, **keywords):
        called.append(True)
        return real_backward(*arguments, **keywords)

    for hidden, activation, loss, n in NETWORKS:
        X = rng.uniform(-1.5, 1.5, size=(n, 2))  # inputs beyond the four corners
        y = rng.integers(0, 2, size=(n, 1)).astype(float)
        # Biases of about +-0.5 keep every ReLU unit off its kink, where the slope is undefined.
        parameters = [rng.normal(0, 1, (2, hidden)), rng.normal(0, 0.5, hidden)]
        parameters += [rng.normal(0, 1, (hidden, 1)), rng.normal(0, 0.5, 1)]
        arguments = [array.copy() for array in (X, y, *parameters)]
        # The exercise is to write it, not to call it: the spy stands in for numpy_net.backward, also
        # where it was imported by name (from xorutils.numpy_net import backward) into the function's module.
        namespace = getattr(backward, "__globals__", {})
        imported = [key for key, value in list(namespace.items()) if value is real_backward]
        enclosed = [cell for cell in getattr(backward, "__closure__", None) or () if _holds(cell, real_backward)]
        numpy_net.backward = spy
        namespace.update(dict.fromkeys(imported, spy))
        try:
            answer = backward(*arguments, activation, loss)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}{_shape_hint(error)}")
        finally:
            numpy_net.backward = real_backward
            namespace.update(dict.fromkeys(imported, real_backward))
        if called or enclosed:
            return _verdict(False, "that calls numpy_net.backward: the exercise is to write those lines yourself")
        where = f"(for a 2-{hidden}-1 network with {activation} hidden units, {loss} and {n} examples)"
        problem = _read_answer(answer, parameters)
        if problem:
            return _verdict(False, problem)
        answer = [np.asarray(array, dtype=float) for array in answer]
        numeric = _finite_differences(X, y, parameters, activation, loss)
        if all(_close(a, b) for a, b in zip(answer, numeric)):
            continue
        slips = {slip: _reference(X, y, parameters, activation, loss, slip) for slip in HINTS}
        for index in (2, 3, 0, 1):  # the output layer first: its mistakes flow into the hidden one
            if _close(answer[index], numeric[index]):
                continue
            for slip, wrong in slips.items():
                if not _close(wrong[index], numeric[index]) and _close(answer[index], wrong[index]):
                    return _verdict(False, f"{NAMES[index]}: {HINTS[slip]} {where}")
            error = np.linalg.norm(answer[index] - numeric[index]) / (
                np.linalg.norm(answer[index]) + np.linalg.norm(numeric[index])
            )
            return _verdict(
                False, f"{NAMES[index]} disagrees with the gradient check {where}: relative error {error:.2g}"
            )
    return _verdict(
        True,
        f"{name} agrees with finite differences on {len(NETWORKS)} random networks "
        "(widths 1 to 5; ReLU, sigmoid and tanh; mse and cross-entropy).",
    )


def _holds(cell, value):
    try:
        return cell.cell_contents is value
    except ValueError:  # an empty cell
        return False


def _read_answer(answer, parameters):
    """A message if the answer is not four arrays shaped like W1, b1, W2, b2; None if it is."""
    if answer is None:
        return "the function returned None: did you forget to `return dW1, db1, dW2, db2`?"
    if not isinstance(answer, (tuple, list)) or len(answer) != 4:
        return f"return four arrays, dW1, db1, dW2, db2 (in that order); got {type(answer).__name__}"
    for label, array, parameter in zip(NAMES, answer, parameters):
        if array is Ellipsis:
            return f"{label} is still `...`: fill in the line that computes it"
        if array is None:
            return f"{label} is None: fill in the line that computes it"
        try:
            array = np.asarray(array, dtype=float)
        except (TypeError, ValueError):
            return f"{label} is not an array of numbers: got {type(array).__name__}"
        if array.shape != parameter.shape:
            advice = {
                "dW1": "X.T @ delta1 gives (2, h)",
                "db1": "delta1.sum(axis=0) sums over the examples only",
                "dW2": "H.T @ delta2 gives (h, 1)",
                "db2": "delta2.sum(axis=0) sums over the examples only",
            }[label]
            return f"{label} should have the shape of its parameter, {parameter.shape}; not {array.shape}: {advice}"
    return None


def _shape_hint(error):
    if isinstance(error, ValueError) and ("matmul" in str(error) or "shape" in str(error)):
        return " (a shape mismatch: write the shape of each side; which matrix needs a .T?)"
    return ""


def _close(a, b):
    return a.shape == b.shape and np.linalg.norm(a - b) <= 1e-6 * (np.linalg.norm(a) + np.linalg.norm(b)) + 1e-9


def _loss(X, y, parameters, activation, loss):
    network = Network([tuple(parameters[0:2]), tuple(parameters[2:4])], activation, "sigmoid")
    zs, activations = numpy_net.forward(network, X)
    return float(numpy_net.loss_value(loss, zs[-1], activations[-1], y))


def _finite_differences(X, y, parameters, activation, loss, epsilon=1e-6):
    """dLoss/dparameter for every entry, from (L(p + eps) - L(p - eps)) / (2 eps), in float64."""
    parameters = [p.astype(float) for p in parameters]
    gradients = []
    for parameter in parameters:
        gradient = np.zeros_like(parameter)
        for index in np.ndindex(parameter.shape):
            original = parameter[index]
            parameter[index] = original + epsilon
            above = _loss(X, y, parameters, activation, loss)
            parameter[index] = original - epsilon
            below = _loss(X, y, parameters, activation, loss)
            parameter[index] = original
            gradient[index] = (above - below) / (2 * epsilon)
        gradients.append(gradient)
    return gradients


def _reference(X, y, parameters, activation, loss, slip=None):
    """The backward pass written out, or with one named slip, to recognise a learner's mistake."""
    W1, b1, W2, b2 = parameters
    n = len(X)
    Z1 = X @ W1 + b1
    H = numpy_net.ACTIVATIONS[activation](Z1)
    P = numpy_net.sigmoid(H @ W2 + b2)
    uses_mse = loss == "mse"
    if (slip == "mse delta for cross-entropy" and not uses_mse) or (slip == "cross-entropy delta for mse" and uses_mse):
        uses_mse = not uses_mse
    delta2 = 2 * (P - y) / n * P * (1 - P) if uses_mse else (P - y) / n
    if slip == "no output slope" and loss == "mse":
        delta2 = 2 * (P - y) / n
    delta2 = delta2 * {"summed": n, "divided twice": 1 / n, "sign": -1}.get(slip, 1)
    slope = 1.0 if slip == "no hidden slope" else numpy_net.DERIVATIVES[activation](Z1, H)
    delta1 = (delta2 @ W2.T) * slope
    gradients = [X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)]
    if slip == "transposed":
        gradients[0] = gradients[0].T.reshape(W1.shape) if W1.shape[0] == W1.shape[1] else gradients[0]
    if slip == "bias not summed":
        gradients[1], gradients[3] = delta1.mean(axis=0), delta2.mean(axis=0)
    if slip == "bias zero":
        gradients[1], gradients[3] = np.zeros_like(b1), np.zeros_like(b2)
    return gradients


# The hand exercise: notebook 02's worked-example weights, on the other input with target 1.
HAND_WEIGHTS = dict(W11=1.5, W12=-0.5, W21=1.0, W22=1.0, c1=0.0, c2=1.0, w1=2.0, w2=-3.0, b=-1.0)
HAND_EXAMPLE = (0.0, 1.0, 1.0)  # x1, x2, target
HAND_OFF_WEIGHTS = HAND_WEIGHTS | {"c2": -1.5}  # the same, with hidden unit 2 off on this example


def _hand_values(weights=HAND_WEIGHTS, example=HAND_EXAMPLE):
    """Every forward value and delta of the 2-2-1 ReLU network on one example, with cross-entropy."""
    x1, x2, y = example
    z1 = weights["W11"] * x1 + weights["W21"] * x2 + weights["c1"]
    z2 = weights["W12"] * x1 + weights["W22"] * x2 + weights["c2"]
    h1, h2 = max(z1, 0.0), max(z2, 0.0)
    z_o = weights["w1"] * h1 + weights["w2"] * h2 + weights["b"]
    p = 1 / (1 + np.exp(-z_o))
    delta_o = p - y
    delta_1, delta_2 = delta_o * weights["w1"] * (z1 > 0), delta_o * weights["w2"] * (z2 > 0)
    return dict(x1=x1, x2=x2, y=y, h1=h1, h2=h2, z_o=z_o, p=p, delta_o=delta_o, delta_1=delta_1, delta_2=delta_2)


def check_hand_gradients(by_hand):
    """Exercise of notebook 02: seven numbers computed by hand, a dict with keys
    p, delta_o, delta_2, dW22, dW11, dw2 (to 3 decimals), for the worked example's weights
    on x = (0, 1), target 1, with a sigmoid output and cross-entropy; and delta_2_off, delta_2
    again with c2 = -1.5, where hidden unit 2 is off (z_2 = -0.5) and the ReLU's slope is 0.
    """
    v = _hand_values()
    off = _hand_values(HAND_OFF_WEIGHTS)
    right = dict(
        p=v["p"],
        delta_o=v["delta_o"],
        delta_2=v["delta_2"],
        dW22=v["delta_2"] * v["x2"],
        dW11=v["delta_1"] * v["x1"],
        dw2=v["delta_o"] * v["h2"],
        delta_2_off=off["delta_2"],
    )
    slips = {
        "p": [
            (1 / (1 + np.exp(v["z_o"])), "that is sigmoid(+5): z_o = 2·1 - 3·2 - 1 is negative, so p is small"),
            (v["z_o"], "that is z_o itself: the output is p = sigmoid(z_o)"),
        ],
        "delta_o": [
            (-v["delta_o"], "the sign is flipped: delta_o = p - y (prediction minus target)"),
            (
                2 * v["delta_o"] * v["p"] * (1 - v["p"]),
                "that is the squared error's delta; with cross-entropy it is p - y",
            ),
            (v["p"], "delta_o = p - y: subtract the target"),
        ],
        "delta_2": [
            (v["delta_o"], "follow the path from z_2 to z_o: multiply delta_o by w2 (and by the ReLU's slope at z_2)"),
            (-v["delta_2"], "check the sign: w2 = -3 and delta_o is negative"),
            (v["delta_o"] * v["h2"], "delta_2 = delta_o · w2 · f'(z_2): the path goes through the weight w2, not h2"),
        ],
        "dW22": [
            (v["delta_2"] * v["x1"], "W22 multiplies the input x2, so dW22 = delta_2 · x2"),
            (v["delta_2"] * v["h2"], "W22 multiplies the input x2, not h2: dW22 = delta_2 · x2"),
        ],
        "dW11": [
            (v["delta_1"], "W11 multiplies x1, and x1 = 0 here: what does that make its gradient?"),
        ],
        "dw2": [
            (v["delta_o"] * HAND_WEIGHTS["w2"], "w2 multiplies h2, so dw2 = delta_o · h2 (not delta_o · w2)"),
            (v["delta_2"] * v["h2"], "w2 feeds z_o directly, so its gradient uses delta_o: dw2 = delta_o · h2"),
        ],
        "delta_2_off": [
            (
                off["delta_o"] * HAND_WEIGHTS["w2"],
                "with c2 = -1.5, z_2 = -0.5 is negative: what is the ReLU's slope f'(z_2) there?",
            ),
            (v["delta_2"], "that is delta_2 with c2 = 1: redo the forward pass with c2 = -1.5"),
            (-off["delta_o"] * HAND_WEIGHTS["w2"], "with c2 = -1.5, z_2 = -0.5: what is the ReLU's slope there?"),
        ],
    }
    if not isinstance(by_hand, dict):
        return _verdict(False, f"give a dict like dict(p=..., delta_o=..., ...); got {type(by_hand).__name__}")
    missing = [key for key in right if key not in by_hand]
    if missing:
        return _verdict(False, f"the dict needs the keys {list(right)}; missing {missing}")
    for key, expected in right.items():
        answer = by_hand[key]
        if answer is Ellipsis or answer is None:
            return _verdict(False, f"{key} is still {'`...`' if answer is Ellipsis else 'None'}: fill in your number")
        if isinstance(answer, bool) or not isinstance(answer, (int, float, np.floating, np.integer)):
            return _verdict(False, f"{key} should be one number; got {answer!r}")
        if _near(answer, expected):
            continue
        for wrong, hint in slips[key]:
            if _near(answer, wrong):
                return _verdict(False, f"{key}: {hint}")
        return _verdict(False, f"{key} = {answer} is off: redo that step (numbers to 3 decimals)")
    return _verdict(True, "all seven numbers match the chain rule, to 3 decimals.")


def _near(answer, expected):
    return abs(float(answer) - float(expected)) <= 0.0015 + 1e-3 * abs(float(expected))
