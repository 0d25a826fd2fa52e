"""The answers hidden in notebook 06's guided tour, measured: each claim there is checked here."""

import math

import numpy as np

import xorutils


def test_one_hidden_unit_never_solves_xor():
    assert xorutils.train_many(range(200), hidden_units=1).success_rate == 0
    assert xorutils.train_many(range(200), hidden_units=1, activation="relu").success_rate == 0


def test_two_units_solve_for_some_seeds_and_three_for_most():
    two, three = (xorutils.train_many(range(100), hidden_units=w).success_rate for w in (2, 3))
    assert 0 < two < 0.5 <= three


def test_learning_rate_speeds_up_then_hurts():
    studies = {
        rate: xorutils.train_many(range(100), hidden_units=4, learning_rate=rate, epochs=300)
        for rate in (0.05, 0.2, 0.5)
    }
    median = {rate: np.median(s.epochs_to_solve[s.solved]) for rate, s in studies.items()}
    assert median[0.05] == 22 and 12 <= median[0.2] <= 13
    assert studies[0.5].success_rate < studies[0.2].success_rate


def test_learning_rate_ten_overshoots_and_linear_sgd_diverges():
    bouncing = xorutils.train(hidden_units=4, learning_rate=10.0, epochs=300)
    assert bouncing.loss[0] < 0.75 and bouncing.loss[:10].max() > 6 and bouncing.accuracy[-1] == 0.5
    exploding = xorutils.train(
        hidden_units=4, activation="linear", output_activation="linear", loss="mse", optimizer="sgd", learning_rate=10.0
    )
    assert exploding.diverged and "at epoch 4" in exploding.message and "smaller learning rate" in exploding.message


def test_linear_units_settle_at_the_coin_flip_loss():
    for units in (4, (16, 16)):
        result = xorutils.train(hidden_units=units, activation="linear", epochs=1000)
        assert abs(result.final_loss - math.log(2)) < 1e-3
        assert np.all(np.abs(result.predict(xorutils.xor_data()[0]) - 0.5) < 1e-3)


def test_noisy_cloud_overfits_with_many_units():
    X_train, y_train, X_test, y_test = xorutils.noisy_xor(points=60, noise=0.35, seed=0)
    result = xorutils.train(hidden_units=64, epochs=3000, X=X_train, y=y_train, X_test=X_test, y_test=y_test)
    best = int(np.argmin(result.test_loss))
    assert result.accuracy[-1] == 1 and result.loss[-1] < 1e-3
    assert 50 < best < 1000 and result.test_loss[-1] > 5 * result.test_loss[best]
