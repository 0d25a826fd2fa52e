"""Input features, no hidden layer and the L2 penalty, in all three back ends and train_many."""

import math

import numpy as np
import pytest

import xorutils
from xorutils import features, numpy_net
from xorutils.network import initial_network

X, Y = xorutils.xor_data()
PRODUCT = ("x1", "x2", "x1*x2")
BACKENDS = ("numpy", "tf", "keras")


# --- the default path is today's, with no extra arithmetic ---------------------------------------


def test_defaults_are_the_raw_inputs_and_no_penalty():
    result = xorutils.train(epochs=5)
    assert result.settings["features"] == ("x1", "x2") and result.settings["l2"] == 0.0
    assert result.network.features is None and result.initial_network.features is None
    many = xorutils.train_many(range(2), epochs=5)
    assert many.settings["features"] == ("x1", "x2") and many.settings["l2"] == 0.0
    assert many.network(0).features is None


def test_default_numpy_run_is_bit_for_bit_the_plain_loop():
    """train("numpy") at the defaults is forward, loss, backward, Adam: nothing added for features or l2."""
    settings = dict(hidden_units=3, activation="tanh", learning_rate=0.05, epochs=60, seed=4)
    result = xorutils.train("numpy", **settings)
    network = initial_network(2, (3,), "tanh", "sigmoid", 4)
    parameters = network.arrays()
    adam = numpy_net.Adam(0.05, parameters)
    losses = []
    for _ in range(60):
        zs, activations = numpy_net.forward(network, X)
        losses.append(float(numpy_net.loss_value("binary_crossentropy", zs[-1], activations[-1], Y)))
        gradients = numpy_net.backward(network, zs, activations, Y, "binary_crossentropy")
        adam.step(parameters, [array for pair in gradients for array in pair])
    assert np.array_equal(result.loss, np.array(losses))
    assert all(np.array_equal(p, q) for p, q in zip(result.network.arrays(), network.arrays()))
    for explicit in (dict(features=("x1", "x2")), dict(l2=0.0), dict(l2=0)):
        assert np.array_equal(xorutils.train("numpy", **settings, **explicit).loss, result.loss)


def test_the_default_path_builds_no_penalty_in_tf_or_keras(monkeypatch):
    from xorutils import keras_net, tf_net

    traced = []
    compiled_loop = tf_net._compiled_loop
    monkeypatch.setattr(tf_net, "_compiled_loop", lambda *a, **kw: traced.append(kw) or compiled_loop(*a, **kw))
    xorutils.train("tf", epochs=3)
    xorutils.train("tf", epochs=3, l2=0.01)
    assert [kw["with_l2"] for kw in traced] == [False, True]  # l2=0 runs the loop traced without the penalty
    model = keras_net.build_model(initial_network(2, (4,), "tanh", "sigmoid", 0))
    assert not model.losses and all(layer.kernel_regularizer is None for layer in model.layers)
    assert len(keras_net.build_model(initial_network(2, (4,), "tanh", "sigmoid", 0), l2=0.01).losses) == 2


# --- features ------------------------------------------------------------------------------------


def test_each_feature_is_its_formula_in_float32():
    raw = np.array([[0.5, -2.0], [1.0, 3.0]], dtype=np.float32)
    mapped = features.apply(tuple(features.FEATURES), raw)
    x1, x2 = raw[:, 0], raw[:, 1]
    expected = np.column_stack([x1, x2, x1 * x2, x1**2, x2**2, np.sin(x1), np.sin(x2)])
    assert mapped.dtype == np.float32 and mapped.shape == (2, 7)
    assert np.allclose(mapped, expected)
    assert features.apply(None, raw) is raw


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_hidden_layer_with_the_product_feature_solves_xor(backend):
    """XOR = x1 + x2 - 2 x1 x2: one sigmoid unit on (x1, x2, x1*x2) is enough."""
    result = xorutils.train(backend, hidden_units=(), features=PRODUCT, learning_rate=0.1, epochs=300)
    assert result.epochs_to_solve is not None, result.message
    assert result.network.hidden_units == () and result.network.layers[0][0].shape == (3, 1)
    assert result.network.features == PRODUCT
    assert np.array_equal(result.predict(X) > 0.5, Y > 0.5)  # predict takes the raw corners


def test_without_the_product_no_hidden_layer_cannot_solve_xor():
    many = xorutils.train_many(range(10), hidden_units=(), learning_rate=0.1, epochs=300)
    assert not many.solved.any() and np.all(many.final_accuracy <= 0.75)


def test_predict_applies_the_features_to_raw_inputs_and_plots_work():
    result = xorutils.train(hidden_units=2, features=("x1", "x2", "sin(x1)", "x2^2"), epochs=50)
    raw = np.random.default_rng(0).uniform(-1, 2, size=(7, 2)).astype(np.float32)
    _, activations = numpy_net.forward(result.network, features.apply(result.network.features, raw))
    assert np.array_equal(result.predict(raw), activations[-1])
    assert np.array_equal(result.network.inputs(raw), features.apply(result.network.features, raw))
    with pytest.raises(ValueError, match=r"X must have shape \(examples, 2\).*got shape \(7, 4\)"):
        result.predict(np.zeros((7, 4)))
    import matplotlib

    matplotlib.use("Agg")
    xorutils.plot_decision_boundary(result.network)  # draws predict over a grid of raw inputs
    assert all(network.features == result.network.features for _, network in result.snapshots or ())


def test_features_apply_to_the_test_set_too():
    X_train, y_train, X_test, y_test = xorutils.noisy_xor(points=40, seed=2)
    result = xorutils.train(
        hidden_units=(), features=PRODUCT, X=X_train, y=y_train, X_test=X_test, y_test=y_test, epochs=30
    )
    final = xorutils.train(hidden_units=(), features=PRODUCT, X=X_train, y=y_train, epochs=29)
    output = final.predict(X_test)
    z = np.log(output / (1 - output))
    expected = np.mean(np.maximum(z, 0) - z * y_test + np.log1p(np.exp(-np.abs(z))))
    assert math.isclose(result.test_loss[-1], expected, rel_tol=1e-4)


@pytest.mark.parametrize("settings", [dict(hidden_units=(), features=PRODUCT), dict(features=PRODUCT, l2=0.01)])
def test_train_many_with_features_and_l2_reproduces_train(settings):
    settings = settings | dict(learning_rate=0.1, epochs=200)
    seeds = [0, 5, 9]
    many = xorutils.train_many(seeds, **settings)
    for row, seed in enumerate(seeds):
        one = xorutils.train("numpy", seed=seed, **settings)
        assert np.allclose(many.loss[row], one.loss, atol=1e-6)
        expected = np.nan if one.epochs_to_solve is None else one.epochs_to_solve
        assert np.array_equal(many.epochs_to_solve[row], expected, equal_nan=True)
        trained = many.network(seed)
        assert trained.features == one.network.features == PRODUCT
        assert all(np.allclose(p, q, atol=1e-5) for p, q in zip(trained.arrays(), one.network.arrays()))


# --- l2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_reported_loss_is_data_loss_plus_penalty_on_weights_only(backend):
    """Entry k of the loss is measured on the network after k epochs (snapshot k): its data loss plus
    l2 * sum(W^2); the biases, non-zero after training starts, are not penalised."""
    l2 = 0.01
    result = xorutils.train(backend, hidden_units=3, l2=l2, epochs=20, snapshot_every=1, seed=1)
    for done, network in result.snapshots[:-1]:
        zs, activations = numpy_net.forward(network, X)
        data = numpy_net.loss_value("binary_crossentropy", zs[-1], activations[-1], Y)
        weights = sum(float(np.sum(W.astype(np.float64) ** 2)) for W, _ in network.layers)
        assert math.isclose(result.loss[done], data + l2 * weights, rel_tol=1e-5, abs_tol=1e-6), (backend, done)
    assert np.any(result.network.layers[0][1] != 0)  # the biases moved, so the check above tells them apart


def test_test_loss_stays_the_data_loss_under_l2():
    X_train, y_train, X_test, y_test = xorutils.noisy_xor(points=40, seed=3)
    data = dict(X=X_train, y=y_train, X_test=X_test, y_test=y_test, epochs=1)
    plain, penalised = xorutils.train(**data), xorutils.train(**data, l2=0.5)
    assert penalised.test_loss[0] == plain.test_loss[0]  # the same start, no penalty on held-out data
    assert penalised.loss[0] > plain.loss[0]


def test_l2_shrinks_the_weights():
    plain = xorutils.train(hidden_units=8, epochs=300)
    penalised = xorutils.train(hidden_units=8, epochs=300, l2=0.01)

    def size(network):
        return sum(float(np.sum(W**2)) for W, _ in network.layers)

    assert size(penalised.network) < 0.5 * size(plain.network)


def test_numpy_gradient_with_l2_matches_finite_differences():
    """The update uses dLoss/dW + 2 l2 W: check it against central differences of the penalised loss."""
    l2 = 0.05
    network = initial_network(2, (3,), "tanh", "sigmoid", 2)
    network = network.with_arrays([array.astype(np.float64) + 0.1 for array in network.arrays()])
    X64, Y64 = X.astype(np.float64), Y.astype(np.float64)

    def total():
        zs, activations = numpy_net.forward(network, X64)
        return numpy_net.loss_value("binary_crossentropy", zs[-1], activations[-1], Y64) + numpy_net.penalty(
            network, l2
        )

    zs, activations = numpy_net.forward(network, X64)
    gradients = numpy_net.backward(network, zs, activations, Y64, "binary_crossentropy")
    analytic = [dW + 2 * l2 * W for (dW, _), (W, _) in zip(gradients, network.layers)]
    for (W, b), dW, (_, db) in zip(network.layers, analytic, gradients):
        for array, gradient in ((W, dW), (b, db)):
            for index in np.ndindex(array.shape):
                original = array[index]
                array[index] = original + 1e-6
                above = total()
                array[index] = original - 1e-6
                below = total()
                array[index] = original
                assert math.isclose((above - below) / 2e-6, gradient[index], rel_tol=1e-5, abs_tol=1e-8)


# --- bad values ----------------------------------------------------------------------------------

BAD = [
    (dict(features="x1"), TypeError, ["features", "'x1'", "a tuple"]),
    (dict(features=("x1", "x3")), ValueError, ["features", "('x1', 'x3')", "'x3' is not one of them", "'x1*x2'"]),
    (dict(features=("x1", "x1")), ValueError, ["features", "('x1', 'x1')", "different names"]),
    (dict(features=()), ValueError, ["features", "()", "1 to 7"]),
    (dict(features=("x1", 2)), TypeError, ["features", "('x1', 2)", "'sin(x1)'"]),
    (dict(features=None), TypeError, ["features", "None"]),
    (dict(features=PRODUCT, X=np.zeros((4, 3)), y=Y), ValueError, ["X", "(examples, 2)", "(4, 3)", "x1*x2"]),
    (dict(l2=-0.1), ValueError, ["l2", "-0.1", ">= 0"]),
    (dict(l2=float("nan")), ValueError, ["l2", "nan", "finite"]),
    (dict(l2=float("inf")), ValueError, ["l2", "inf", "finite"]),
    (dict(l2="0.01"), TypeError, ["l2", "'0.01'", "number"]),
    (dict(l2=True), TypeError, ["l2", "True", "number"]),
    (dict(l2=None), TypeError, ["l2", "None"]),
    (dict(hidden_units=(2,) * 9), ValueError, ["hidden_units", "0 to 8", "() for none"]),
]


@pytest.mark.parametrize("trainer", ["train", "train_many"])
@pytest.mark.parametrize(("arguments", "error", "words"), BAD, ids=[str(case[0])[:50] for case in BAD])
def test_bad_features_and_l2_get_a_clear_error(trainer, arguments, error, words):
    call = (lambda **kw: xorutils.train(**kw)) if trainer == "train" else (lambda **kw: xorutils.train_many([0], **kw))
    with pytest.raises(error) as raised:
        call(epochs=2, **arguments)
    for word in words:
        assert word in str(raised.value), f"{word!r} missing from: {raised.value}"


def test_one_feature_and_a_list_of_features_are_fine():
    assert xorutils.train(features=["x1*x2"], hidden_units=(), epochs=3).settings["features"] == ("x1*x2",)


def test_atlas_with_features_and_l2_matches_train_many_cell_by_cell():
    settings = dict(features=("x1", "x2", "x1^2"), l2=0.001, epochs=150)
    atlas = xorutils.train_atlas(hidden_units=(2, 3), learning_rates=(0.3, 1.0), seeds=range(4), **settings)
    assert atlas.settings["features"] == settings["features"] and atlas.settings["l2"] == settings["l2"]
    for row, units in enumerate((2, 3)):
        for column, rate in enumerate((0.3, 1.0)):
            many = xorutils.train_many(
                range(4), hidden_units=units, learning_rate=rate, activation="relu", optimizer="sgd", **settings
            )
            assert np.array_equal(atlas.epochs_to_solve[row, column], many.epochs_to_solve, equal_nan=True)
    with pytest.raises(ValueError, match="l2 must be"):
        xorutils.train_atlas(hidden_units=(2,), learning_rates=(1.0,), seeds=range(2), epochs=5, l2=-1)
    with pytest.raises(ValueError, match="features must be"):
        xorutils.train_atlas(hidden_units=(2,), learning_rates=(1.0,), seeds=range(2), epochs=5, features=("x9",))


def test_gradient_check_takes_raw_inputs_for_a_network_with_features():
    result = xorutils.train(hidden_units=2, features=("x1", "x2", "x1*x2", "sin(x2)"), epochs=20)
    assert xorutils.gradient_check(result.network, X, Y, "binary_crossentropy") < 1e-6
