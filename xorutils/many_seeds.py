"""Train many networks at once, one per seed, to ask how a configuration usually behaves.

One run shows what happened for one seed; a claim such as "2-2-1 sigmoid nets get stuck" needs
hundreds. The networks are stacked along a first axis (W: (k, fan_in, fan_out), b: (k, fan_out))
and trained together with numpy_net's own activations, losses and optimizers, from the same
initial weights, so network i of train_many(seeds=...) follows train("numpy", seed=seeds[i]).
"""

from dataclasses import dataclass

import numpy as np

from . import validation
from .data import dataset_or_xor
from .network import initial_network
from .numpy_net import ACTIVATIONS, DERIVATIVES, OPTIMIZERS, accuracy, loss_value


@dataclass(frozen=True)
class ManyRuns:
    """The outcome of one configuration trained from many seeds.

    loss: (seeds, epochs) loss curves, measured before each epoch's update like TrainingResult.loss.
    epochs_to_solve: (seeds,) first epoch with every example right, NaN where never.
    final_loss, final_accuracy: (seeds,) the last finite epoch's loss and fraction of examples right.
    diverged: (seeds,) whether the loss became NaN or infinite.
    """

    settings: dict
    seeds: np.ndarray
    loss: np.ndarray
    epochs_to_solve: np.ndarray
    final_loss: np.ndarray
    final_accuracy: np.ndarray
    diverged: np.ndarray

    @property
    def solved(self):
        return ~np.isnan(self.epochs_to_solve)

    @property
    def success_rate(self):
        """Fraction of seeds whose network got all examples right at some epoch."""
        return float(np.mean(self.solved))

    def summary(self):
        """One line for a notebook: how many seeds solved it, how fast, how many diverged."""
        solved = self.epochs_to_solve[self.solved]
        speed = f", median {np.median(solved):.0f} epochs to solve" if len(solved) else ""
        diverged = f", {int(self.diverged.sum())} diverged" if self.diverged.any() else ""
        return f"solved by {len(solved)} of {len(self.seeds)} seeds ({100 * self.success_rate:.3g}%){speed}{diverged}"


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
):
    """Train one network per seed, all at once in NumPy; the other arguments are train()'s."""
    settings = validation.settings(hidden_units, activation, output_activation, loss, optimizer, learning_rate, epochs)
    seeds = _checked_seeds(seeds)
    X, y = dataset_or_xor(X, y, settings["loss"])
    starts = [
        initial_network(X.shape[1], settings["hidden_units"], activation, output_activation, seed) for seed in seeds
    ]
    # parameters[j] stacks array j of every network: [W1 (k, 2, h), b1 (k, h), W2 (k, h, 1), b2 (k, 1)]
    parameters = [np.stack(arrays) for arrays in zip(*(start.arrays() for start in starts))]
    update = OPTIMIZERS[optimizer](settings["learning_rate"], parameters)
    losses = np.empty((settings["epochs"], len(seeds)), dtype=np.float32)
    accuracies = np.empty_like(losses)
    with np.errstate(all="ignore"):  # a diverging network just carries NaN; the others go on
        for epoch in range(settings["epochs"]):
            zs, activations = _forward(parameters, X, activation, output_activation)
            losses[epoch] = loss_value(loss, zs[-1], activations[-1], y)
            accuracies[epoch] = accuracy(activations[-1], y)
            update.step(parameters, _backward(parameters, zs, activations, y, settings))
    return _summarise(settings, seeds, losses.T, accuracies.T)


def _forward(parameters, X, activation, output_activation):
    """numpy_net.forward for a stack: biases gain an axis so each network adds its own."""
    zs, activations = [], [X]
    last = len(parameters) // 2 - 1
    for index in range(last + 1):
        W, b = parameters[2 * index], parameters[2 * index + 1]
        z = activations[-1] @ W + b[:, None, :]
        zs.append(z)
        activations.append(ACTIVATIONS[output_activation if index == last else activation](z))
    return zs, activations


def _backward(parameters, zs, activations, y, settings):
    """numpy_net.backward for a stack: .mT transposes each network's matrix, sums run over examples."""
    n = len(y)
    output = activations[-1]
    if settings["loss"] == "binary_crossentropy":
        delta = (output - y) / n
    else:
        delta = 2 * (output - y) / n * DERIVATIVES[settings["output_activation"]](zs[-1], output)
    gradients = []
    for index in range(len(parameters) // 2 - 1, -1, -1):
        W = parameters[2 * index]
        gradients[:0] = [activations[index].mT @ delta, delta.sum(axis=1)]
        if index > 0:
            delta = (delta @ W.mT) * DERIVATIVES[settings["activation"]](zs[index - 1], activations[index])
    return gradients


def _summarise(settings, seeds, losses, accuracies):
    """Cut each network's record at its first non-finite loss, as train() does, and find its solve epoch."""
    finite = np.isfinite(losses)
    diverged = ~finite.all(axis=1)
    usable = np.cumprod(finite, axis=1).astype(bool)  # True up to the first non-finite loss
    solved_at = (accuracies == 1.0) & usable
    epochs_to_solve = np.where(solved_at.any(axis=1), solved_at.argmax(axis=1) + 1.0, np.nan)
    last_usable = np.maximum(usable.sum(axis=1) - 1, 0)
    rows = np.arange(len(seeds))
    final_loss = np.where(usable.any(axis=1), losses[rows, last_usable], np.nan)
    final_accuracy = np.where(usable.any(axis=1), accuracies[rows, last_usable], np.nan)
    return ManyRuns(settings, seeds, losses, epochs_to_solve, final_loss, final_accuracy, diverged)


def _checked_seeds(seeds):
    allowed = "a non-empty range or list of whole numbers from 0 to 2**32 - 1, e.g. range(200)"
    try:
        values = list(seeds)
    except TypeError:
        raise TypeError(f"seeds must be {allowed}; got {seeds!r}") from None
    if not values:
        raise ValueError(f"seeds must be {allowed}; got {seeds!r}")
    return np.array([validation.seed("seeds", value) for value in values])
