"""Held-out data and snapshots: what the playground shows about generalisation and replays."""

import numpy as np
import pytest

import xorutils
from xorutils.data import noisy_xor

SETTINGS = dict(hidden_units=(8, 4), optimizer="sgd", learning_rate=0.5, epochs=300, seed=2, snapshot_every=30)


@pytest.fixture(scope="module")
def cloud():
    return noisy_xor(points=200, noise=0.25, seed=0)


def test_noisy_xor_splits_and_labels_by_corner():
    X_train, y_train, X_test, y_test = noisy_xor(points=50, noise=0.0, test_fraction=0.2, seed=1)
    assert X_train.shape == (40, 2) and y_train.shape == (40, 1) and X_test.shape == (10, 2)
    X, y = np.vstack([X_train, X_test]), np.vstack([y_train, y_test])
    assert set(map(tuple, X.tolist())) <= {(0, 0), (0, 1), (1, 0), (1, 1)}  # no noise: exact corners
    assert np.array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))
    again = noisy_xor(points=50, noise=0.0, test_fraction=0.2, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip((X_train, y_train, X_test, y_test), again))


@pytest.mark.parametrize(
    ("arguments", "words"),
    [(dict(points=2), ["points", "2", "from 4"]), (dict(noise=-1), ["noise", "-1"]), (dict(test_fraction=1), ["0.9"])],
)
def test_noisy_xor_rejects_bad_settings(arguments, words):
    with pytest.raises(ValueError) as raised:
        noisy_xor(**arguments)
    assert all(word in str(raised.value) for word in words)


@pytest.mark.parametrize("backend", ["numpy", "tf", "keras"])
def test_test_loss_and_snapshots_agree_across_back_ends(backend, cloud):
    X_train, y_train, X_test, y_test = cloud
    reference = xorutils.train("numpy", X=X_train, y=y_train, X_test=X_test, y_test=y_test, **SETTINGS)
    result = xorutils.train(backend, X=X_train, y=y_train, X_test=X_test, y_test=y_test, **SETTINGS)
    assert result.test_loss.shape == result.test_accuracy.shape == (300,)
    assert np.max(np.abs(result.test_loss - reference.test_loss)) < 1e-4
    assert np.max(np.abs(result.loss - reference.loss)) < 1e-4
    assert [epoch for epoch, _ in result.snapshots] == list(range(0, 301, 30))
    for (_, ours), (_, theirs) in zip(result.snapshots, reference.snapshots):
        assert all(np.allclose(a, b, atol=1e-4) for a, b in zip(ours.arrays(), theirs.arrays()))
    first, last = result.snapshots[0][1], result.snapshots[-1][1]
    assert all(np.array_equal(a, b) for a, b in zip(first.arrays(), result.initial_network.arrays()))
    assert all(np.array_equal(a, b) for a, b in zip(last.arrays(), result.network.arrays()))


def test_test_loss_is_measured_before_each_update_like_the_training_loss(cloud):
    X_train, y_train, _, _ = cloud
    # Held out = the training set itself: the two curves must then coincide exactly in time.
    for backend in ("numpy", "keras"):
        result = xorutils.train(backend, X=X_train, y=y_train, X_test=X_train, y_test=y_train, epochs=50)
        assert np.allclose(result.test_loss, result.loss, atol=1e-6)


def test_generalisation_shows_on_noisy_data(cloud):
    X_train, y_train, X_test, y_test = cloud
    result = xorutils.train(X=X_train, y=y_train, X_test=X_test, y_test=y_test, hidden_units=16, epochs=400)
    assert result.test_accuracy[-1] > 0.75 and result.test_loss[-1] > result.loss[-1]


def test_snapshots_end_at_the_last_epoch_and_stop_at_divergence():
    assert [e for e, _ in xorutils.train(epochs=95, snapshot_every=10).snapshots][-2:] == [90, 95]
    diverging = xorutils.train(
        activation="linear",
        output_activation="linear",
        loss="mse",
        optimizer="sgd",
        learning_rate=100.0,
        snapshot_every=1,
    )
    assert diverging.diverged and [e for e, _ in diverging.snapshots] == [0, 1, 2, 3]
    assert xorutils.train(epochs=10).snapshots == ()
