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


def test_the_curve_actually_moves():
    # Guards the agreement test against comparing two flat lines.
    result = run("numpy", "2-8-1 tanh, cross-entropy", "adam", seed=3)
    assert result.loss[0] - result.loss[-1] > 0.5
