import numpy as np
import pytest

import xorutils


def test_xor_data_is_the_truth_table_in_order():
    X, y = xorutils.xor_data()
    assert X.shape == (4, 2) and y.shape == (4, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.ravel().tolist() == [0, 1, 1, 0]
    assert y.ravel().tolist() == [int(a) ^ int(b) for a, b in X]


def test_xor_data_returns_fresh_arrays():
    X, _ = xorutils.xor_data()
    X[0, 0] = 99
    assert xorutils.xor_data()[0][0, 0] == 0


def test_goodfellow_network_outputs_exactly_xor():
    network = xorutils.goodfellow_params()
    X, y = xorutils.xor_data()
    assert np.array_equal(network.predict(X), y)
    assert network.hidden_units == (2,)
    assert (network.activation, network.output_activation) == ("relu", "linear")


def test_goodfellow_hidden_layer_matches_the_book():
    # Deep Learning §6.1: after the ReLU the four inputs sit at (0,0), (1,0), (1,0), (2,1).
    W, c = xorutils.goodfellow_params().layers[0]
    X, _ = xorutils.xor_data()
    assert np.maximum(X @ W + c, 0).tolist() == [[0, 0], [1, 0], [1, 0], [2, 1]]


def test_initial_network_is_seeded_and_glorot_uniform():
    a = xorutils.initial_network(2, (16, 4), "relu", "sigmoid", seed=3)
    b = xorutils.initial_network(2, (16, 4), "relu", "sigmoid", seed=3)
    c = xorutils.initial_network(2, (16, 4), "relu", "sigmoid", seed=4)
    assert [w.shape for w in a.arrays()] == [(2, 16), (16,), (16, 4), (4,), (4, 1), (1,)]
    assert all(np.array_equal(p, q) for p, q in zip(a.arrays(), b.arrays()))
    assert not np.array_equal(a.layers[0][0], c.layers[0][0])
    for W, bias in a.layers:
        limit = np.sqrt(6 / sum(W.shape))
        assert np.all(np.abs(W) <= limit) and W.dtype == np.float32
        assert not bias.any()


def test_parameter_count_of_the_smallest_xor_net_is_nine():
    assert xorutils.initial_network(2, (2,), "sigmoid", "sigmoid", seed=0).parameter_count == 9


def test_predict_rejects_inputs_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"X must have shape \(examples, 2\).*\(4, 3\)"):
        xorutils.goodfellow_params().predict(np.zeros((4, 3)))


def test_predict_on_a_diverged_network_gives_nan_without_warnings():
    import warnings

    network = xorutils.goodfellow_params()
    network.layers[0] = (np.full((2, 2), np.inf, dtype=np.float32), network.layers[0][1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        output = network.predict(xorutils.xor_data()[0])
    assert output.shape == (4, 1) and np.isnan(output).any()
