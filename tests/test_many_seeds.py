import numpy as np
import pytest

import xorutils
from xorutils.many_seeds import train_stack

SMALL_SIGMOID = dict(hidden_units=2, activation="sigmoid", loss="mse", optimizer="sgd", learning_rate=2.0, epochs=1500)


@pytest.mark.parametrize(
    "settings",
    [SMALL_SIGMOID, dict(hidden_units=(6, 4), activation="relu", optimizer="adam", learning_rate=0.02, epochs=300)],
)
def test_network_k_of_a_batch_reproduces_train_with_seed_k(settings):
    seeds = [0, 3, 7, 11, 42]
    many = xorutils.train_many(seeds, **settings)
    for row, seed in enumerate(seeds):
        one = xorutils.train("numpy", seed=seed, **settings)
        assert np.allclose(many.loss[row], one.loss, atol=1e-6)
        expected = np.nan if one.epochs_to_solve is None else one.epochs_to_solve
        assert np.array_equal(many.epochs_to_solve[row], expected, equal_nan=True)
        assert np.isclose(many.final_loss[row], one.final_loss, atol=1e-6)
        assert many.final_accuracy[row] == one.accuracy[-1]
        # measured with the last loss, before the last update, like TrainingResult.accuracy[-1]
        before_last = xorutils.train("numpy", seed=seed, **(settings | dict(epochs=settings["epochs"] - 1)))
        assert np.allclose(many.final_output[row], before_last.predict(xorutils.xor_data()[0])[:, 0], atol=1e-6)
        trained = many.network(seed)
        assert all(np.allclose(p, q, atol=1e-5) for p, q in zip(trained.arrays(), one.network.arrays()))
        assert trained.hidden_units == one.network.hidden_units and trained.activation == one.network.activation


def test_small_sigmoid_net_sometimes_gets_stuck_and_summary_says_so():
    many = xorutils.train_many(range(40), **SMALL_SIGMOID)
    assert 0 < many.success_rate < 1
    assert many.summary().startswith(f"solved by {many.solved.sum()} of 40 seeds")
    stuck = ~many.solved
    assert np.all(many.final_loss[stuck] > many.final_loss[many.solved].max())


def test_each_network_diverges_on_its_own():
    X, y = xorutils.xor_data()
    many = xorutils.train_many(
        [0, 1], activation="linear", output_activation="linear", loss="mse", optimizer="sgd", learning_rate=100.0
    )
    assert many.diverged.all() and np.all(np.isfinite(many.final_loss))
    assert "2 diverged" in many.summary()
    calm = xorutils.train_many([0, 1], learning_rate=0.05, epochs=50, X=X, y=y)
    assert not calm.diverged.any()


@pytest.mark.parametrize(
    ("seeds", "error", "words"),
    [([], ValueError, ["seeds", "non-empty"]), (5, TypeError, ["seeds", "5"]), ([1, -2], ValueError, ["seeds", "-2"])],
)
def test_bad_seeds_get_clear_errors(seeds, error, words):
    with pytest.raises(error) as raised:
        xorutils.train_many(seeds)
    assert all(word in str(raised.value) for word in words)


def test_other_settings_are_checked_like_train():
    with pytest.raises(ValueError, match="hidden_units"):
        xorutils.train_many(range(3), hidden_units=0)


def test_train_many_defaults_are_trains_defaults():
    import inspect

    ours = inspect.signature(xorutils.train_many).parameters
    theirs = inspect.signature(xorutils.train).parameters
    shared = set(ours) & set(theirs)
    assert {"hidden_units", "activation", "loss", "optimizer", "learning_rate", "epochs"} <= shared
    assert all(ours[name].default == theirs[name].default for name in shared)


def test_network_of_a_seed_the_study_did_not_train_is_a_clear_error():
    many = xorutils.train_many([3, 4], epochs=5)
    with pytest.raises(ValueError, match="seed must be one of"):
        many.network(5)


def test_weight_scale_multiplies_the_starting_weights_and_one_changes_nothing():
    settings = dict(hidden_units=2, activation="sigmoid", loss="mse", optimizer="sgd", learning_rate=2.0, epochs=30)
    plain, one = xorutils.train_many(range(3), **settings), xorutils.train_many(range(3), weight_scale=1.0, **settings)
    assert np.array_equal(plain.loss, one.loss)
    small = xorutils.train_many(range(3), weight_scale=0.1, **settings)
    starts = []
    for seed in range(3):
        glorot = xorutils.initial_network(2, (2,), "sigmoid", "sigmoid", seed)
        starts.append(glorot.with_arrays([np.float32(0.1) * array for array in glorot.arrays()]))
    X, y = xorutils.xor_data()
    losses = train_stack(starts, 2.0, small.settings, X, y)[0]
    assert np.array_equal(small.loss, losses)
    assert not np.allclose(small.loss[:, 0], plain.loss[:, 0])


@pytest.mark.parametrize("scale", [0, -1.0, float("nan"), float("inf"), "0.1", True])
def test_bad_weight_scale_is_a_clear_error(scale):
    with pytest.raises(ValueError, match="weight_scale"):
        xorutils.train_many(range(2), epochs=2, weight_scale=scale)
