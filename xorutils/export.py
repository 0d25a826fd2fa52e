"""The lab's "Export as code": its settings written out as Python a learner can paste into a notebook.

A run in the lab is gone once the sliders move; as code it can be rerun, changed and kept. The code
has two parts. The first calls xorutils.train with every setting the lab used, so it repeats the
lab's run exactly (same data, same starting weights, same numbers). The second builds the same
network in plain Keras, with no xorutils, to show what the course's helpers stand for.

lab_data(settings) is the one source of the lab's data, so the exported code and the lab cannot
drift apart: the XOR truth table, or the noisy cloud drawn with CLOUD_SEED.
"""

from . import validation
from .data import noisy_xor, xor_data
from .features import RAW

CLOUD_SEED = 0  # the noisy cloud stays put while the network's seed changes
DATA = ("xor", "cloud")
TEST_FRACTION = 0.3  # noisy_xor's default share of held-out points, written out in the Keras part

XORUTILS_HEADING = "# Reproduce this run with xorutils"
KERAS_HEADING = "# The same network in plain Keras (no xorutils needed)"

# The keys of the lab's settings; features and l2 may be left out (they default to RAW and 0.0),
# points and noise are needed only for the cloud.
TRAINING_KEYS = (
    "backend",
    "hidden_units",
    "activation",
    "output_activation",
    "loss",
    "optimizer",
    "learning_rate",
    "epochs",
    "seed",
)
KEYS = TRAINING_KEYS + ("data", "points", "noise", "features", "l2")
OPTIONAL = {"features": RAW, "l2": 0.0}

# Each input feature as a NumPy expression in the raw columns (the same arithmetic as features.FEATURES).
NUMPY_FEATURES = {
    "x1": "X[:, 0]",
    "x2": "X[:, 1]",
    "x1*x2": "X[:, 0] * X[:, 1]",
    "x1^2": "X[:, 0] ** 2",
    "x2^2": "X[:, 1] ** 2",
    "sin(x1)": "np.sin(X[:, 0])",
    "sin(x2)": "np.sin(X[:, 1])",
}


def lab_data(settings):
    """The lab's data, ``(X, y, X_test, y_test)``: the truth table (no test set) or the noisy cloud."""
    settings = _checked(settings)
    if settings["data"] == "xor":
        return (*xor_data(), None, None)
    return noisy_xor(settings["points"], settings["noise"], seed=CLOUD_SEED)


def to_code(settings):
    """Python source (a str) that reruns the lab's run with xorutils, then builds it in plain Keras."""
    settings = _checked(settings)
    return "\n".join(_xorutils_part(settings) + [""] + _keras_part(settings)) + "\n"


def _checked(settings):
    """The settings with every value checked and features/l2 filled in; a clear error for a bad one."""
    if not isinstance(settings, dict):
        raise TypeError(f"settings must be a dict of the lab's settings ({', '.join(KEYS)}); got {settings!r}")
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        raise ValueError(f"settings has unknown keys {unknown}; the allowed keys are {', '.join(KEYS)}")
    data = validation.choice("data", settings.get("data"), DATA) if "data" in settings else None
    needed = TRAINING_KEYS + ("data",) + (("points", "noise") if data == "cloud" else ())
    missing = [key for key in needed if key not in settings]
    if missing:
        raise ValueError(f"settings is missing {', '.join(missing)}; it needs {', '.join(needed)}")
    s = {**OPTIONAL, **settings}
    checked = validation.settings(
        s["hidden_units"],
        s["activation"],
        s["output_activation"],
        s["loss"],
        s["optimizer"],
        s["learning_rate"],
        s["epochs"],
        s["features"],
        s["l2"],
    )
    checked |= dict(
        backend=validation.choice("backend", s["backend"], validation.BACKENDS),
        seed=validation.seed("seed", s["seed"]),
        data=data,
    )
    if data == "cloud":  # the same limits as noisy_xor's
        checked["points"] = validation.integer("points", s["points"], 4, 100_000)
        checked["noise"] = validation.number_in("noise", s["noise"], 0.0, 2.0)
    return checked


def _float(value):
    """A float as Python source that reads back as exactly the same float (repr is the shortest such)."""
    text = repr(float(value))
    assert float(text) == value, text
    return text


def _strings(names):
    """A tuple of names as source, in double quotes like the rest of the code: ("x1", "x2")."""
    quoted = [f'"{name}"' for name in names]
    return "(" + ", ".join(quoted) + ("," if len(quoted) == 1 else "") + ")"


CLOUD_PRINT = ['print(f"test loss {result.test_loss[-1]:.4g}, test accuracy {result.test_accuracy[-1]:.0%}")']


def _xorutils_part(s):
    if s["data"] == "xor":
        data = ["X, y = xorutils.xor_data()"]
        arrays = ["X=X", "y=y"]
    else:
        data = [
            f"X, y, X_test, y_test = xorutils.noisy_xor(points={s['points']}, noise={_float(s['noise'])}, "
            f"seed={CLOUD_SEED})"
        ]
        arrays = ["X=X", "y=y", "X_test=X_test", "y_test=y_test"]
    keywords = [
        f'backend="{s["backend"]}"',
        f"hidden_units={s['hidden_units']!r}",
        f'activation="{s["activation"]}"',
        f'output_activation="{s["output_activation"]}"',
        f'loss="{s["loss"]}"',
        f'optimizer="{s["optimizer"]}"',
        f"learning_rate={_float(s['learning_rate'])}",
        f"epochs={s['epochs']}",
        f"seed={s['seed']}",
    ]
    if s["features"] != RAW:
        keywords.append(f"features={_strings(s['features'])}")
    if s["l2"]:
        keywords.append(f"l2={_float(s['l2'])}")
    return (
        [XORUTILS_HEADING, "import xorutils", ""]
        + data
        + ["result = xorutils.train("]
        + [f"    {keyword}," for keyword in keywords + arrays]
        + [")", "print(result.message)"]
        + (CLOUD_PRINT if s["data"] == "cloud" else [])
        + (
            [
                f"W, b = result.network.layers[0]  # one weight per input ({', '.join(s['features'])}), and the bias",
                'print("weights", W.ravel().round(2), "bias", b.round(2))',
            ]
            if not s["hidden_units"]
            else []
        )
    )


def _keras_part(s):
    lines = [KERAS_HEADING, "import keras", "import numpy as np", ""]
    if s["data"] == "xor":
        lines += [
            "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)",
            "y = np.array([[0], [1], [1], [0]], dtype=np.float32)",
        ]
    else:
        held_out = round(s["points"] * TEST_FRACTION)  # as noisy_xor computes it
        lines += [
            "# The noisy cloud: each point a random corner of the unit square plus Gaussian noise, its target",
            f"# the XOR of that corner; the first {held_out} points are held out (as xorutils.noisy_xor does).",
            f"rng = np.random.default_rng({CLOUD_SEED})",
            f"corners = rng.integers(0, 2, size=({s['points']}, 2))",
            f"X = (corners + rng.normal(0, {_float(s['noise'])}, size=({s['points']}, 2))).astype(np.float32)",
            "y = (corners[:, :1] ^ corners[:, 1:]).astype(np.float32)",
            f"X_test, y_test, X, y = X[:{held_out}], y[:{held_out}], X[{held_out}:], y[{held_out}:]",
        ]
    if s["features"] != RAW:
        columns = ", ".join(NUMPY_FEATURES[name] for name in s["features"])
        lines += [
            "",
            "",
            "def features(X):",
            f'    """The network\'s inputs {", ".join(s["features"])}, one column each, from the raw x1, x2."""',
            f"    return np.column_stack([{columns}])",
            "",
            "",
            "X = features(X)",
        ]
        if s["data"] == "cloud":
            lines.append("X_test = features(X_test)")
    regularizer = f", kernel_regularizer=keras.regularizers.L2({_float(s['l2'])})" if s["l2"] else ""
    layers = [f"keras.Input(shape=({len(s['features'])},))"]
    dense = [(units, s["activation"]) for units in s["hidden_units"]] + [(1, s["output_activation"])]
    layers += [f'keras.layers.Dense({units}, activation="{activation}"{regularizer})' for units, activation in dense]
    optimizer = {"adam": "Adam", "sgd": "SGD"}[s["optimizer"]]
    validation_data = ", validation_data=(X_test, y_test)" if s["data"] == "cloud" else ""
    lines += [
        "",
        "# The same network and training as above, but Keras starts from its own random weights, so its",
        "# curve differs from the run above (xorutils' back ends share their starting weights: notebook 05",
        "# explains). BinaryAccuracy counts an output as right when it is on the right side of 0.5.",
        f"keras.utils.set_random_seed({s['seed']})",
        "model = keras.Sequential(",
        "    [",
        *[f"        {layer}," for layer in layers],
        "    ]",
        ")",
        "model.compile(",
        f"    optimizer=keras.optimizers.{optimizer}(learning_rate={_float(s['learning_rate'])}),",
        f'    loss="{s["loss"]}",',
        '    metrics=[keras.metrics.BinaryAccuracy(name="accuracy")],',
        ")",
        "# batch_size=len(X): every epoch is one update on all the data (full batch), as in the course",
        f"history = model.fit(X, y, epochs={s['epochs']}, batch_size=len(X){validation_data}, verbose=0)",
        'loss, accuracy = history.history["loss"][-1], history.history["accuracy"][-1]',
        'print(f"final loss {loss:.4g}, final accuracy {accuracy:.0%}")',
    ]
    if s["data"] == "cloud":
        lines += [
            'test_loss, test_accuracy = history.history["val_loss"][-1], history.history["val_accuracy"][-1]',
            'print(f"test loss {test_loss:.4g}, test accuracy {test_accuracy:.0%}")',
        ]
    return lines
