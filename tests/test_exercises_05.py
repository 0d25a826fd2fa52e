"""Notebook 05's model exercise: check_keras_model accepts the spec, and names each common slip."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils  # noqa: F401  (imports TensorFlow quietly, with oneDNN off)
from xorutils.exercises import check_keras_model
from xorutils.exercises.nb05_keras import _probe

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_keras.ipynb"

keras = pytest.importorskip("keras")


def model(
    hidden="relu",
    output=None,
    units=(16, 8, 1),
    optimizer=lambda: keras.optimizers.Adam(learning_rate=0.01),
    loss=lambda: keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=lambda: [keras.metrics.BinaryAccuracy(threshold=0.0)],
    compile=True,
    inputs=2,
    extra=(),
    regularizer=None,
):
    """The spec's model, with one thing changed by each keyword."""
    layers = [keras.Input(shape=(inputs,))]
    layers += [keras.layers.Dense(n, activation=hidden, kernel_regularizer=regularizer) for n in units[:-1]]
    layers += [keras.layers.Dense(units[-1], activation=output), *extra]
    built = keras.Sequential(layers)
    if compile:
        built.compile(optimizer=optimizer(), loss=loss(), metrics=metrics())
    return built


def verdict(answer, capsys):
    check_keras_model(answer)
    return capsys.readouterr().out


def test_the_probe_separates_the_thresholds_and_the_hidden_activations():
    inputs, targets, ((W1, c1), (W2, c2), (w, b)) = _probe()
    first = inputs @ W1 + c1
    second = np.maximum(first, 0) @ W2 + c2
    logits = np.maximum(second, 0) @ w + b
    assert np.any((logits > 0) & (logits < 0.5)), "some logits between the thresholds 0 and 0.5"
    assert np.any(logits < -1) and np.any(logits > 1), "logits spread on both sides"
    assert np.any(first < 0) and np.any(second < 0), "hidden inputs negative, where ReLU differs from linear and tanh"
    assert inputs.shape == (16, 2) and targets.shape == (16, 1)


def test_the_spec_passes_and_keeps_its_weights(capsys):
    answer = model()
    before = answer.get_weights()
    assert verdict(answer, capsys).startswith("Right! ")
    assert all(np.array_equal(a, b) for a, b in zip(before, answer.get_weights()))


def test_other_ways_of_writing_the_spec_pass(capsys):
    strings = model(hidden=keras.activations.relu, optimizer=lambda: keras.optimizers.Adam(0.01))
    assert verdict(strings, capsys).startswith("Right! ")
    several = model(metrics=lambda: ["mse", keras.metrics.BinaryAccuracy(threshold=0.0)])
    assert verdict(several, capsys).startswith("Right! ")


WRONG = [
    (dict(output="sigmoid"), "output goes through a sigmoid"),
    (dict(extra=(keras.layers.Activation("sigmoid"),)), "output goes through a sigmoid"),
    (dict(hidden="tanh"), "hidden units compute tanh"),
    (dict(hidden="sigmoid", output="sigmoid"), "compute sigmoid and the output a sigmoid"),
    (dict(hidden=None), "hidden units compute linear"),
    (dict(units=(8, 8, 1)), "should have 16 then 8 units"),
    (dict(units=(16, 16, 1)), "should have 16 then 8 units"),
    (dict(units=(16, 8, 2)), "one output unit"),
    (dict(units=(16, 1)), "3 Dense layers"),
    (dict(units=(16, 8, 8, 1)), "3 Dense layers"),
    (dict(inputs=3), "XOR has 2 inputs"),
    (dict(optimizer=lambda: keras.optimizers.SGD(learning_rate=0.01)), "the optimizer is SGD"),
    (dict(optimizer=lambda: keras.optimizers.Adam()), "learning rate is 0.001"),
    (dict(optimizer=lambda: keras.optimizers.AdamW(learning_rate=0.01)), "the optimizer is AdamW"),
    (dict(optimizer=lambda: keras.optimizers.Adam(learning_rate=0.01, weight_decay=0.5)), "weight_decay=0.5"),
    (dict(extra=(keras.layers.Dropout(0.5),)), "also has Dropout"),
    (dict(extra=(keras.layers.GaussianNoise(1.0),)), "also has GaussianNoise"),
    (dict(regularizer=keras.regularizers.L2(0.01)), "regularization penalty"),
    (dict(loss=lambda: keras.losses.BinaryCrossentropy()), "reads the logits as probabilities"),
    (dict(loss=lambda: "binary_crossentropy"), "reads the logits as probabilities"),
    (dict(loss=lambda: "mse"), "mean squared error"),
    (dict(metrics=lambda: ["accuracy"]), "threshold=0.0"),
    (dict(metrics=lambda: [keras.metrics.BinaryAccuracy()]), "threshold=0.0"),
    (dict(metrics=lambda: []), "no metric"),
    (dict(compile=False), "not compiled"),
]


@pytest.mark.parametrize(("change", "hint"), WRONG, ids=[hint[:24] for _, hint in WRONG])
def test_each_slip_gets_its_hint(change, hint, capsys):
    printed = verdict(model(**change), capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_not_a_model(capsys):
    assert "pass the model itself" in verdict(model, capsys)
    assert "expected a Keras model" in verdict([16, 1], capsys)


def test_the_notebooks_solution_passes_its_checker(capsys):
    cells = ["".join(cell["source"]) for cell in json.loads(NOTEBOOK.read_text())["cells"]]
    solution = next(cell for cell in cells if "check_keras_model(model)" in cell and "<details>" in cell)
    code = re.search(r"```python\n(.*?)```", solution, flags=re.S).group(1)
    namespace = {"keras": keras, "xorutils": xorutils}
    exec(code, namespace)
    assert verdict(namespace["model"], capsys).startswith("Right! ")
