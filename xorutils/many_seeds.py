"""Train many networks at once, one per seed, to ask how a configuration usually behaves.

One run shows what happened for one seed; a claim such as "2-2-1 sigmoid nets get stuck" needs
hundreds. The networks are stacked along a first axis (W: (k, fan_in, fan_out), b: (k, fan_out))
and trained together with numpy_net's own activations, losses and optimizers, from the same
initial weights, so network i of train_many(seeds=...) follows train("numpy", seed=seeds[i]).
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import features as input_features
from . import validation
from .data import dataset_or_xor
from .network import Network, initial_network
from .numpy_net import ACTIVATIONS, DERIVATIVES, OPTIMIZERS, SGD, Adam, accuracy, epochs_to_solve, loss_value
from .stats import rate_text


@dataclass(frozen=True)
class ManyRuns:
    """The outcome of one configuration trained from many seeds.

    loss: (seeds, epochs) loss curves, measured before each epoch's update like TrainingResult.loss.
    epochs_to_solve: (seeds,) as TrainingResult.epochs_to_solve: the first epoch from which every
        example stays right to the end, NaN for a seed that ends with any example wrong (unsolved).
    final_loss, final_accuracy: (seeds,) the last finite epoch's loss and fraction of examples right.
    final_output: (seeds, examples) each network's outputs at the last epoch, measured with its loss
        and accuracy (before that epoch's update); NaN after a divergence.
    diverged: (seeds,) whether the loss became NaN or infinite.
    final_parameters: the trained networks, stacked (array j of every network, seeds first);
        network(seed) gives one back as a Network.
    """

    settings: dict
    seeds: np.ndarray
    loss: np.ndarray
    epochs_to_solve: np.ndarray
    final_loss: np.ndarray
    final_accuracy: np.ndarray
    final_output: np.ndarray
    diverged: np.ndarray
    final_parameters: tuple = ()

    def network(self, seed):
        """The trained network of one seed, as train("numpy", seed=seed) would return it (to round-off)."""
        if not self.final_parameters:
            raise ValueError("this study kept no trained networks (an atlas cell keeps only epochs to solve)")
        rows = np.flatnonzero(self.seeds == seed)
        if len(rows) == 0:
            raise ValueError(f"seed must be one of this study's seeds; got {seed!r}")
        arrays = [
            array[rows[0]].reshape(array.shape[-2:] if index % 2 == 0 else array.shape[-1:]).copy()
            for index, array in enumerate(self.final_parameters)
        ]
        activation, output_activation = self.settings["activation"], self.settings["output_activation"]
        features = input_features.kept_by_network(self.settings.get("features", input_features.RAW))
        return Network(list(zip(arrays[0::2], arrays[1::2])), activation, output_activation, features)

    @property
    def solved(self):
        return ~np.isnan(self.epochs_to_solve)

    @property
    def success_rate(self):
        """Fraction of seeds whose network ends with every example right (solved)."""
        return float(np.mean(self.solved))

    def summary(self):
        """One line for a notebook: seeds solved with a 95% interval, how fast, how many diverged."""
        solved = self.epochs_to_solve[self.solved]
        speed = f", the solved ones in a median {np.median(solved):g} epochs" if len(solved) else ""
        diverged = f", {int(self.diverged.sum())} diverged" if self.diverged.any() else ""
        return f"solved by {rate_text(int(self.solved.sum()), len(self.seeds))}{speed}{diverged}"


def train_many(
    seeds=range(100),
    *,
    hidden_units=8,
    activation="tanh",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="adam",
    learning_rate=0.05,
    epochs=500,
    X=None,
    y=None,
    weight_scale=1.0,
    features=input_features.RAW,
    l2=0.0,
):
    """Train one network per seed, all at once in NumPy; the other arguments are train()'s
    (features and l2 too: network k then follows train("numpy", seed=k, features=..., l2=...)).

    weight_scale multiplies every starting weight (Glorot's, and the biases, which start at 0): 0.1
    starts each network at a tenth of Glorot's scale. At 1.0, network k follows train("numpy", seed=k).
    """
    settings = validation.settings(
        hidden_units, activation, output_activation, loss, optimizer, learning_rate, epochs, features, l2
    )
    seeds = _checked_seeds(seeds)
    if isinstance(weight_scale, bool) or not isinstance(weight_scale, int | float) or not 0 < weight_scale < np.inf:
        raise ValueError(f"weight_scale must be a positive number (1.0 is Glorot's scale); got {weight_scale!r}")
    X, y = dataset_or_xor(X, y, settings["loss"])
    xor = all(map(np.array_equal, (X, y), dataset_or_xor(None, None, settings["loss"])))
    settings |= dict(weight_scale=weight_scale, data="xor" if xor else "custom")  # for checkers and readers
    computed = input_features.kept_by_network(settings["features"])
    X = input_features.apply(computed, X)
    starts = [
        initial_network(X.shape[1], settings["hidden_units"], activation, output_activation, seed, computed)
        for seed in seeds
    ]
    if weight_scale != 1:
        starts = [start.with_arrays([np.float32(weight_scale) * array for array in start.arrays()]) for start in starts]
    return _summarise(settings, seeds, *train_stack(starts, settings["learning_rate"], settings, X, y))


def train_stack(starts, learning_rate, settings, X, y, loss_every_epoch=True, threads=None):
    """Train the networks ``starts`` (one shape) side by side: (k, epochs) losses and accuracies, and
    the last epoch's (k, examples) outputs.

    learning_rate: one number, or a (k,) array giving each network its own (the atlas uses that).
    loss_every_epoch=False measures the loss at the last epoch only, (k, 1), which saves a fifth of
    the time when only the accuracies matter.
    The stack is cut into chunks small enough to stay in the processor's cache, trained on
    `threads` threads, by default one per core (NumPy releases Python's lock while it computes).
    """
    parameters = [np.stack(arrays) for arrays in zip(*(start.arrays() for start in starts))]
    parameters[1::2] = [b[:, None, :] for b in parameters[1::2]]  # b (k, 1, fan_out), like W (k, fan_in, fan_out)
    rates = np.broadcast_to(np.asarray(learning_rate, dtype=np.float64).reshape(-1, 1, 1), (len(starts), 1, 1))
    one_rate = learning_rate if np.ndim(learning_rate) == 0 else None  # a Python float rounds as train() does
    values_per_network = len(X) * sum(W.shape[-1] for W in parameters[::2])
    chunks = np.array_split(np.arange(len(starts)), max(1, len(starts) * values_per_network // CHUNK_VALUES))

    def train_chunk(rows):
        chunk = [array[rows] for array in parameters]
        # W1 as a (k, i, h) view of (i, k, h) memory, so the first layer's product needs no copy
        chunk[0] = np.ascontiguousarray(chunk[0].transpose(1, 0, 2)).transpose(1, 0, 2)
        return _train_chunk(chunk, one_rate or rates[rows], settings, X, y, loss_every_epoch)

    with ThreadPoolExecutor(max_workers=min(len(chunks), threads or os.cpu_count() or 1)) as pool:
        results = list(pool.map(train_chunk, chunks))
    return tuple(
        np.concatenate(parts) if index < 3 else tuple(np.concatenate(arrays) for arrays in zip(*parts))
        for index, parts in enumerate(zip(*results))
    )


CHUNK_VALUES = 32_768  # about this many activations per layer in one chunk: 128 KB of float32, cache-sized


def _train_chunk(parameters, learning_rate, settings, X, y, loss_every_epoch):
    """The training loop of numpy_net.fit for a stack of networks; returns (k, epochs) losses, accuracies."""
    if np.ndim(learning_rate):  # one rate per network, (k, 1, 1) float64
        optimizer, dtype = PER_NETWORK_RATE[settings["optimizer"]]
        update = optimizer(learning_rate.astype(dtype), parameters)
    else:
        update = OPTIMIZERS[settings["optimizer"]](learning_rate, parameters)
    epochs, l2 = settings["epochs"], settings.get("l2", 0.0)
    accuracies = np.empty((epochs, len(parameters[0])), dtype=np.float32)
    losses = np.empty_like(accuracies) if loss_every_epoch else np.empty_like(accuracies[:1])
    with np.errstate(all="ignore"):  # a diverging network just carries NaN; the others go on
        for epoch in range(epochs):
            zs, activations = _forward(parameters, X, settings["activation"], settings["output_activation"])
            if loss_every_epoch or epoch == epochs - 1:
                row = min(epoch, len(losses) - 1)
                losses[row] = loss_value(settings["loss"], zs[-1], activations[-1], y)
                if l2:  # numpy_net.penalty, one per network
                    losses[row] += l2 * sum(np.sum(W * W, axis=(1, 2)) for W in parameters[::2])
            accuracies[epoch] = accuracy(activations[-1], y)
            gradients = _backward(parameters, zs, activations, y, settings)
            if l2:
                gradients[::2] = [dW + 2 * l2 * W for dW, W in zip(gradients[::2], parameters[::2])]
            update.step(parameters, gradients)
    # the last epoch's outputs (k, examples) and the trained parameters
    return losses.T, accuracies.T, activations[-1][..., 0], tuple(parameters)


class _AdamPerNetwork(Adam):
    """Adam with a (k, 1, 1) float64 array of rates: each network's step size is worked out in double
    precision and rounded to float32, as Adam's arithmetic does with one Python float rate."""

    def step_size(self):
        return super().step_size().astype(np.float32)


# With one rate per network, the optimizer and the precision its rates need to round like one rate:
# SGD multiplies a float32 gradient by float32(rate); Adam rounds its step size from double precision.
PER_NETWORK_RATE = {"sgd": (SGD, np.float32), "adam": (_AdamPerNetwork, np.float64)}


def _forward(parameters, X, activation, output_activation):
    """numpy_net.forward for a stack of k networks, in the layouts that keep every step one NumPy call.

    Hidden layers are (examples, k, units): the first is one matrix product for all networks,
    X (n, i) @ W (i, k * units). The output layer is (k, examples, 1), so the loss and accuracy
    of each network are averages over its own contiguous rows.
    """
    zs, activations = [], [X]
    last = len(parameters) // 2 - 1
    for index in range(last + 1):
        W, b = parameters[2 * index], parameters[2 * index + 1]
        if index == last:  # its input is X (examples, i) itself when there is no hidden layer
            z = np.einsum("ei,kij->kej" if index == 0 else "eki,kij->kej", activations[-1], W)
            z += b
        else:
            if index == 0:
                z = (X @ W.transpose(1, 0, 2).reshape(W.shape[1], -1)).reshape(len(X), *W.shape[::2])
            else:
                z = np.einsum("eki,kij->ekj", activations[-1], W)
            z += b[:, 0]
        zs.append(z)
        activations.append(ACTIVATIONS[output_activation if index == last else activation](z))
    return zs, activations


def _backward(parameters, zs, activations, y, settings):
    """numpy_net.backward for a stack: the same formulas, each sum over examples taken per network."""
    n = len(y)
    output = activations[-1]
    if settings["loss"] == "binary_crossentropy":
        delta = (output - y) / n
    else:
        delta = 2 * (output - y) / n * DERIVATIVES[settings["output_activation"]](zs[-1], output)
    last = len(parameters) // 2 - 1
    gradients = []
    for index in range(last, -1, -1):
        W = parameters[2 * index]
        if index == last:  # delta (k, examples, 1)
            source = "ei" if index == 0 else "eki"  # X itself when there is no hidden layer
            dW, db = np.einsum(f"{source},kej->kij", activations[index], delta), delta.sum(axis=1, keepdims=True)
            back = "kej,kij->eki"
        else:  # delta (examples, k, units)
            if index == 0:
                dW = (activations[0].T @ delta.reshape(n, -1)).reshape(W.shape[1], len(W), -1).transpose(1, 0, 2)
            else:
                dW = np.einsum("eki,ekj->kij", activations[index], delta)
            db = delta.sum(axis=0)[:, None, :]
            back = "ekj,kij->eki"
        gradients[:0] = [dW, db]
        if index > 0:
            delta = np.einsum(back, delta, W)
            delta *= DERIVATIVES[settings["activation"]](zs[index - 1], activations[index])
    return gradients


def _summarise(settings, seeds, losses, accuracies, outputs, parameters):
    """Cut each network's record at its first non-finite loss, as train() does, and find its solve epoch."""
    finite = np.isfinite(losses)
    diverged = ~finite.all(axis=1)
    usable = np.cumprod(finite, axis=1).astype(bool)  # True up to the first non-finite loss
    # a diverged network is never solved, as in train(); the others ran every epoch
    solve_epochs = np.where(diverged, np.nan, epochs_to_solve(np.where(usable, accuracies, 0.0)))
    last_usable = np.maximum(usable.sum(axis=1) - 1, 0)
    rows = np.arange(len(seeds))
    final_loss = np.where(usable.any(axis=1), losses[rows, last_usable], np.nan)
    final_accuracy = np.where(usable.any(axis=1), accuracies[rows, last_usable], np.nan)
    return ManyRuns(settings, seeds, losses, solve_epochs, final_loss, final_accuracy, outputs, diverged, parameters)


def _checked_seeds(seeds):
    allowed = "a non-empty range or list of whole numbers from 0 to 2**32 - 1, e.g. range(200)"
    try:
        values = list(seeds)
    except TypeError:
        raise TypeError(f"seeds must be {allowed}; got {seeds!r}") from None
    if not values:
        raise ValueError(f"seeds must be {allowed}; got {seeds!r}")
    return np.array([validation.seed("seeds", value) for value in values])
