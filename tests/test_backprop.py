"""The NumPy back end's hand-written gradients, checked two independent ways."""

import numpy as np
import pytest

import xorutils
from xorutils import numpy_net

LOSS_OUTPUTS = [("binary_crossentropy", "sigmoid"), ("mse", "sigmoid"), ("mse", "linear")]


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "linear"])
@pytest.mark.parametrize(("loss", "output_activation"), LOSS_OUTPUTS)
@pytest.mark.parametrize("hidden_units", [(3,), (5, 4)])
def test_backprop_matches_finite_differences(activation, loss, output_activation, hidden_units):
    rng = np.random.default_rng(7)
    for seed in range(3):
        network = xorutils.initial_network(2, hidden_units, activation, output_activation, seed)
        # random biases too, so no ReLU sits exactly on its kink at 0
        for _, b in network.layers:
            b[:] = rng.normal(0, 0.5, size=b.shape)
        X, y = rng.normal(size=(6, 2)), rng.integers(0, 2, size=(6, 1))
        assert xorutils.gradient_check(network, X, y, loss) < 1e-6


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    network = xorutils.initial_network(2, (4,), "tanh", "sigmoid", seed=0)
    X, y = xorutils.xor_data()
    assert xorutils.gradient_check(network, X, y, "mse") < 1e-6
    monkeypatch.setitem(numpy_net.DERIVATIVES, "tanh", lambda z, a: 1 - a)  # a plausible slip
    assert xorutils.gradient_check(network, X, y, "mse") > 1e-2


@pytest.mark.parametrize(("loss", "output_activation"), LOSS_OUTPUTS)
def test_gradient_tape_agrees_with_manual_backprop(loss, output_activation):
    from xorutils import tf_net

    network = xorutils.initial_network(2, (6, 3), "tanh", output_activation, seed=5)
    X, y = xorutils.xor_data()
    zs, activations = numpy_net.forward(network, X)
    manual = numpy_net.backward(network, zs, activations, y, loss)
    taped = tf_net.gradients(network, X, y, loss)
    for (dW, db), (tW, tb) in zip(manual, taped):
        assert np.allclose(dW, tW, atol=1e-6) and np.allclose(db, tb, atol=1e-6)


def test_binary_crossentropy_is_stable_for_confident_outputs():
    z = np.array([[-200.0], [200.0]], dtype=np.float32)
    y = np.array([[0.0], [0.0]], dtype=np.float32)
    with np.errstate(over="ignore"):
        value = numpy_net.loss_value("binary_crossentropy", z, numpy_net.sigmoid(z), y)
    assert np.isclose(value, 100.0)  # (0 + 200) / 2: finite, where log(1 - sigmoid(200)) would be -inf


def test_accuracy_counts_outputs_within_half_of_target():
    y = np.array([[0], [1], [1], [0]], dtype=np.float32)
    assert numpy_net.accuracy(np.array([[0.1], [0.9], [0.6], [0.4]]), y) == 1.0
    assert numpy_net.accuracy(np.full((4, 1), 0.5), y) == 0.0  # sitting on the fence is not right
    assert numpy_net.accuracy(np.array([[0.0], [1.7], [1.0], [0.0]]), y) == 0.75  # linear overshoot


@pytest.mark.parametrize("optimizer, l2", [("adam", 0.0), ("sgd", 0.0), ("adam", 0.01)])
def test_fit_updates_all_parameters_in_one_array_with_the_same_numbers(optimizer, l2):
    """fit keeps the parameters in one flat array for speed; the run is the one a step per array gives."""
    from xorutils.data import xor_data
    from xorutils.network import initial_network

    X, y = xor_data()
    start = initial_network(2, (3, 2), "tanh", "sigmoid", seed=4)
    given = [array.copy() for array in start.arrays()]
    record = numpy_net.fit(
        start, X, y, loss="binary_crossentropy", optimizer=optimizer, learning_rate=0.1, epochs=60, l2=l2
    )
    network = start.copy()  # the loop written out, each array updated on its own
    update = numpy_net.OPTIMIZERS[optimizer](0.1, network.arrays())
    losses = []
    for _ in range(60):
        zs, activations = numpy_net.forward(network, X)
        value = numpy_net.loss_value("binary_crossentropy", zs[-1], activations[-1], y)
        losses.append(float(value + numpy_net.penalty(network, l2)))
        gradients = numpy_net.backward(network, zs, activations, y, "binary_crossentropy")
        gradients = [(dW + 2 * l2 * W, db) for (dW, db), (W, _) in zip(gradients, network.layers)]
        update.step(network.arrays(), [array for pair in gradients for array in pair])
    assert record["loss"] == losses
    for got, expected in zip(record["network"].arrays(), network.arrays()):
        assert got.shape == expected.shape and got.dtype == np.float32
        np.testing.assert_array_equal(got, expected)
    for array, before in zip(start.arrays(), given):
        np.testing.assert_array_equal(array, before, err_msg="fit must not train the network it was given")


def test_mean_per_network_is_numpys_mean_over_examples_and_outputs():
    values = np.random.default_rng(0).normal(size=(5, 7, 1)).astype(np.float32)
    np.testing.assert_array_equal(numpy_net.mean_per_network(values), np.mean(values, axis=(-2, -1)))
    assert numpy_net.mean_per_network(values[0]) == np.mean(values[0])
    right = np.array([[True], [False], [True], [True]])
    assert numpy_net.mean_per_network(right) == 0.75
