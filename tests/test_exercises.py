"""Each checker accepts a right answer and turns wrong ones down with a hint, never a traceback."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils import exercises

PLAYGROUND = Path(__file__).resolve().parents[1] / "notebooks" / "07_playground.ipynb"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def smallest_solving_width(share, **settings):
    width = 1
    while xorutils.train_many(range(200), hidden_units=width, **settings).success_rate < share:
        width += 1
    return width


def tape_gradient(x):
    import tensorflow as tf

    x = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = x**2 + 3 * x
    return tape.gradient(y, x)


RIGHT = {
    exercises.check_mse: lambda p, t: np.mean((p - t) ** 2),
    exercises.check_hand_forward: lambda X, W, c, w, b: np.maximum(X @ W + c, 0) @ w + b,
    exercises.check_sigmoid_derivative: lambda z: sigmoid(z) * (1 - sigmoid(z)),
    exercises.check_tape_gradient: tape_gradient,
    exercises.check_parameter_count: lambda sizes: sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])),
    exercises.check_smallest_width: smallest_solving_width,  # tests/test_tour_claims.py measures the margins
}

WRONG = [
    (exercises.check_mse, lambda p, t: np.sum((p - t) ** 2), "divide by the number of examples"),
    (exercises.check_mse, lambda p, t: np.mean(np.abs(p - t)), "square each error"),
    (exercises.check_mse, lambda p, t: None, "forget to `return`"),
    (exercises.check_mse, lambda p, t: p - t, "should have shape ()"),
    (exercises.check_hand_forward, lambda X, W, c, w, b: (X @ W + c) @ w + b, "needs its ReLU"),
    (exercises.check_hand_forward, lambda X, *weights: X[:, :1], "answer is off"),
    (exercises.check_sigmoid_derivative, sigmoid, "sigmoid(z) itself"),
    (exercises.check_sigmoid_derivative, lambda z: sigmoid(z) * (1 - z), "not s (1 - z)"),
    (exercises.check_tape_gradient, lambda x: x**2 + 3 * x, "tape.gradient"),
    (exercises.check_tape_gradient, lambda x: "two", "not a number"),
    (exercises.check_parameter_count, lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "also has a bias"),
    (exercises.check_parameter_count, lambda s: 1 / 0, "raised ZeroDivisionError: division by zero"),
    (
        exercises.check_smallest_width,
        lambda share, **settings: smallest_solving_width(share, **settings) - 1,
        "fewer than the share 0.75",
    ),  # off by one, below
    (
        exercises.check_smallest_width,
        lambda share, **settings: smallest_solving_width(share, **settings) + 1,
        "a smaller width already does: 3 units",
    ),  # off by one, above
    (exercises.check_smallest_width, lambda share, **settings: 3, "must compute the width for the share"),
    (exercises.check_smallest_width, lambda share, **settings: 8, "must compute the width for the share"),
    (exercises.check_smallest_width, lambda share, **settings: smallest_solving_width(share), "pass the settings on"),
    (exercises.check_smallest_width, lambda share, **settings: 0.86, "looks like a success rate"),  # width 3's rate
    (exercises.check_smallest_width, lambda share, **settings: np.float64(0.5), "looks like a success rate"),
    (exercises.check_smallest_width, lambda share, **settings: 172, "count of seeds"),
    (exercises.check_smallest_width, lambda share, **settings: 3.0, "return an int"),
    (exercises.check_smallest_width, lambda share, **settings: np.array(3), "plain int"),
    (exercises.check_smallest_width, lambda share, **settings: np.array([3]), "plain int"),
    (exercises.check_smallest_width, lambda share, **settings: [3], "return one number"),
    (exercises.check_smallest_width, lambda share, **settings: True, "yes/no"),
    (exercises.check_smallest_width, lambda share, **settings: "3", "not a number of hidden units"),
    (exercises.check_smallest_width, lambda share, **settings: 0, "at least 1 unit"),
    (exercises.check_smallest_width, lambda share, **settings: None, "forget to `return`"),
    (exercises.check_smallest_width, lambda share, **settings: 1 / 0, "raised ZeroDivisionError"),
    (exercises.check_smallest_width, lambda: 3, "raised TypeError"),  # the old exercise's signature
]


@pytest.mark.parametrize("checker", RIGHT, ids=lambda c: c.__name__)
def test_checker_accepts_a_right_answer(checker, capsys):
    checker(RIGHT[checker])
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("checker", "answer", "hint"), WRONG, ids=[f"{c.__name__}-{h[:20]}" for c, _, h in WRONG])
def test_checker_rejects_a_wrong_answer_with_a_hint(checker, answer, hint, capsys):
    checker(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed
    assert "Traceback" not in printed


def test_smallest_width_accepts_a_numpy_integer(capsys):
    exercises.check_smallest_width(lambda share, **settings: np.int64(smallest_solving_width(share, **settings)))
    # e.g. from np.argmax(...) + 1: a whole number
    assert capsys.readouterr().out.startswith("Right! ")


def test_the_playground_notebooks_solution_passes_its_checker(capsys):
    """The solution hidden in notebook 07 is itself run through check_smallest_width."""
    cells = json.loads(PLAYGROUND.read_text())["cells"]
    solution = next("".join(c["source"]) for c in cells if "<details><summary>Solution" in "".join(c["source"]))
    code = re.search(r"```python\n(.*?)```", solution, flags=re.S).group(1)
    namespace = {"xorutils": xorutils}
    exec(code, namespace)
    exercises.check_smallest_width(namespace["smallest_solving_width"])
    assert capsys.readouterr().out.startswith("Right! ")


# check_tape_gradient: "Right!" only when tape.gradient computed the slope; each common slip gets its own hint.
def _tf():
    from xorutils._tensorflow import load_tensorflow  # quiets TensorFlow's start-up lines first

    return load_tensorflow()


def tape_gradient_of_constant(x, watch):
    tf = _tf()
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        if watch:
            tape.watch(x)
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def tape_gradient_of_variable(x, f=lambda x: x**2 + 3 * x, cast=float, computed_inside=True):
    tf = _tf()
    x = tf.Variable(cast(x))
    value = f(x)
    with tf.GradientTape() as tape:
        if computed_inside:
            value = f(x)
        value = value * 1
    return tape.gradient(value, x)


def tape_gradient_not_returned(x):
    tape_gradient_of_variable(x)


def formula_on_a_variable(x):
    x = _tf().Variable(x)
    return 2 * x + 3


def tape_of_a_python_number(x):
    with _tf().GradientTape() as tape:
        f = x**2 + 3 * x
    return tape.gradient(f, x)


TAPE_RIGHT = {
    "variable": tape_gradient_of_variable,
    "watched constant": lambda x: tape_gradient_of_constant(x, watch=True),
    "as a NumPy number": lambda x: tape_gradient_of_variable(x).numpy(),
    "float64 variable": lambda x: tape_gradient_of_variable(x, cast=lambda v: _tf().constant(v, _tf().float64)),
    "inside tf.function": lambda x: _tf().function(lambda v: tape_gradient_of_constant(v, watch=True))(x),
}

TAPE_WRONG = {
    "the formula": (lambda x: 2 * x + 3, "compute it with tf.GradientTape and return tape.gradient(...)"),
    "the formula on a tf.Variable": (formula_on_a_variable, "not from the tape"),
    "unwatched constant": (
        lambda x: tape_gradient_of_constant(x, watch=False),
        "tape.gradient gave None: x must be a tf.Variable (or tape.watch(x) for a constant)",
    ),
    "f computed before the tape": (
        lambda x: tape_gradient_of_variable(x, computed_inside=False),
        "f must be computed inside the `with` block",
    ),
    "int-cast variable": (lambda x: tape_gradient_of_variable(x, cast=int), "only floating-point values"),
    "a plain Python number": (tape_of_a_python_number, "x is a plain number there"),
    "f itself": (lambda x: x**2 + 3 * x, "that is f(x)"),
    "f itself from a variable": (lambda x: _tf().Variable(x) ** 2 + 3 * x, "that is f(x)"),
    "missing 3x": (lambda x: tape_gradient_of_variable(x, f=lambda x: x**2), "slope of 3x, which is 3, is missing"),
    "missing x**2": (lambda x: tape_gradient_of_variable(x, f=lambda x: 3 * x), "is x**2 part of f"),
    "no return": (tape_gradient_not_returned, "did you forget to `return` the result?"),
    "the starter code": (lambda x: None, "`return` tape.gradient(f, x)"),
    "a list of gradients": (lambda x: [tape_gradient_of_variable(x)], "returned a list"),
    "a variable made from [x]": (lambda x: tape_gradient_of_variable(x, cast=lambda v: [v]), "shape (1,)"),
    "right at 2 only": (lambda x: tape_gradient_of_variable(2.0), "for x = -1.5 the slope is off"),
}


@pytest.mark.parametrize("answer", TAPE_RIGHT.values(), ids=TAPE_RIGHT)
def test_tape_gradient_accepts_every_way_of_asking_the_tape(answer, capsys):
    exercises.check_tape_gradient(answer)
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), TAPE_WRONG.values(), ids=TAPE_WRONG)
def test_tape_gradient_names_the_slip(answer, hint, capsys):
    exercises.check_tape_gradient(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed
    assert "Traceback" not in printed
    if "gave None" in printed or "plain number" in printed:
        assert "`return`" not in printed  # the tape is to blame, not a missing return


def test_tape_gradient_checker_puts_the_tape_back_even_when_the_answer_raises(capsys):
    tf = _tf()
    original = tf.GradientTape.gradient
    exercises.check_tape_gradient(tape_of_a_python_number)  # raises inside tape.gradient
    exercises.check_tape_gradient(lambda x: 1 / 0)
    exercises.check_tape_gradient(tape_gradient_of_variable)
    assert tf.GradientTape.gradient is original
    assert capsys.readouterr().out.splitlines()[-1].startswith("Right! ")


def test_the_tape_notebooks_solution_passes_its_checker(capsys):
    """The solution hidden in notebook 04 is itself run through check_tape_gradient."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / "04_gradient_tape.ipynb"
    cells = json.loads(path.read_text())["cells"]
    solution = next("".join(c["source"]) for c in cells if "<details><summary>Solution" in "".join(c["source"]))
    namespace = {"tf": _tf()}
    exec(re.search(r"```python\n(.*?)```", solution, flags=re.S).group(1), namespace)
    exercises.check_tape_gradient(namespace["gradient_at"])
    assert capsys.readouterr().out.startswith("Right! ")


# check_hand_forward: "Right!" only for max(0, XW + c) w + b with the weights passed in, shape (n, 1).
def hand_network(X, W, c, w, b):
    return np.maximum(X @ W + c, 0) @ w + b


BOOK_NETWORK = xorutils.goodfellow_params()

HAND_FORWARD_WRONG = {
    "ReLU on the output too": (lambda *a: np.maximum(hand_network(*a), 0), "the output layer has no ReLU"),
    "forgot b": (lambda X, W, c, w, b: np.maximum(X @ W + c, 0) @ w, "add the output bias b"),
    "hard-coded table": (lambda *a: np.array([[0], [1], [1], [0]]), "compute the outputs from X"),
    "|x1 - x2|": (lambda X, *weights: np.abs(X[:, :1] - X[:, 1:]), "|x1 - x2| is XOR on the corners"),
    "no ReLU": (lambda X, W, c, w, b: (X @ W + c) @ w + b, "needs its ReLU"),
    "the book's weights": (lambda X, *weights: BOOK_NETWORK.predict(X), "use the weights passed to forward"),
    "flat (n,) answer": (lambda *a: hand_network(*a)[:, 0], "shape (n, 1)"),
    "old one-argument forward": (lambda X: hand_network(X, *BOOK_NETWORK.arrays()), "raised TypeError"),
    "the starter code": (lambda *a: None, "forget to `return`"),
}


@pytest.mark.parametrize(("answer", "hint"), HAND_FORWARD_WRONG.values(), ids=HAND_FORWARD_WRONG)
def test_hand_forward_names_the_slip(answer, hint, capsys):
    exercises.check_hand_forward(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed
    assert "Traceback" not in printed


def test_hand_forward_accepts_float64_and_a_bias_added_first(capsys):
    exercises.check_hand_forward(lambda X, W, c, w, b: b + np.maximum(X.astype(float) @ W + c, 0) @ w)
    assert capsys.readouterr().out.startswith("Right! ")


def test_notebook_01s_solution_passes_its_checker(capsys):
    """The solution hidden in notebook 01, and its starter code's signature, fit check_hand_forward."""
    cells = json.loads((PLAYGROUND.parent / "01_hand_set_weights.ipynb").read_text())["cells"]
    sources = ["".join(cell["source"]) for cell in cells]
    assert any("def forward(X, W, c, w, b):" in s and "check_hand_forward(forward)" in s for s in sources)
    solution = next(s for s in sources if "<details><summary>Solution" in s)
    code = re.search(r"```python\n(.*?)```", solution, flags=re.S).group(1)
    namespace = {"np": np}
    exec(code, namespace)
    exercises.check_hand_forward(namespace["forward"])
    assert capsys.readouterr().out.startswith("Right! ")
