"""Argument checks that fail early with a message naming the parameter, the value and what is allowed."""

import math
import numbers

import numpy as np

from .features import FEATURES, RAW

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear")
LOSSES = ("mse", "binary_crossentropy")
OPTIMIZERS = ("sgd", "adam")
BACKENDS = ("numpy", "tf", "keras")

MAX_UNITS = 4096
MAX_HIDDEN_LAYERS = 8
MAX_EPOCHS = 100_000


def settings(
    hidden_units_, activation, output_activation, loss, optimizer, learning_rate, epochs, features_=RAW, l2_=0.0
):
    """Check the training settings shared by train() and train_many(); return them as a dict."""
    return dict(
        hidden_units=hidden_units(hidden_units_),
        activation=choice("activation", activation, ACTIVATIONS),
        output_activation=choice("output_activation", output_activation, OUTPUT_ACTIVATIONS),
        loss=loss_for_output(loss, output_activation),
        optimizer=choice("optimizer", optimizer, OPTIMIZERS),
        learning_rate=positive_number("learning_rate", learning_rate),
        epochs=integer("epochs", epochs, 1, MAX_EPOCHS),
        features=features(features_),
        l2=l2(l2_),
    )


def features(value):
    """Return the input features as a tuple of distinct names from FEATURES, e.g. ("x1", "x2", "x1*x2")."""
    allowed = f"a tuple of 1 to {len(FEATURES)} different names from {_listed(FEATURES)}, e.g. ('x1', 'x2', 'x1*x2')"
    if isinstance(value, str):
        raise TypeError(f"features must be {allowed} (a tuple, even for one feature); got {value!r}")
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"features must be {allowed}; got {value!r}")
    for name in value:
        if not isinstance(name, str):
            raise TypeError(f"features must be {allowed}; got {value!r}")
        if name not in FEATURES:
            raise ValueError(f"features must be {allowed}; got {value!r}, where {name!r} is not one of them")
    if not value or len(set(value)) != len(value):
        raise ValueError(f"features must be {allowed}; got {value!r}")
    return tuple(value)


def l2(value):
    """Return the L2 penalty's strength as a float if it is a finite number >= 0 (0 means no penalty)."""
    allowed = "a finite number >= 0 (0 for no penalty), e.g. 0.001"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"l2 must be {allowed}; got {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"l2 must be {allowed}; got {value!r}")
    return float(value)


def seed(name, value):
    """Return value if it can seed numpy.random.default_rng: a whole number from 0 to 2**32 - 1."""
    return integer(name, value, 0, 2**32 - 1)


def test_set(X_test, y_test, features, loss):
    """None when no test data is given, else the checked (X_test, y_test) with the training features."""
    paired("X_test", X_test, "y_test", y_test)
    if X_test is None:
        return None
    X_test, y_test = dataset(X_test, y_test, loss, names=("X_test", "y_test"))
    if X_test.shape[1] != features:
        raise ValueError(f"X_test must have {features} columns like X; got shape {X_test.shape}")
    return X_test, y_test


def paired(x_name, x, y_name, y):
    """Refuse one of two arguments that only make sense together."""
    if (x is None) != (y is None):
        raise ValueError(f"{x_name} and {y_name} go together: give both or neither; got {x_name}={x!r}, {y_name}={y!r}")


def choice(name, value, allowed):
    """Return ``value`` if it is one of the strings in ``allowed``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {_listed(allowed)}; got {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {_listed(allowed)}; got {value!r}")
    return value


def integer(name, value, low, high):
    """Return ``value`` as an int if it is a whole number in [low, high] (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number from {low} to {high}; got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}")
    return int(value)


def positive_number(name, value):
    """Return ``value`` as a float if it is a finite number greater than 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number greater than 0; got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number greater than 0; got {value!r}")
    return float(value)


def number_in(name, value, low, high):
    """Return value as a float if it is a number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number from {low:g} to {high:g}; got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}; got {value!r}")
    return float(value)


def hidden_units(value):
    """Return the hidden layer sizes as a tuple: an int means one hidden layer, () none."""
    allowed = (
        f"a whole number of units from 1 to {MAX_UNITS}, or a tuple of 0 to "
        f"{MAX_HIDDEN_LAYERS} such numbers (one per hidden layer; () for none), e.g. 8 or (32, 32)"
    )
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        sizes = (value,)
    elif isinstance(value, (tuple, list)):
        sizes = tuple(value)
    else:
        raise TypeError(f"hidden_units must be {allowed}; got {value!r}")
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"hidden_units must be {allowed}; got {value!r}")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"hidden_units must be {allowed}; got {value!r}")
        if not 1 <= size <= MAX_UNITS:
            raise ValueError(f"hidden_units must be {allowed}; got {value!r}")
    return tuple(int(size) for size in sizes)


def loss_for_output(loss, output_activation):
    """Check the loss name and that it suits the output: cross-entropy compares probabilities."""
    choice("loss", loss, LOSSES)
    if loss == "binary_crossentropy" and output_activation != "sigmoid":
        raise ValueError(
            "loss='binary_crossentropy' needs output_activation='sigmoid' (it compares probabilities); "
            f"got output_activation={output_activation!r}. Use loss='mse' with a linear output."
        )
    return loss


def network(value):
    """Return value if it looks like an xorutils.Network (checked by shape, to avoid an import cycle)."""
    if not all(hasattr(value, name) for name in ("layers", "activation", "output_activation")):
        raise TypeError(f"network must be an xorutils.Network; got {value!r}")
    choice("network.activation", value.activation, ACTIVATIONS)
    choice("network.output_activation", value.output_activation, OUTPUT_ACTIVATIONS)
    return value


def dataset(X, y, loss, names=("X", "y")):
    """Return X (n, features) and y (n, 1) as float32 arrays, after checking shapes and values."""
    x_name, y_name = names
    X = _float_array(x_name, X)
    y = _float_array(y_name, y)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            f"{x_name} must be a 2-D array of shape (examples, features) with at least one of each; got shape {X.shape}"
        )
    if y.shape != (X.shape[0], 1):
        raise ValueError(
            f"{y_name} must have shape ({X.shape[0]}, 1), one target per row of {x_name}; got shape {y.shape}"
        )
    for name, array in ((x_name, X), (y_name, y)):
        bad = np.argwhere(~np.isfinite(array))
        if len(bad):
            row = bad[0][0]
            raise ValueError(f"{name} must contain only finite numbers; row {row} is {array[row].tolist()!r}")
    outside = np.argwhere((y < 0) | (y > 1))
    if loss == "binary_crossentropy" and len(outside):
        row = outside[0][0]
        raise ValueError(
            f"{y_name} must lie in [0, 1] for loss='binary_crossentropy'; row {row} is {y[row].tolist()!r}"
        )
    return X, y


def _float_array(name, value):
    try:
        return np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers; got {value!r}") from None


def _listed(allowed):
    return ", ".join(repr(option) for option in allowed)
