import numpy as np
import pytest

import xorutils


def test_default_run_solves_xor():
    result = xorutils.train()
    X, y = xorutils.xor_data()
    assert result.epochs_to_solve is not None
    assert np.array_equal(np.round(result.predict(X)), y)
    assert result.message.startswith(f"Solved: every example right from epoch {result.epochs_to_solve} to the end")
    assert "final accuracy 100%" in result.message and f"final loss {result.final_loss:.4g}" in result.message


@pytest.mark.parametrize("backend", ["numpy", "tf", "keras"])
def test_result_fields_are_consistent(backend):
    result = xorutils.train(backend, hidden_units=4, epochs=300, seed=1)
    assert result.backend == backend
    assert result.loss.shape == result.accuracy.shape == (300,)
    assert set(np.unique(result.accuracy)) <= {0.0, 0.25, 0.5, 0.75, 1.0}
    first = result.epochs_to_solve
    assert first is not None and np.all(result.accuracy[first - 1 :] == 1.0)
    assert first == 1 or result.accuracy[first - 2] < 1.0
    assert result.final_loss == result.loss[-1]
    assert result.network.hidden_units == (4,) and result.settings["hidden_units"] == (4,)
    assert result.seconds > 0


def test_epochs_to_solve_is_none_when_never_solved():
    # Two linear hidden units make the whole net linear, which cannot fit XOR.
    result = xorutils.train(hidden_units=2, activation="linear", loss="mse", output_activation="linear", seed=0)
    assert result.epochs_to_solve is None
    assert result.message.startswith("Not solved: final accuracy")
    assert "after 500 epochs" in result.message
    assert result.final_loss > 0.24


def test_same_seed_repeats_and_other_seed_differs():
    a, b = xorutils.train(seed=5, epochs=50), xorutils.train(seed=5, epochs=50)
    c = xorutils.train(seed=6, epochs=50)
    assert np.array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, c.loss)


def test_trains_on_other_data_of_any_size():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(40, 2)).astype(np.float32)
    y = ((X[:, :1] > 0) != (X[:, 1:] > 0)).astype(np.float32)
    result = xorutils.train(X=X, y=y, hidden_units=16, epochs=400)
    assert result.accuracy[-1] > 0.9 and result.predict(X).shape == (40, 1)


def test_training_does_not_change_the_starting_network():
    result = xorutils.train(epochs=20)
    again = xorutils.initial_network(2, (8,), "tanh", "sigmoid", seed=0)
    assert all(np.array_equal(p, q) for p, q in zip(result.initial_network.arrays(), again.arrays()))


def test_a_run_right_once_but_wrong_at_the_end_is_not_solved():
    # 2-10-1, learning rate 10: every example is right at epoch 6, then it overshoots to 3 of 4.
    result = xorutils.train(
        hidden_units=10, activation="relu", loss="mse", optimizer="sgd", learning_rate=10.0, epochs=500, seed=0
    )
    assert result.accuracy[5] == 1.0 and result.accuracy[-1] == 0.75
    assert result.epochs_to_solve is None
    assert result.message.startswith("Not solved: final accuracy 75%, final loss")
    assert "right at epoch 6, but not at the end" in result.message


@pytest.mark.parametrize(
    ("accuracies", "expected"),
    [
        ([1.0, 1.0, 1.0], 1),
        ([0.5, 1.0, 0.75, 1.0, 1.0], 4),
        ([0.25, 0.5, 0.75, 1.0], 4),
        ([1.0, 1.0, 0.75], np.nan),
        ([0.5], np.nan),
    ],
)
def test_epochs_to_solve_is_the_first_epoch_right_to_the_end(accuracies, expected):
    from xorutils.numpy_net import epochs_to_solve

    assert np.array_equal(epochs_to_solve(accuracies), expected, equal_nan=True)
    stacked = epochs_to_solve([accuracies, [1.0] * len(accuracies)])
    assert np.array_equal(stacked, [expected, 1], equal_nan=True)
