"""Input features: what the network sees, computed from the raw inputs x1, x2.

TensorFlow Playground's idea: hand the network x1*x2 and it needs no hidden layer for XOR, since
XOR(x1, x2) = x1 + x2 - 2 x1 x2 on the four corners. train(features=...) maps X (n, 2) to
(n, len(features)) once before training; the trained Network keeps its features, so
network.predict(X) takes the raw (n, 2) inputs and applies the same map.
"""

import numpy as np

# Each feature as a function of the raw columns x1 = X[:, 0], x2 = X[:, 1], all float32.
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}

# The network sees x1 and x2 as they are: X goes in unchanged, whatever its width.
RAW = ("x1", "x2")


def apply(features, X):
    """The network's inputs for raw X (n, 2): an (n, len(features)) float32 array, one column per feature.

    features=None (a network that takes its inputs as they are) returns X itself, untouched.
    """
    if features is None:
        return X
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"X must have shape (examples, 2), the raw inputs x1, x2 from which the features {features} "
            f"are computed; got shape {X.shape}"
        )
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in features]).astype(np.float32, copy=False)


def kept_by_network(features):
    """What a Network keeps of checked features: None for the raw ("x1", "x2"), so X goes in as it is."""
    return None if tuple(features) == RAW else tuple(features)
