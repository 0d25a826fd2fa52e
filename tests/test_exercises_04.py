"""Notebook 04's checkers: the tape's gradients of the XOR network, and a tf.function traced once.

check_tape_gradient's tests are in test_exercises.py.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from xorutils import exercises

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_gradient_tape.ipynb"


def _tf():
    from xorutils._tensorflow import load_tensorflow  # quiets TensorFlow's start-up lines first

    return load_tensorflow()


def _verdict(checker, answer, capsys):
    checker(answer)
    printed = capsys.readouterr().out
    assert "Traceback" not in printed
    return printed


def test_tape_gradient_names_numpy_for_the_lost_x_squared(capsys):
    def numpy_square(x):
        tf = _tf()
        x = tf.Variable(x)
        with tf.GradientTape() as tape:
            f = np.square(x) + 3 * x
        return tape.gradient(f, x)

    printed = _verdict(exercises.check_tape_gradient, numpy_square, capsys)
    assert printed.startswith("Not yet: ") and "not np.square" in printed, printed


def test_tape_gradient_names_numpy_for_a_none_too(capsys):
    def through_numpy(x):
        tf = _tf()
        x = tf.Variable(x)
        with tf.GradientTape() as tape:
            f = tf.constant(x.numpy() ** 2 + 3 * x.numpy())
        return tape.gradient(f, x)

    printed = _verdict(exercises.check_tape_gradient, through_numpy, capsys)
    assert printed.startswith("Not yet: ") and "gave None" in printed and "not through NumPy" in printed, printed
    assert "`return`" not in printed


# check_network_gradients: h = relu(X W1 + b1), output = sigmoid(h W2 + b2), loss = mean((output - y)**2)
def taped(W1, b1, W2, b2, X, y, hidden="relu", output="sigmoid", loss="mse", scale=1.0, variables=True):
    tf = _tf()
    act = {"relu": tf.nn.relu, "tanh": tf.tanh, "sigmoid": tf.sigmoid, "linear": tf.identity}
    weights = [tf.Variable(a) if variables else tf.constant(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        z = act[hidden](X @ weights[0] + weights[1]) @ weights[2] + weights[3]
        if loss == "mse":
            value = tf.reduce_mean((act[output](z) - y) ** 2) * scale
        else:
            value = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    return tape.gradient(value, weights)


def by_hand(W1, b1, W2, b2, X, y):
    from xorutils import Network, numpy_net

    network = Network([(W1, b1), (W2, b2)], "relu", "sigmoid")
    zs, activations = numpy_net.forward(network, X)
    return [g for pair in numpy_net.backward(network, zs, activations, y, "mse") for g in pair]


def numpy_arrays_as_sources(W1, b1, W2, b2, X, y):
    tf = _tf()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.sigmoid(tf.nn.relu(X @ W1 + b1) @ W2 + b2) - y) ** 2)
    return tape.gradient(loss, [W1, b1, W2, b2])


def numpy_inside(W1, b1, W2, b2, X, y):
    tf = _tf()
    weights = [tf.Variable(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        hidden = np.maximum(tf.matmul(X, weights[0]) + weights[1], 0)  # NumPy: the tape loses the trail
        loss = np.mean((tf.sigmoid(tf.matmul(hidden, weights[2]) + weights[3]) - y) ** 2)
    return tape.gradient(loss, weights)


def not_returned(*arguments):
    taped(*arguments)


NETWORK_RIGHT = {
    "variables": taped,
    "as NumPy arrays": lambda *a: [g.numpy() for g in taped(*a)],
    "as (dW, db) pairs": lambda *a: [tuple(taped(*a)[:2]), tuple(taped(*a)[2:])],
    "watched constants": lambda *a: (lambda tf: _watched(tf, *a))(_tf()),
}


def _watched(tf, W1, b1, W2, b2, X, y):
    weights = [tf.constant(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        tape.watch(weights)
        loss = tf.reduce_mean((tf.sigmoid(tf.nn.relu(X @ weights[0] + weights[1]) @ weights[2] + weights[3]) - y) ** 2)
    return tape.gradient(loss, weights)


NETWORK_WRONG = {
    "unwatched constants": (lambda *a: taped(*a, variables=False), "the tape watches only tf.Variables"),
    "NumPy arrays as sources": (numpy_arrays_as_sources, "NumPy arrays, which the tape cannot follow"),
    "backprop by hand": (by_hand, "not from the tape"),
    "summed loss": (lambda *a: taped(*a, scale=len(a[5])), "summed over the examples"),
    "half the loss": (lambda *a: taped(*a, scale=0.5), "no 1/2 in front"),
    "the update direction": (lambda *a: taped(*a, scale=-1.0), "minus the gradient"),
    "no output sigmoid": (lambda *a: taped(*a, output="linear"), "go through a sigmoid"),
    "no hidden ReLU": (lambda *a: taped(*a, hidden="linear"), "should use ReLU"),
    "tanh hidden": (lambda *a: taped(*a, hidden="tanh"), "should use ReLU, not tanh"),
    "cross-entropy": (lambda *a: taped(*a, loss="bce"), "cross-entropy"),
    "the XOR corners": (
        lambda W1, b1, W2, b2, X, y: taped(
            W1,
            b1,
            W2,
            b2,
            np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32),
            np.array([[0], [1], [1], [0]], np.float32),
        ),
        "the four XOR corners",
    ),
    "swapped layers": (lambda *a: taped(*a)[2:] + taped(*a)[:2], "wrong order"),
    "weights only": (lambda *a: taped(*a)[0::2], "returned 2 arrays"),
    "NumPy inside the tape": (numpy_inside, "a NumPy function (np.maximum, np.mean, ...)"),
    "no return": (not_returned, "forget to `return`"),
    "the starter code": (lambda *a: None, "under a tf.GradientTape"),
    "raises": (lambda *a: 1 / 0, "raised ZeroDivisionError"),
}


@pytest.mark.parametrize("answer", NETWORK_RIGHT.values(), ids=NETWORK_RIGHT)
def test_network_gradients_accepts_the_tapes_gradients(answer, capsys):
    assert _verdict(exercises.check_network_gradients, answer, capsys).startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), NETWORK_WRONG.values(), ids=NETWORK_WRONG)
def test_network_gradients_names_the_slip(answer, hint, capsys):
    printed = _verdict(exercises.check_network_gradients, answer, capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed
    if "gave None" in printed:
        assert "`return`" not in printed  # the unwatched tensor is to blame, not a missing return


# check_traced_once: a tf.function for f'(x) of f = x**2 + 3x, by the tape, traced once for many floats
def slope_body(x):
    tf = _tf()
    with tf.GradientTape() as tape:
        tape.watch(x)
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def test_traced_once_accepts_an_input_signature(capsys):
    tf = _tf()
    slope = tf.function(slope_body, input_signature=[tf.TensorSpec([], tf.float32)])
    assert _verdict(exercises.check_traced_once, slope, capsys).startswith("Right! ")


def unwatched_body(x):
    tf = _tf()
    with tf.GradientTape() as tape:
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def converting_body(x):
    return slope_body(_tf().convert_to_tensor(x, _tf().float32))


TRACED_WRONG = {
    "retraces for each float": (lambda tf: tf.function(converting_body), "traced 6 times"),
    "watches a Python float": (lambda tf: tf.function(slope_body), "x arrived as a Python float"),
    "not a tf.function": (lambda tf: slope_body, "plain Python function"),
    "unwatched argument": (
        lambda tf: tf.function(unwatched_body, input_signature=[tf.TensorSpec([], tf.float32)]),
        "tape.gradient gave None: inside unwatched_body, x must be watched",
    ),
    "the starter code": (lambda tf: tf.function(lambda x: None), "returned None: compute f under"),
    "the formula": (
        lambda tf: tf.function(lambda x: 2 * x + 3, input_signature=[tf.TensorSpec([], tf.float32)]),
        "without calling tape.gradient",
    ),
    "f itself": (
        lambda tf: tf.function(lambda x: x**2 + 3 * x, input_signature=[tf.TensorSpec([], tf.float32)]),
        "should be f'(x)",
    ),
}


@pytest.mark.parametrize(("make", "hint"), TRACED_WRONG.values(), ids=TRACED_WRONG)
def test_traced_once_names_the_slip(make, hint, capsys):
    printed = _verdict(exercises.check_traced_once, make(_tf()), capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def solutions():
    """The code of each hidden solution in notebook 04, by the function it defines."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    found = {}
    for cell in cells:
        source = "".join(cell["source"])
        if "<details><summary>Solution" in source:
            for code in re.findall(r"```python\n(.*?)```", source, flags=re.S):
                defined = re.search(r"def (\w+)\(", code)
                if defined:  # a worked answer without a function has no checker
                    found[defined.group(1)] = code
    return found


@pytest.mark.parametrize(
    ("function", "checker"),
    [("network_gradients", "check_network_gradients"), ("slope", "check_traced_once")],
)
def test_the_notebooks_solutions_pass_their_checkers(function, checker, capsys):
    namespace = {"tf": _tf(), "np": np}
    exec(solutions()[function], namespace)
    getattr(exercises, checker)(namespace[function])
    assert capsys.readouterr().out.startswith("Right! ")
