"""The lab's "Export as code" (xorutils.export): the code it writes runs, and reruns the lab's run exactly."""

import contextlib
import io
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils import export, features

LAB = dict(  # the lab's defaults
    backend="numpy",
    hidden_units=(4,),
    activation="tanh",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="adam",
    learning_rate=0.05,
    epochs=300,
    seed=0,
    data="xor",
    points=200,
    noise=0.2,
    features=("x1", "x2"),
    l2=0.0,
)
TWO_LAYERS = LAB | dict(
    hidden_units=(8, 8), activation="relu", output_activation="linear", loss="mse", optimizer="sgd", learning_rate=0.1
)
PRODUCT = LAB | dict(features=("x1", "x2", "x1*x2"), hidden_units=(), l2=0.01)
CLOUD = LAB | dict(data="cloud", points=200, noise=0.2, seed=3)
SETTINGS = {
    "lab defaults": LAB,
    "two layers, relu, sgd, mse, linear output": TWO_LAYERS,
    "x1*x2, no hidden layer, l2": PRODUCT,
    "cloud": CLOUD,
    "cloud, features and l2": CLOUD | dict(features=("x1^2", "x2^2", "sin(x1)", "sin(x2)"), l2=0.001, epochs=120),
    "tf": LAB | dict(backend="tf", epochs=40),
    "keras": LAB | dict(backend="keras", epochs=40),
    "keras, cloud, l2": CLOUD | dict(backend="keras", epochs=30, l2=0.001, features=("x1", "x2", "x1*x2")),
}


def parts(settings):
    """The exported code's two parts: (xorutils, plain Keras)."""
    code = export.to_code(settings)
    assert code.startswith(export.XORUTILS_HEADING + "\n")
    first, second = code.split(export.KERAS_HEADING)
    return first, export.KERAS_HEADING + second


def run(code):
    """Run code in a fresh namespace, as a new notebook cell would; return (namespace, what it printed)."""
    namespace = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<exported>", "exec"), namespace)
    return namespace, printed.getvalue()


def lab_run(settings):
    """What the lab runs for these settings."""
    X, y, X_test, y_test = export.lab_data(settings)
    options = {key: value for key, value in settings.items() if key not in ("data", "points", "noise")}
    snapshot_every = max(1, settings["epochs"] // 60)
    return xorutils.train(X=X, y=y, X_test=X_test, y_test=y_test, snapshot_every=snapshot_every, **options)


def data_section(settings):
    """The plain-NumPy data lines of the Keras part (the data, then the features), without Keras."""
    _, keras_part = parts(settings)
    lines = keras_part.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("# The same network and training"))
    return "\n".join(line for line in lines[:end] if line != "import keras")


# --- part 1 reruns the lab's run ------------------------------------------------------------------


@pytest.mark.parametrize("name", SETTINGS)
def test_part_one_reruns_the_lab_run_exactly(name):
    """Bit for bit in every back end: the same data, settings and seed, and each back end repeats itself on a CPU.

    The lab passes snapshot_every, the exported code does not; the Keras back end then runs a
    different number of steps per compiled call, which changes no arithmetic.
    """
    settings = SETTINGS[name]
    namespace, printed = run(parts(settings)[0])
    result, lab = namespace["result"], lab_run(settings)
    assert result.settings == lab.settings
    np.testing.assert_array_equal(result.loss, lab.loss)
    np.testing.assert_array_equal(result.test_loss, lab.test_loss)
    lines = printed.splitlines()
    assert lines[0] == lab.message
    if settings["data"] == "cloud":  # the held-out figures, where overfitting and L2 show
        assert f"test loss {lab.test_loss[-1]:.4g}, test accuracy {lab.test_accuracy[-1]:.0%}" in lines
    if not settings["hidden_units"]:  # no hidden layer: the learner can read the weights
        W, b = lab.network.layers[0]
        assert lines[-1] == f"weights {W.ravel().round(2)} bias {b.round(2)}"
    assert len(lines) == 1 + (settings["data"] == "cloud") + (not settings["hidden_units"])
    assert len(result.loss) == settings["epochs"] and math.isfinite(result.final_loss)


def test_part_one_writes_only_what_differs_from_the_defaults_features_and_l2():
    code = parts(LAB)[0]
    assert "features=" not in code and "l2=" not in code and "X_test" not in code
    code = parts(PRODUCT)[0]
    assert 'features=("x1", "x2", "x1*x2"),' in code and "l2=0.01," in code and "hidden_units=()," in code
    assert 'features=("x1*x2",),' in parts(LAB | dict(features=("x1*x2",)))[0]  # a one-name tuple
    assert "xorutils.noisy_xor(points=200, noise=0.2, seed=0)" in parts(CLOUD)[0]


def test_settings_without_features_and_l2_mean_the_defaults():
    """The lab before features and l2 existed sent neither; they default to ("x1", "x2") and 0."""
    old_lab = {key: value for key, value in LAB.items() if key not in ("features", "l2")}
    assert export.to_code(old_lab) == export.to_code(LAB)


@pytest.mark.parametrize("rate", [0.05, 0.1 + 0.2, 1e-05, 3.0, 0.001, float(np.float32(0.05))])
def test_learning_rates_are_written_so_they_read_back_exactly(rate):
    code = export.to_code(LAB | dict(learning_rate=rate))
    written = [line.split("learning_rate=")[1].rstrip(",)") for line in code.splitlines() if "learning_rate=" in line]
    assert len(written) == 2 and all(float(text) == rate for text in written)
    assert "learning_rate=0.05," in export.to_code(LAB)  # the slider's 0.05, not 0.05000000074505806


def test_noise_is_written_so_it_reads_back_exactly():
    noise = 0.1 + 0.2
    code = export.to_code(CLOUD | dict(noise=noise))
    assert f"noise={noise!r}," in code and f"rng.normal(0, {noise!r}," in code


# --- part 2: the same network in plain Keras --------------------------------------------------------


@pytest.mark.parametrize(
    "points, noise, seed", [(200, 0.2, 0), (7, 0.0, 5), (9, 0.5, 0), (101, 1.37, 2**32 - 1), (4, 2.0, 1)], ids=str
)
def test_plain_numpy_cloud_is_noisy_xor_exactly(points, noise, seed):
    """The network's seed does not move the cloud: its seed is CLOUD_SEED whatever the settings' seed."""
    settings = CLOUD | dict(points=points, noise=noise, seed=seed)
    namespace, _ = run(data_section(settings))
    expected = xorutils.noisy_xor(points, noise, seed=export.CLOUD_SEED)
    for name, array in zip(("X", "y", "X_test", "y_test"), expected):
        assert namespace[name].dtype == np.float32
        np.testing.assert_array_equal(namespace[name], array, err_msg=name)
    for name, array in zip(("X", "y", "X_test", "y_test"), export.lab_data(settings)):
        np.testing.assert_array_equal(namespace[name], array, err_msg=name)


def test_plain_numpy_xor_and_features_are_xorutils_own():
    every = tuple(features.FEATURES)
    namespace, _ = run(data_section(LAB | dict(features=every)))
    X, y = xorutils.xor_data()
    np.testing.assert_array_equal(namespace["X"], features.apply(every, X))
    np.testing.assert_array_equal(namespace["y"], y)
    namespace, _ = run(data_section(CLOUD | dict(features=every[::-1])))
    X, y, X_test, y_test = xorutils.noisy_xor(200, 0.2, seed=export.CLOUD_SEED)
    np.testing.assert_array_equal(namespace["X"], features.apply(every[::-1], X))
    np.testing.assert_array_equal(namespace["X_test"], features.apply(every[::-1], X_test))
    assert namespace["X"].dtype == np.float32


KERAS_RUNS = {
    "lab defaults": LAB | dict(epochs=20),
    "two layers, mse, linear output, sgd": TWO_LAYERS | dict(epochs=20),
    "cloud, x1*x2, no hidden layer, l2": PRODUCT | dict(data="cloud", epochs=20),
}


@pytest.mark.parametrize("name", KERAS_RUNS)
def test_plain_keras_part_builds_the_lab_network(name):
    settings = KERAS_RUNS[name]
    namespace, printed = run(parts(settings)[1])
    model, history = namespace["model"], namespace["history"]
    import keras

    assert model.input_shape == (None, len(settings["features"]))
    widths = list(settings["hidden_units"]) + [1]
    activations = [settings["activation"]] * len(settings["hidden_units"]) + [settings["output_activation"]]
    assert [layer.units for layer in model.layers] == widths
    assert [layer.activation.__name__ for layer in model.layers] == activations
    for layer in model.layers:
        if settings["l2"]:
            assert isinstance(layer.kernel_regularizer, keras.regularizers.L2)
            assert math.isclose(layer.kernel_regularizer.l2, settings["l2"], rel_tol=1e-6)
        else:
            assert layer.kernel_regularizer is None
    assert model.loss == settings["loss"]
    optimizer = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}[settings["optimizer"]]
    assert type(model.optimizer) is optimizer
    assert math.isclose(float(model.optimizer.learning_rate), settings["learning_rate"], rel_tol=1e-6)
    assert len(history.history["loss"]) == settings["epochs"]
    assert math.isfinite(history.history["loss"][-1]) and printed.startswith("final loss ")
    assert ("val_loss" in history.history) == (settings["data"] == "cloud")
    assert (len(model.losses) > 0) == (settings["l2"] > 0)  # the penalty is in the loss Keras minimises


# --- the code is tidy, and bad settings are refused clearly ----------------------------------------


@pytest.mark.skipif(shutil.which("ruff", path=str(Path(sys.executable).parent)) is None, reason="ruff not installed")
@pytest.mark.parametrize("name", SETTINGS)
def test_code_is_formatted_as_ruff_formats_it(name):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    code = export.to_code(SETTINGS[name])
    formatted = subprocess.run(
        [ruff, "format", "--stdin-filename", "exported.py", "-"], input=code, capture_output=True, text=True, check=True
    ).stdout
    assert formatted == code
    assert max(len(line) for line in code.splitlines()) < 110


@pytest.mark.parametrize(
    "change, error, words",
    [
        (dict(backend="torch"), ValueError, ["backend", "'torch'", "'numpy'"]),
        (dict(features=("x1", "x1x2")), ValueError, ["features", "'x1x2'", "'x1*x2'"]),
        (dict(features="x1"), TypeError, ["features", "a tuple"]),
        (dict(l2=-0.1), ValueError, ["l2", "-0.1", ">= 0"]),
        (dict(learning_rate=0.0), ValueError, ["learning_rate", "0.0", "greater than 0"]),
        (dict(data="moons"), ValueError, ["data", "'moons'", "'xor'", "'cloud'"]),
        (dict(data="cloud", noise=3.0), ValueError, ["noise", "3.0", "0 to 2"]),
        (dict(data="cloud", points=2), ValueError, ["points", "2", "4 to 100000"]),
        (dict(hidden_units=(4, 0)), ValueError, ["hidden_units", "(4, 0)"]),
        (dict(seed=-1), ValueError, ["seed", "-1"]),
        (dict(output_activation="linear"), ValueError, ["binary_crossentropy", "linear"]),
        (dict(learnin_rate=0.1), ValueError, ["unknown keys", "'learnin_rate'", "learning_rate"]),
    ],
    ids=str,
)
def test_bad_settings_get_a_clear_error(change, error, words):
    with pytest.raises(error) as raised:
        export.to_code(LAB | change)
    assert all(word in str(raised.value) for word in words), str(raised.value)


@pytest.mark.parametrize("key", ["backend", "learning_rate", "data"])
def test_a_missing_key_is_named(key):
    settings = {name: value for name, value in LAB.items() if name != key}
    for function in (export.to_code, export.lab_data):
        with pytest.raises(ValueError, match=f"missing {key}; it needs"):
            function(settings)


def test_the_cloud_needs_points_and_noise_and_settings_must_be_a_dict():
    cloud = {name: value for name, value in CLOUD.items() if name not in ("points", "noise")}
    with pytest.raises(ValueError, match="missing points, noise"):
        export.to_code(cloud)
    export.to_code({name: value for name, value in LAB.items() if name not in ("points", "noise")})  # not for XOR
    with pytest.raises(TypeError, match="settings must be a dict"):
        export.to_code(list(LAB.items()))
