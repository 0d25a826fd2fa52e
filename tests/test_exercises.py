"""Each checker accepts a right answer and turns wrong ones down with a hint, never a traceback."""

import numpy as np
import pytest

from xorutils import exercises


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
    exercises.check_smallest_width: lambda: 3,  # tests/test_tour_claims.py measures why 3
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
    (exercises.check_smallest_width, lambda: 2, "fewer than half"),
    (exercises.check_smallest_width, lambda: 4, "a smaller width already reaches half"),
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
