"""Each checker accepts a right answer and turns wrong ones down with a hint, never a traceback."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils import exercises

PLAYGROUND = Path(__file__).resolve().parents[1] / "notebooks" / "06_playground.ipynb"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def tape_gradient(x):
    import tensorflow as tf

    x = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = x**2 + 3 * x
    return tape.gradient(y, x)


RIGHT = {
    exercises.check_mse: lambda p, t: np.mean((p - t) ** 2),
    exercises.check_hand_forward: lambda X: np.maximum(X @ np.ones((2, 2)) + [0, -1], 0) @ [[1], [-2]],
    exercises.check_sigmoid_derivative: lambda z: sigmoid(z) * (1 - sigmoid(z)),
    exercises.check_tape_gradient: tape_gradient,
    exercises.check_parameter_count: lambda sizes: sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])),
    exercises.check_smallest_width: lambda: 3,  # tests/test_tour_claims.py measures why 3, and the margin
}

WRONG = [
    (exercises.check_mse, lambda p, t: np.sum((p - t) ** 2), "divide by the number of examples"),
    (exercises.check_mse, lambda p, t: np.mean(np.abs(p - t)), "square each error"),
    (exercises.check_mse, lambda p, t: None, "forget to `return`"),
    (exercises.check_mse, lambda p, t: p - t, "should have shape ()"),
    (exercises.check_hand_forward, lambda X: (X @ np.ones((2, 2)) + [0, -1]) @ [[1], [-2]], "needs its ReLU"),
    (exercises.check_hand_forward, lambda X: X[:, 0], "answer is off"),
    (exercises.check_sigmoid_derivative, sigmoid, "sigmoid(z) itself"),
    (exercises.check_sigmoid_derivative, lambda z: sigmoid(z) * (1 - z), "not s (1 - z)"),
    (exercises.check_tape_gradient, lambda x: x**2 + 3 * x, "tape.gradient"),
    (exercises.check_tape_gradient, lambda x: "two", "not a number"),
    (exercises.check_parameter_count, lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "also has a bias"),
    (exercises.check_parameter_count, lambda s: 1 / 0, "raised ZeroDivisionError: division by zero"),
    (exercises.check_smallest_width, lambda: 2, "fewer than three quarters"),  # off by one, below
    (exercises.check_smallest_width, lambda: 1, "only 0 of 200 seeds"),
    (exercises.check_smallest_width, lambda: 4, "a smaller width already does"),  # off by one, above
    (exercises.check_smallest_width, lambda: 8, "a smaller width already does"),
    (exercises.check_smallest_width, lambda: 0.86, "looks like a success rate"),  # width 3's rate
    (exercises.check_smallest_width, lambda: np.float64(0.5), "looks like a success rate"),
    (exercises.check_smallest_width, lambda: 172, "count of seeds"),
    (exercises.check_smallest_width, lambda: 3.0, "return an int"),
    (exercises.check_smallest_width, lambda: np.array(3), "plain int"),
    (exercises.check_smallest_width, lambda: np.array([3]), "plain int"),
    (exercises.check_smallest_width, lambda: [3], "return one number"),
    (exercises.check_smallest_width, lambda: True, "yes/no"),
    (exercises.check_smallest_width, lambda: "3", "not a number of hidden units"),
    (exercises.check_smallest_width, lambda: 0, "at least 1 unit"),
    (exercises.check_smallest_width, lambda: None, "forget to `return`"),
    (exercises.check_smallest_width, lambda: 1 / 0, "raised ZeroDivisionError"),
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
    exercises.check_smallest_width(lambda: np.int64(3))  # e.g. from np.argmax(...) + 1: a whole number
    assert capsys.readouterr().out.startswith("Right! ")


def test_the_playground_notebooks_solution_passes_its_checker(capsys):
    """The solution hidden in notebook 06 is itself run through check_smallest_width."""
    cells = json.loads(PLAYGROUND.read_text())["cells"]
    solution = next("".join(c["source"]) for c in cells if "<details><summary>Solution" in "".join(c["source"]))
    code = re.search(r"```python\n(.*?)```", solution, flags=re.S).group(1)
    namespace = {"xorutils": xorutils}
    exec(code, namespace)
    exercises.check_smallest_width(namespace["smallest_solving_width"])
    assert capsys.readouterr().out.startswith("Right! ")
