"""Backpropagation written out in NumPy: the code learners read to see how a network learns.

Notation, for a batch of n examples and layers l = 1..L:
    z_l = a_{l-1} W_l + b_l        (a_0 = X)
    a_l = f(z_l)                   (f = the hidden activation, or the output one for l = L)
The loss is averaged over the n examples. Backprop walks the chain rule from the output
back to the input, carrying delta_l = dLoss/dz_l:
    dLoss/dW_l = a_{l-1}^T delta_l,   dLoss/db_l = sum of delta_l over the examples
    delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1})
Every function works in the dtype of the arrays it is given: float32 for training,
float64 for the gradient check.
"""

import math

import numpy as np

from . import validation
from .features import apply as apply_features


def relu(z):
    return np.maximum(z, 0)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": np.tanh, "linear": lambda z: z}

# f'(z), written with a = f(z) where that is cheaper: sigmoid' = a(1 - a), tanh' = 1 - a^2.
# ReLU's slope at exactly 0 is taken as 0, as TensorFlow does.
DERIVATIVES = {
    "relu": lambda z, a: (z > 0).astype(z.dtype),
    "sigmoid": lambda z, a: a * (1 - a),
    "tanh": lambda z, a: 1 - a * a,
    "linear": lambda z, a: np.ones_like(z),
}


def forward(network, X):
    """Run X (n, features) through the network.

    Returns ``(zs, activations)``: zs[l] is layer l+1's weighted input z, activations[0] is X
    and activations[-1] is the output (n, 1). Backward needs both lists.
    """
    zs, activations = [], [X]
    last = len(network.layers) - 1
    for index, (W, b) in enumerate(network.layers):
        z = activations[-1] @ W + b
        name = network.output_activation if index == last else network.activation
        zs.append(z)
        activations.append(ACTIVATIONS[name](z))
    return zs, activations


def loss_value(loss, z_out, output, y):
    """The loss averaged over the examples.

    mse: mean((output - y)^2).
    binary_crossentropy: -mean(y log p + (1 - y) log(1 - p)) with p = sigmoid(z_out), computed
    from z_out as max(z, 0) - z y + log(1 + e^-|z|), which equals it but never takes log(0).
    """
    # Averaging over the last two axes (examples, outputs) also gives one loss per network
    # when many_seeds.py hands in a stack of networks' outputs.
    if loss == "mse":
        return mean_per_network((output - y) ** 2)
    return mean_per_network(np.maximum(z_out, 0) - z_out * y + np.log1p(np.exp(-np.abs(z_out))))


def mean_per_network(values):
    """The mean over the last two axes (examples, outputs): one number per network.

    The same numbers as np.mean(values, axis=(-2, -1)), which costs 10 microseconds more per call
    in Python; fit calls this twice an epoch, where an epoch of a small network takes about 100.
    """
    return values.sum(axis=(-2, -1)) / (values.shape[-2] * values.shape[-1])


def backward(network, zs, activations, y, loss):
    """Gradients of the loss for every parameter, as a list of (dW, db) pairs like network.layers."""
    n = len(y)
    output = activations[-1]
    if loss == "binary_crossentropy":
        # With a sigmoid output, d/dz of the cross-entropy simplifies to (p - y): the
        # sigmoid's slope p(1 - p) cancels against the 1 / (p(1 - p)) of the log.
        delta = (output - y) / n
    else:
        # mse: dLoss/doutput = 2 (output - y) / n, times the output activation's slope.
        delta = 2 * (output - y) / n * DERIVATIVES[network.output_activation](zs[-1], output)
    gradients = []
    for index in range(len(network.layers) - 1, -1, -1):
        W, _ = network.layers[index]
        gradients.append((activations[index].T @ delta, delta.sum(axis=0)))
        if index > 0:
            delta = (delta @ W.T) * DERIVATIVES[network.activation](zs[index - 1], activations[index])
    return gradients[::-1]


def accuracy(output, y):
    """Fraction of examples whose output rounds to its target (within 0.5 of it).

    An output of exactly 0.5 counts as wrong for either target.
    """
    return mean_per_network(np.abs(output - y) < 0.5)


def epochs_to_solve(accuracies):
    """When training solved the task: the first epoch (counted from 1) from which every example
    stays right to the end of training, or NaN where the last epoch has an example wrong.

    accuracies: (..., epochs) fractions of examples right per epoch. A run that is all right at
    epoch 6 and wrong again later is not solved at 6: "solved" describes where training ended.
    """
    accuracies = np.asarray(accuracies)
    wrong = accuracies < 1.0
    last_wrong = np.where(wrong.any(axis=-1), wrong.shape[-1] - 1 - np.argmax(wrong[..., ::-1], axis=-1), -1)
    return np.where(wrong[..., -1], np.nan, last_wrong + 2.0)


class SGD:
    """Plain gradient descent: parameter -= learning_rate * gradient."""

    def __init__(self, learning_rate, parameters):
        self.learning_rate = learning_rate

    def step(self, parameters, gradients):
        for parameter, gradient in zip(parameters, gradients):
            parameter -= self.learning_rate * gradient


class Adam:
    """Adam (Kingma & Ba, 2015) exactly as Keras 3 writes it, so the back ends agree.

    m and v are running averages of the gradient and its square; the bias correction is
    folded into the step size: alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t), and
    parameter -= alpha_t * m / (sqrt(v) + epsilon).
    """

    def __init__(self, learning_rate, parameters, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate, self.beta_1, self.beta_2, self.epsilon = learning_rate, beta_1, beta_2, epsilon
        self.m = [np.zeros_like(p) for p in parameters]
        self.v = [np.zeros_like(p) for p in parameters]
        self.t = 0

    def step_size(self):
        """alpha_t for the current step t."""
        return self.learning_rate * math.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)

    def step(self, parameters, gradients):
        self.t += 1
        alpha = self.step_size()
        for parameter, gradient, m, v in zip(parameters, gradients, self.m, self.v):
            m += (gradient - m) * (1 - self.beta_1)
            v += (gradient * gradient - v) * (1 - self.beta_2)
            parameter -= alpha * m / (np.sqrt(v) + self.epsilon)


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def penalty(network, l2):
    """The L2 penalty l2 * sum(W^2) over every weight matrix; biases are not penalised (Keras' L2)."""
    return l2 * sum(np.sum(W * W) for W, _ in network.layers)


def in_one_array(network):
    """A copy of network whose arrays are views into one flat array; returns (copy, flat array).

    The optimizer then updates every parameter in one pass over the flat array, with the same
    numbers as one pass per array. For a network this small NumPy's cost per call outweighs the
    arithmetic: Adam's 12 calls instead of 12 per array make an epoch of 4 units a quarter faster.
    """
    arrays = network.arrays()
    flat = np.concatenate([array.ravel() for array in arrays])
    views, start = [], 0
    for array in arrays:
        views.append(flat[start : start + array.size].reshape(array.shape))
        start += array.size
    return network.with_arrays(views), flat


def fit(network, X, y, *, loss, optimizer, learning_rate, epochs, test=None, snapshot_every=None, l2=0.0):
    """Full-batch training: each epoch is one forward pass, one backward pass and one update.

    Returns a dict: "loss" and "accuracy" per epoch, measured before that epoch's update as Keras
    reports them; the same for the held-out ``test = (X_test, y_test)`` as "test_loss" and
    "test_accuracy"; "snapshots", (epochs done, network) every ``snapshot_every`` epochs from 0
    and at the end; and the trained "network". Training stops at the first non-finite loss,
    which is then the last entry.
    l2 > 0 adds the penalty l2 * sum(W^2) to the loss (the test loss stays the data loss) and its
    slope 2 * l2 * W to each weight's gradient; l2 = 0 skips both.
    """
    network, parameters = in_one_array(network)  # network's arrays are views into parameters
    update = OPTIMIZERS[optimizer](learning_rate, [parameters])
    record = dict(loss=[], accuracy=[], test_loss=[], test_accuracy=[], snapshots=[])
    if snapshot_every:
        record["snapshots"].append((0, network.copy()))
    with np.errstate(all="ignore"):  # overflow shows up as a non-finite loss, reported by train()
        for epoch in range(1, epochs + 1):
            zs, activations = forward(network, X)
            value = loss_value(loss, zs[-1], activations[-1], y)
            if l2:
                value = value + penalty(network, l2)
            record["loss"].append(float(value))
            record["accuracy"].append(float(accuracy(activations[-1], y)))
            if test is not None:
                test_zs, test_activations = forward(network, test[0])
                record["test_loss"].append(float(loss_value(loss, test_zs[-1], test_activations[-1], test[1])))
                record["test_accuracy"].append(float(accuracy(test_activations[-1], test[1])))
            if not math.isfinite(record["loss"][-1]):
                break
            gradients = backward(network, zs, activations, y, loss)
            if l2:  # d/dW of l2 * sum(W^2) is 2 * l2 * W
                gradients = [(dW + 2 * l2 * W, db) for (dW, db), (W, _) in zip(gradients, network.layers)]
            update.step([parameters], [np.concatenate([array.ravel() for pair in gradients for array in pair])])
            if snapshot_every and (epoch % snapshot_every == 0 or epoch == epochs):
                record["snapshots"].append((epoch, network.copy()))
    return record | {"network": network}


def gradient_check(network, X, y, loss, epsilon=1e-5):
    """Compare backward()'s gradients with central finite differences; return the relative error.

    X: the raw inputs; a network with features (see Network) computes them from X's two columns.

    Each parameter is nudged by +-epsilon and (L(p + eps) - L(p - eps)) / (2 eps) estimates
    its slope. Computed in float64, so correct backprop gives errors around 1e-9 or less;
    the result is |analytic - numeric| / (|analytic| + |numeric|) over all parameters (norms).
    """
    validation.network(network)
    validation.loss_for_output(loss, network.output_activation)
    X, y = validation.dataset(X, y, loss)
    X = apply_features(getattr(network, "features", None), X)  # raw (n, 2) X for a network with features
    network = network.with_arrays([array.astype(np.float64) for array in network.arrays()])
    X, y = X.astype(np.float64), y.astype(np.float64)

    def loss_at():
        zs, activations = forward(network, X)
        return loss_value(loss, zs[-1], activations[-1], y)

    zs, activations = forward(network, X)
    analytic = np.concatenate([g.ravel() for pair in backward(network, zs, activations, y, loss) for g in pair])
    numeric = []
    for parameter in network.arrays():
        for index in np.ndindex(parameter.shape):
            original = parameter[index]
            parameter[index] = original + epsilon
            above = loss_at()
            parameter[index] = original - epsilon
            below = loss_at()
            parameter[index] = original
            numeric.append((above - below) / (2 * epsilon))
    numeric = np.array(numeric)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0
