"""Notebook 02's checkers: a right backward pass passes, each common slip gets its own hint."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils import exercises, numpy_net

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_backprop_numpy.ipynb"


def learner_backward(slip=None):
    """A learner's backward pass: right, or with one slip a learner makes."""

    def backward(X, y, W1, b1, W2, b2, activation, loss):
        n = len(X)
        Z1 = X @ W1 + b1
        H = numpy_net.ACTIVATIONS[activation](Z1)
        P = numpy_net.sigmoid(H @ W2 + b2)
        if loss == "binary_crossentropy":
            delta2 = 2 * (P - y) / n * P * (1 - P) if slip == "mse delta everywhere" else (P - y) / n
        elif slip == "no output slope":
            delta2 = 2 * (P - y) / n
        elif slip == "cross-entropy delta everywhere":
            delta2 = (P - y) / n
        else:
            delta2 = 2 * (P - y) / n * P * (1 - P)
        if slip == "summed":
            delta2 = delta2 * n
        if slip == "divided twice":
            delta2 = delta2 / n
        if slip == "y - P":
            delta2 = -delta2
        dW2 = H.T @ delta2
        db2 = delta2.sum(axis=0)
        if slip == "W2 not transposed":
            delta1 = delta2 @ W2 * numpy_net.DERIVATIVES[activation](Z1, H)
        elif slip == "no hidden slope":
            delta1 = delta2 @ W2.T
        else:
            delta1 = (delta2 @ W2.T) * numpy_net.DERIVATIVES[activation](Z1, H)
        dW1 = delta1.T @ X if slip == "delta.T @ X" else X.T @ delta1
        db1 = delta1.sum(axis=0)
        if slip == "no bias gradient":
            db1, db2 = np.zeros_like(b1), np.zeros_like(b2)
        if slip == "bias averaged":
            db1, db2 = delta1.mean(axis=0), delta2.mean(axis=0)
        if slip == "bias summed over everything":
            db1 = delta1.sum()
        if slip == "wrong order":
            return dW2, db2, dW1, db1
        if slip == "placeholder":
            return dW1, ..., dW2, db2
        if slip == "no return":
            return None
        if slip == "two values":
            return dW1, db1
        return dW1, db1, dW2, db2

    return backward


def test_a_right_backward_pass_passes(capsys):
    exercises.check_backward(learner_backward())
    assert capsys.readouterr().out.startswith("Right! ")


SLIPS = [
    ("no hidden slope", "hidden activation's slope"),
    ("no output slope", "with mse, delta2 needs the sigmoid's slope"),
    ("mse delta everywhere", "the sigmoid's slope cancels"),
    ("cross-entropy delta everywhere", "(P - y) / n is cross-entropy's"),
    ("summed", "n times too large"),
    ("divided twice", "n times too small"),
    ("y - P", "sign is flipped"),
    ("W2 not transposed", "which matrix needs a .T"),
    ("delta.T @ X", "should have the shape of its parameter"),
    ("no bias gradient", "bias gradient is not zero"),
    ("bias averaged", "do not average it again"),
    ("bias summed over everything", "sums over the examples only"),
    ("wrong order", "should have the shape of its parameter"),
    ("placeholder", "fill in the line"),
    ("no return", "forget to `return"),
    ("two values", "return four arrays"),
]


@pytest.mark.parametrize(("slip", "hint"), SLIPS, ids=[slip for slip, _ in SLIPS])
def test_each_slip_gets_its_hint(slip, hint, capsys):
    exercises.check_backward(learner_backward(slip))
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed
    assert "Traceback" not in printed


def test_a_transposed_square_gradient_is_named(capsys):
    """With two hidden units W1 is (2, 2): delta.T @ X has the right shape and the transposed values."""

    def transposed(X, y, W1, b1, W2, b2, activation, loss):
        dW1, db1, dW2, db2 = learner_backward()(X, y, W1, b1, W2, b2, activation, loss)
        return dW1.T.reshape(W1.shape) if W1.shape == (2, 2) else dW1, db1, dW2, db2

    exercises.check_backward(transposed)
    assert "values of the gradient transposed" in capsys.readouterr().out


def test_calling_the_library_backward_is_turned_down(capsys):
    def calls_backward(X, y, W1, b1, W2, b2, activation, loss):
        network = xorutils.Network([(W1, b1), (W2, b2)], activation, "sigmoid")
        zs, activations = numpy_net.forward(network, X)
        (dW1, db1), (dW2, db2) = numpy_net.backward(network, zs, activations, y, loss)
        return dW1, db1, dW2, db2

    exercises.check_backward(calls_backward)
    assert "calls numpy_net.backward" in capsys.readouterr().out
    assert numpy_net.backward.__name__ == "backward"  # put back afterwards


def test_an_answer_right_only_for_one_loss_is_caught(capsys):
    def only_cross_entropy(X, y, W1, b1, W2, b2, activation, loss):
        return learner_backward()(X, y, W1, b1, W2, b2, activation, "binary_crossentropy")

    exercises.check_backward(only_cross_entropy)
    assert capsys.readouterr().out.startswith("Not yet: ")


def test_an_answer_right_only_for_relu_is_caught(capsys):
    def always_relu(X, y, W1, b1, W2, b2, activation, loss):
        return learner_backward()(X, y, W1, b1, W2, b2, "relu", loss)

    exercises.check_backward(always_relu)
    assert capsys.readouterr().out.startswith("Not yet: ")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (sigmoid, "sigmoid(z) itself"),
        (lambda z: sigmoid(z) * (1 - z), "not s (1 - z)"),
        (lambda z: 1 - sigmoid(z), "multiply it by sigmoid(z)"),
        (lambda z: z * (1 - z), "compute s first"),
        (lambda z: 1 - sigmoid(z) ** 2, "slope of tanh"),
        (lambda z: 0.25, "should have shape"),
        (lambda z: sigmoid(z[0]) * (1 - sigmoid(z[0])), "should have shape"),
        (lambda z: None, "forget to `return`"),
    ],
)
def test_sigmoid_derivative_slips_get_hints(answer, hint, capsys):
    exercises.check_sigmoid_derivative(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_sigmoid_derivative_must_survive_saturation(capsys):
    """exp(-z) / (1 + exp(-z))**2 is the right formula but NaN at z = -1000: named, and no warning leaks."""
    with np.errstate(all="raise"):
        exercises.check_sigmoid_derivative(lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)
        exercises.check_sigmoid_derivative(lambda z: numpy_net.sigmoid(z) * (1 - numpy_net.sigmoid(z)))
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("Not yet: right formula") and "z = -1000" in first and "NaN" in first, first
    assert second.startswith("Right! "), second


def test_softplus_derivative_right_answers_pass(capsys):
    with np.errstate(all="raise"):  # the checker silences overflow itself: no warning reaches the learner
        exercises.check_softplus_derivative(numpy_net.sigmoid)
        exercises.check_softplus_derivative(lambda z: 1 / (1 + np.exp(-z)))
        exercises.check_softplus_derivative(lambda z: np.exp(-np.logaddexp(0, -z)))
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and all(line.startswith("Right! ") for line in printed), printed


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda z: np.exp(z) / (1 + np.exp(z)), "at z = 1000 it gives nan"),
        (lambda z: np.log(1 + np.exp(z)), "softplus itself"),
        (lambda z: np.exp(z), "divide by u = 1 + e^z"),
        (lambda z: 1 / (1 + np.exp(z)), "also multiplies by u' = e^z"),
        (lambda z: sigmoid(z) * (1 - sigmoid(z)), "that is the slope of the sigmoid"),
        (lambda z: (z > 0).astype(float), "the ReLU's slope"),
        (lambda z: 0.5, "should have shape"),
        (lambda z: sigmoid(z).ravel()[:2], "should have shape"),
        (lambda z: None, "forget to `return`"),
        (lambda z: "sigmoid", "not a number or array"),
        (lambda z: z / 0.0 if z.ndim == 3 else 1 / z[5], "raised IndexError"),
        (lambda z: np.tanh(z), "the answer is off"),
    ],
)
def test_softplus_derivative_slips_get_hints(answer, hint, capsys):
    with np.errstate(all="raise"):
        exercises.check_softplus_derivative(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


RIGHT_BY_HAND = dict(p=0.0067, delta_o=-0.9933, delta_2=2.9799, dW22=2.9799, dW11=0.0, dw2=-1.9866, delta_2_off=0.0)


def test_hand_gradients_right_to_three_decimals(capsys):
    exercises.check_hand_gradients(RIGHT_BY_HAND)
    exercises.check_hand_gradients(
        dict(p=0.007, delta_o=-0.993, delta_2=2.98, dW22=2.98, dW11=0, dw2=-1.987, delta_2_off=0)
    )
    printed = capsys.readouterr().out.splitlines()
    assert all(line.startswith("Right! ") for line in printed) and len(printed) == 2


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        (dict(p=0.9933), "sigmoid(+5)"),
        (dict(p=-5.0), "that is z_o itself"),
        (dict(delta_o=0.9933), "sign is flipped"),
        (dict(delta_o=-0.0132), "squared error's delta"),
        (dict(delta_o=0.0067), "subtract the target"),
        (dict(delta_2=-0.9933), "multiply delta_o by w2"),
        (dict(delta_2=-2.9799), "check the sign"),
        (dict(delta_2=-1.9866), "through the weight w2, not h2"),
        (dict(dW22=0.0), "W22 multiplies the input x2"),
        (dict(dW22=5.9598), "not h2"),
        (dict(dW11=-1.9866), "x1 = 0 here"),
        (dict(dw2=2.9799), "not delta_o · w2"),
        (dict(dw2=5.9598), "uses delta_o"),
        (dict(dw2=-1.5), "dw2 = -1.5 is off"),
        (dict(delta_2_off=0.8068), "what is the ReLU's slope f'(z_2) there?"),
        (dict(delta_2_off=-0.8068), "what is the ReLU's slope there?"),
        (dict(delta_2_off=2.9799), "redo the forward pass with c2 = -1.5"),
        (dict(delta_2_off=0.5), "delta_2_off = 0.5 is off"),
        (dict(p=...), "still `...`"),
        (dict(p="0.0067"), "should be one number"),
        (dict(p=True), "should be one number"),
    ],
)
def test_hand_gradient_slips_get_hints(change, hint, capsys):
    exercises.check_hand_gradients(RIGHT_BY_HAND | change)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_hand_gradients_need_a_dict_with_every_key(capsys):
    exercises.check_hand_gradients([0.0067])
    exercises.check_hand_gradients({key: value for key, value in RIGHT_BY_HAND.items() if key != "dw2"})
    first, second = capsys.readouterr().out.splitlines()
    assert "give a dict" in first and "missing ['dw2']" in second


def test_the_off_unit_is_off_in_the_library_too():
    """With c2 = -1.5 hidden unit 2 is off on x = (0, 1): backward() gives it delta 0, so dW22 = dc2 = 0."""
    weights = exercises.nb02_backprop.HAND_OFF_WEIGHTS
    network = xorutils.Network(
        [
            (np.array([[weights["W11"], weights["W12"]], [weights["W21"], weights["W22"]]]), np.array([0.0, -1.5])),
            (np.array([[weights["w1"]], [weights["w2"]]]), np.array([weights["b"]])),
        ],
        "relu",
        "sigmoid",
    )
    zs, activations = numpy_net.forward(network, np.array([[0.0, 1.0]]))
    (dW1, db1), _ = numpy_net.backward(network, zs, activations, np.array([[1.0]]), "binary_crossentropy")
    assert zs[0][0, 1] == -0.5 and dW1[1, 1] == 0 and db1[1] == 0 and dW1[1, 0] != 0


def test_hand_gradients_match_the_library_backward():
    """The checker's numbers are the network's true gradients, not a second hand computation."""
    weights = exercises.nb02_backprop.HAND_WEIGHTS
    network = xorutils.Network(
        [
            (np.array([[weights["W11"], weights["W12"]], [weights["W21"], weights["W22"]]]), np.array([0.0, 1.0])),
            (np.array([[weights["w1"]], [weights["w2"]]]), np.array([weights["b"]])),
        ],
        "relu",
        "sigmoid",
    )
    X, y = np.array([[0.0, 1.0]]), np.array([[1.0]])
    zs, activations = numpy_net.forward(network, X)
    (dW1, _), (dW2, _) = numpy_net.backward(network, zs, activations, y, "binary_crossentropy")
    assert np.isclose(activations[-1][0, 0], RIGHT_BY_HAND["p"], atol=1e-4)
    assert np.isclose(dW1[1, 1], RIGHT_BY_HAND["dW22"], atol=1e-4) and dW1[0, 0] == 0
    assert np.isclose(dW2[1, 0], RIGHT_BY_HAND["dw2"], atol=1e-4)


def _solutions():
    """The code of every hidden solution cell in notebook 02."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]
    return [
        re.search(r"```python\n(.*?)```", source, flags=re.S).group(1)
        for source in sources
        if "<details><summary>Solution" in source
    ]


def _run(code):
    namespace = {"np": np, "numpy_net": numpy_net, "xorutils": xorutils}
    exec(code, namespace)
    return namespace


def test_the_notebooks_hidden_solutions_pass_their_checkers(capsys):
    solutions = _solutions()
    derivative = next(_run(code)["softplus_derivative"] for code in solutions if "def softplus_derivative" in code)
    backward = next(_run(code)["my_backward"] for code in solutions if "def my_backward" in code)
    by_hand = next(_run(code)["by_hand"] for code in solutions if "by_hand = " in code)
    exercises.check_softplus_derivative(derivative)
    exercises.check_backward(backward)
    exercises.check_hand_gradients(by_hand)
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and all(line.startswith("Right! ") for line in printed), printed


@pytest.mark.parametrize("call", ["check_backward(my_backward)", "check_hand_gradients(by_hand)"])
def test_the_notebooks_scaffolds_are_not_yet_right(call, capsys):
    """Each exercise cell as committed (with its blanks) gets a hint, not a traceback."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    scaffold = next("".join(c["source"]) for c in cells if call in "".join(c["source"]))
    _run(scaffold)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and "still `...`" in printed and "Traceback" not in printed


def test_the_softplus_scaffold_is_not_yet_right(capsys):
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    call = "check_softplus_derivative(softplus_derivative)"
    scaffold = next("".join(c["source"]) for c in cells if call in "".join(c["source"]))
    _run(scaffold)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and "returned None" in printed, printed


def test_backward_imported_by_name_is_turned_down(capsys):
    """`from xorutils.numpy_net import backward` at the top of the learner's cell, or held in a closure."""
    code = """
from xorutils.numpy_net import backward, forward
from xorutils import Network

def by_name(X, y, W1, b1, W2, b2, activation, loss):
    network = Network([(W1, b1), (W2, b2)], activation, "sigmoid")
    zs, activations = forward(network, X)
    (dW1, db1), (dW2, db2) = backward(network, zs, activations, y, loss)
    return dW1, db1, dW2, db2
"""
    namespace = _run(code)
    exercises.check_backward(namespace["by_name"])
    assert namespace["backward"] is numpy_net.backward  # the learner's name is put back afterwards

    def enclosing(library_backward=numpy_net.backward):
        def in_closure(X, y, W1, b1, W2, b2, activation, loss):
            network = xorutils.Network([(W1, b1), (W2, b2)], activation, "sigmoid")
            zs, activations = numpy_net.forward(network, X)
            (dW1, db1), (dW2, db2) = library_backward(network, zs, activations, y, loss)
            return dW1, db1, dW2, db2

        return in_closure

    exercises.check_backward(enclosing())
    first, second = capsys.readouterr().out.splitlines()
    assert "calls numpy_net.backward" in first and "calls numpy_net.backward" in second
