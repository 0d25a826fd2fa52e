"""Every bad argument gets an error naming the parameter, the value given and what is allowed."""

import numpy as np
import pytest

import xorutils

X, Y = xorutils.xor_data()

BAD = [
    # (arguments, error type, words the message must contain)
    (dict(backend="torch"), ValueError, ["backend", "'torch'", "'numpy', 'tf', 'keras'"]),
    (dict(backend=1), TypeError, ["backend", "1", "'numpy'"]),
    (dict(hidden_units=0), ValueError, ["hidden_units", "0", "from 1 to 4096"]),
    (dict(hidden_units=-3), ValueError, ["hidden_units", "-3", "from 1 to 4096"]),
    (dict(hidden_units=(2,) * 9), ValueError, ["hidden_units", "(2, 2, 2, 2, 2, 2, 2, 2, 2)", "0 to 8"]),
    (dict(hidden_units=(4, 0)), ValueError, ["hidden_units", "(4, 0)"]),
    (dict(hidden_units=2.5), TypeError, ["hidden_units", "2.5", "whole number"]),
    (dict(hidden_units=True), TypeError, ["hidden_units", "True"]),
    (dict(hidden_units="8"), TypeError, ["hidden_units", "'8'"]),
    (dict(hidden_units=(8, "8")), TypeError, ["hidden_units", "(8, '8')"]),
    (dict(hidden_units=10**6), ValueError, ["hidden_units", "1000000", "4096"]),
    (dict(activation="softmax"), ValueError, ["activation", "'softmax'", "'relu', 'sigmoid', 'tanh', 'linear'"]),
    (dict(activation="ReLU"), ValueError, ["activation", "'ReLU'", "'relu'"]),
    (dict(output_activation="tanh"), ValueError, ["output_activation", "'tanh'", "'sigmoid', 'linear'"]),
    (dict(loss="hinge"), ValueError, ["loss", "'hinge'", "'mse', 'binary_crossentropy'"]),
    (dict(loss="binary_crossentropy", output_activation="linear"), ValueError, ["binary_crossentropy", "'linear'"]),
    (dict(optimizer="rmsprop"), ValueError, ["optimizer", "'rmsprop'", "'sgd', 'adam'"]),
    (dict(optimizer=None), TypeError, ["optimizer", "None"]),
    (dict(learning_rate=0), ValueError, ["learning_rate", "0", "greater than 0"]),
    (dict(learning_rate=-0.1), ValueError, ["learning_rate", "-0.1", "greater than 0"]),
    (dict(learning_rate=float("nan")), ValueError, ["learning_rate", "nan", "finite"]),
    (dict(learning_rate=float("inf")), ValueError, ["learning_rate", "inf", "finite"]),
    (dict(learning_rate="0.1"), TypeError, ["learning_rate", "'0.1'", "number"]),
    (dict(epochs=0), ValueError, ["epochs", "0", "from 1 to 100000"]),
    (dict(epochs=10.0), TypeError, ["epochs", "10.0", "whole number"]),
    (dict(epochs=10**7), ValueError, ["epochs", "10000000"]),
    (dict(seed=-1), ValueError, ["seed", "-1", "from 0"]),
    (dict(seed="lucky"), TypeError, ["seed", "'lucky'"]),
    (dict(X=X), ValueError, ["X and y", "both or neither"]),
    (dict(X=X[:, :1].ravel(), y=Y), ValueError, ["X", "2-D", "(4,)"]),
    (dict(X=np.zeros((0, 2)), y=np.zeros((0, 1))), ValueError, ["X", "(0, 2)"]),
    (dict(X=X, y=Y.ravel()), ValueError, ["y", "(4, 1)", "(4,)"]),
    (dict(X=X, y=Y[:3]), ValueError, ["y", "(4, 1)", "(3, 1)"]),
    (dict(X=np.array([[0, 0], [0, np.nan], [1, 0], [1, 1]]), y=Y), ValueError, ["X", "finite", "row 1", "nan"]),
    (dict(X=X, y=Y * 2), ValueError, ["y", "[0, 1]", "binary_crossentropy", "row 1"]),
    (dict(X=[["a", "b"]] * 4, y=Y), TypeError, ["X", "array of numbers"]),
    (dict(X_test=X), ValueError, ["X_test and y_test", "both or neither"]),
    (dict(X_test=X[:, :1], y_test=Y), ValueError, ["X_test", "2 columns", "(4, 1)"]),
    (dict(X_test=X, y_test=Y[:2]), ValueError, ["y_test", "(4, 1)", "(2, 1)"]),
    (dict(snapshot_every=0), ValueError, ["snapshot_every", "0", "from 1 to 500"]),
    (dict(snapshot_every=1000), ValueError, ["snapshot_every", "1000", "from 1 to 500"]),
]


@pytest.mark.parametrize(("arguments", "error", "words"), BAD, ids=[str(case[0])[:60] for case in BAD])
def test_bad_argument_gets_a_clear_error(arguments, error, words):
    with pytest.raises(error) as raised:
        xorutils.train(**arguments)
    for word in words:
        assert word in str(raised.value), f"{word!r} missing from: {raised.value}"


def test_there_are_many_distinct_bad_inputs():
    assert len({str(case[0]) for case in BAD}) >= 15


def test_mse_accepts_targets_outside_zero_one():
    # Only cross-entropy needs probabilities; a regression target like 2 is fine with mse.
    result = xorutils.train(X=X, y=Y * 2, loss="mse", output_activation="linear", epochs=5)
    assert len(result.loss) == 5


def test_gradient_check_rejects_unknown_loss():
    with pytest.raises(ValueError, match="loss must be one of .*'mae'"):
        xorutils.gradient_check(xorutils.goodfellow_params(), X, Y, "mae")


def test_gradient_check_rejects_something_that_is_not_a_network():
    with pytest.raises(TypeError, match="network must be an xorutils.Network; got"):
        xorutils.gradient_check([[1, 2]], X, Y, "mse")
