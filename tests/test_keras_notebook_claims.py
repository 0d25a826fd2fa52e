"""Claims notebook 04 makes, pinned where they are cheap to check, so a change to xorutils that breaks one shows here.

Only robust facts are asserted: losses and distances at a stable precision, the direction of a
comparison, never a count that float32 round-off decides.
"""

import numpy as np

import xorutils
from xorutils import stats

X, y = xorutils.xor_data()
SIGMOID_241 = dict(hidden_units=4, activation="sigmoid", output_activation="sigmoid", epochs=2000)
LINEAR_281 = dict(
    hidden_units=8, activation="linear", output_activation="linear", loss="mse", optimizer="sgd", learning_rate=0.1
)


def test_linear_networks_end_at_loss_a_quarter_with_outputs_at_one_half():
    study = xorutils.train_many(range(200), epochs=2000, **LINEAR_281)
    assert np.all(np.abs(study.final_loss - 0.25) < 1e-6)
    for seed in (0, 1):  # the trained weights, which train_many does not keep
        outputs = xorutils.train("numpy", seed=seed, epochs=2000, **LINEAR_281).predict(X)
        assert np.all(np.abs(outputs - 0.5) < 1e-6)


def test_a_linear_function_has_loss_a_quarter_plus_its_mean_squared_distance_from_one_half():
    # the identity notebook 04 uses to bound the outputs of the 2-128-1 linear networks by their loss
    rng = np.random.default_rng(0)
    inputs, targets = X.astype(np.float64), y[:, 0].astype(np.float64)
    for w1, w2, b in rng.normal(size=(20, 3)):
        outputs = w1 * inputs[:, 0] + w2 * inputs[:, 1] + b
        loss = np.mean((outputs - targets) ** 2)
        assert abs(loss - (0.25 + np.mean((outputs - 0.5) ** 2))) < 1e-12


def test_mse_wants_a_larger_sgd_rate_and_is_not_slower_than_cross_entropy_at_it():
    def sgd(loss, rate):
        return xorutils.train_many(range(200), loss=loss, optimizer="sgd", learning_rate=rate, **SIGMOID_241)

    grids = {
        loss: {rate: sgd(loss, rate) for rate in rates}
        for loss, rates in (("mse", (8, 16, 32)), ("binary_crossentropy", (2, 4, 8)))
    }
    best = {loss: stats.best_learning_rate(grid) for loss, grid in grids.items()}
    assert best == {"mse": 16, "binary_crossentropy": 4}  # each inside its grid, not at an end
    comparison = stats.compare_paired(grids["mse"][16], grids["binary_crossentropy"][4])
    assert comparison.a_faster > comparison.b_faster and comparison.p_value < 0.01
    # at a shared rate of 1, cross-entropy looks faster: the folklore is a step-size effect
    assert stats.compare_paired(sgd("mse", 1.0), sgd("binary_crossentropy", 1.0)).b_faster > 150


def test_the_hand_set_network_with_a_linear_output_is_no_probability():
    assert xorutils.goodfellow_params().predict([[2, 2]])[0, 0] == -2.0
