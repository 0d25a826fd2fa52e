"""The parameters of a fully connected network, its seeded initialisation and the hand-set XOR solution."""

from dataclasses import dataclass

import numpy as np

from . import features as input_features
from .numpy_net import forward


@dataclass
class Network:
    """A fully connected network: the format every back end starts from and returns.

    ``layers`` holds one ``(W, b)`` pair per layer, input to output: W is (fan_in, fan_out)
    and b is (fan_out,), both float32. Every hidden layer uses ``activation``; the last
    layer uses ``output_activation``; with no hidden layer there is one (W, b) pair.
    ``features``: None when the network takes its inputs as they are, else the input features
    it computes from the raw (x1, x2), e.g. ("x1", "x2", "x1*x2") (see xorutils/features.py).
    ``predict`` runs the NumPy forward pass on the raw inputs.
    """

    layers: list
    activation: str = "relu"
    output_activation: str = "sigmoid"
    features: tuple | None = None

    @property
    def hidden_units(self):
        """Units per hidden layer, e.g. (2,) for a 2-2-1 network."""
        return tuple(W.shape[1] for W, _ in self.layers[:-1])

    @property
    def parameter_count(self):
        """How many numbers training adjusts (weights and biases); 9 for a 2-2-1 network."""
        return sum(W.size + b.size for W, b in self.layers)

    def arrays(self):
        """The parameters as one flat list [W1, b1, W2, b2, ...], the order Keras' get_weights uses."""
        return [array for layer in self.layers for array in layer]

    def with_arrays(self, arrays):
        """A network of the same shape holding ``arrays``, a flat list in the order arrays() gives."""
        arrays = [np.asarray(array) for array in arrays]
        pairs = list(zip(arrays[0::2], arrays[1::2]))
        return Network(pairs, self.activation, self.output_activation, self.features)

    def copy(self):
        """A copy whose arrays can be changed without touching this network."""
        pairs = [(W.copy(), b.copy()) for W, b in self.layers]
        return Network(pairs, self.activation, self.output_activation, self.features)

    def inputs(self, X):
        """What the first layer sees for raw X: X itself, or its features (n, len(features)) float32."""
        X = np.asarray(X, dtype=np.float32)
        if self.features is None and (X.ndim != 2 or X.shape[1] != self.layers[0][0].shape[0]):
            raise ValueError(
                f"X must have shape (examples, {self.layers[0][0].shape[0]}) for this network; got shape {X.shape}"
            )
        return input_features.apply(self.features, X)

    def predict(self, X):
        """The network's output for raw X (n, inputs): an (n, 1) float32 array (features computed here)."""
        X = self.inputs(X)
        with np.errstate(all="ignore"):  # exp overflow gives a sigmoid of 0; a diverged network just gives NaN
            _, activations = forward(self, X)
        return activations[-1]


def initial_network(inputs, hidden_units, activation, output_activation, seed, features=None):
    """The starting point every back end uses, so one seed gives one set of initial weights.

    inputs: how many numbers the first layer takes (len(features) when features are given).
    hidden_units: a tuple of sizes, () for none. features: kept by the network (see Network).

    Weights follow Keras' default ``glorot_uniform``: uniform in [-limit, limit] with
    limit = sqrt(6 / (fan_in + fan_out)), drawn layer by layer from
    ``numpy.random.default_rng(seed)``. Biases start at zero, as in Keras.
    """
    rng = np.random.default_rng(seed)
    sizes = (inputs, *hidden_units, 1)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        W = rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)
        layers.append((W, np.zeros(fan_out, dtype=np.float32)))
    return Network(layers, activation, output_activation, features)


def goodfellow_params():
    """The hand-set ReLU network of Goodfellow, Bengio & Courville, *Deep Learning*, §6.1.

    h = relu(x W + c) with W = [[1, 1], [1, 1]], c = [0, -1]; output = h w + b with
    w = [1, -2], b = 0. It outputs exactly 0, 1, 1, 0 on the XOR inputs.
    """
    W = np.array([[1, 1], [1, 1]], dtype=np.float32)
    c = np.array([0, -1], dtype=np.float32)
    w = np.array([[1], [-2]], dtype=np.float32)
    b = np.array([0], dtype=np.float32)
    return Network([(W, c), (w, b)], activation="relu", output_activation="linear")
