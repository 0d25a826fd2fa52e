"""The course's signature demonstration: one seed, three back ends, one loss curve."""

import numpy as np
import pytest

import xorutils

# The configurations the notebooks train, each with an SGD and an Adam learning rate.
CONFIGURATIONS = {
    "2-2-1 sigmoid, mse": dict(hidden_units=2, activation="sigmoid", loss="mse", rates={"sgd": 2.0, "adam": 0.1}),
    "2-10-1 relu, mse": dict(hidden_units=10, activation="relu", loss="mse", rates={"sgd": 1.5, "adam": 0.05}),
    "2-8-1 tanh, cross-entropy": dict(
        hidden_units=8, activation="tanh", loss="binary_crossentropy", rates={"sgd": 1.0, "adam": 0.05}
    ),
    "2-32-32-1 relu, cross-entropy": dict(
        hidden_units=(32, 32), activation="relu", loss="binary_crossentropy", rates={"sgd": 0.5, "adam": 0.01}
    ),
}


def run(backend, name, optimizer, seed):
    settings = dict(CONFIGURATIONS[name])
    rates = settings.pop("rates")
    return xorutils.train(
        backend, optimizer=optimizer, learning_rate=rates[optimizer], epochs=500, seed=seed, **settings
    )


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("name", CONFIGURATIONS)
@pytest.mark.parametrize("backend", ["tf", "keras"])
def test_loss_curves_agree_with_numpy_within_1e_4(backend, name, optimizer):
    seed = 3
    reference = run("numpy", name, optimizer, seed)
    other = run(backend, name, optimizer, seed)
    assert not reference.diverged and not other.diverged
    assert len(other.loss) == len(reference.loss) == 500
    assert np.max(np.abs(other.loss - reference.loss)) < 1e-4
    for ours, theirs in zip(reference.initial_network.arrays(), other.initial_network.arrays()):
        assert np.array_equal(ours, theirs)
    X, _ = xorutils.xor_data()
    assert np.allclose(other.predict(X), reference.predict(X), atol=1e-3)


# With the L2 penalty (and input features): the reported loss includes l2 * sum(W^2) in every back end.
# ReLU with the penalty is compared under SGD only: under Adam, a dead unit's weights feel only the
# penalty, and Adam, which divides a gradient by its own size, turns that into steps of a fixed size
# whose sign flips round-off decides (measured: seed 3 of 0-5 at learning rate 0.05 drifts to 1.5e-4).
PENALISED = {
    "2-8-1 tanh, cross-entropy, l2 0.01": dict(
        hidden_units=8, activation="tanh", l2=0.01, rates={"sgd": 0.5, "adam": 0.05}
    ),
    "2-10-1 relu, mse, l2 0.001": dict(hidden_units=10, activation="relu", loss="mse", l2=0.001, rates={"sgd": 0.5}),
    "x1, x2, x1*x2, no hidden layer, l2 0.001": dict(
        hidden_units=(), features=("x1", "x2", "x1*x2"), l2=0.001, rates={"sgd": 0.5, "adam": 0.05}
    ),
    "sin(x1), x2^2, 2-4-4-1 tanh, l2 0.003": dict(
        hidden_units=(4, 4),
        activation="tanh",
        features=("x1", "x2", "sin(x1)", "x2^2"),
        l2=0.003,
        rates={"sgd": 0.5, "adam": 0.05},
    ),
}


def run_penalised(backend, name, optimizer, seed=3):
    settings = dict(PENALISED[name])
    rate = settings.pop("rates")[optimizer]
    return xorutils.train(backend, optimizer=optimizer, learning_rate=rate, epochs=500, seed=seed, **settings)


@pytest.mark.parametrize(
    ("name", "optimizer"), [(name, optimizer) for name in PENALISED for optimizer in PENALISED[name]["rates"]]
)
@pytest.mark.parametrize("backend", ["tf", "keras"])
def test_penalised_loss_curves_agree_with_numpy_within_1e_4(backend, name, optimizer):
    reference = run_penalised("numpy", name, optimizer)
    other = run_penalised(backend, name, optimizer)
    assert not reference.diverged and not other.diverged
    assert len(other.loss) == len(reference.loss) == 500
    assert np.max(np.abs(other.loss - reference.loss)) < 1e-4
    X, _ = xorutils.xor_data()
    assert np.allclose(other.predict(X), reference.predict(X), atol=1e-3)


def test_the_penalty_changes_the_curve():
    # Guards the agreement test with l2 against a penalty that does nothing.
    name = "2-8-1 tanh, cross-entropy, l2 0.01"
    penalised = run_penalised("numpy", name, "adam")
    settings = {key: value for key, value in PENALISED[name].items() if key != "rates"}
    plain = xorutils.train(
        "numpy", **(settings | dict(l2=0.0, optimizer="adam", learning_rate=0.05, epochs=500, seed=3))
    )
    assert np.max(np.abs(penalised.loss - plain.loss)) > 0.01


def test_the_curve_actually_moves():
    # Guards the agreement test against comparing two flat lines.
    result = run("numpy", "2-8-1 tanh, cross-entropy", "adam", seed=3)
    assert result.loss[0] - result.loss[-1] > 0.5
