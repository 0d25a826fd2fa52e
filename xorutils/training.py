"""train(): one call shape for the three back ends, one result type, and the checks on every argument."""

import math
import time
from dataclasses import dataclass

import numpy as np

from . import features as input_features
from . import validation
from .data import dataset_or_xor
from .network import Network, initial_network
from .numpy_net import epochs_to_solve


@dataclass(frozen=True)
class TrainingResult:
    """What a training run produced; the same fields whichever back end ran it.

    loss, accuracy: (epochs run,) arrays; entry i is measured before epoch i+1's update,
        as Keras reports it. A diverged run stops at the last finite loss. With l2 > 0 the loss is
        what training minimises, the data loss plus the penalty l2 * sum(W**2), as Keras' fit reports it.
    test_loss, test_accuracy: the same for the held-out X_test, y_test (empty arrays without them);
        the test loss is the data loss only: the penalty says nothing about held-out data.
    epochs_to_solve: None unless the run is *solved*, i.e. ends with every example on the right side
        of 0.5; then the first epoch (counted from 1) from which every example stays right to the end.
    network: the trained parameters; initial_network: where training started (same for a seed).
    snapshots: (epochs done, Network) pairs recorded every snapshot_every epochs, from 0 to the end.
    diverged, message: whether the loss became NaN or infinite, and a sentence saying how the run went.
    """

    backend: str
    settings: dict
    loss: np.ndarray
    accuracy: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    epochs_to_solve: int | None
    network: Network
    initial_network: Network
    snapshots: tuple
    diverged: bool
    message: str
    seconds: float

    @property
    def final_loss(self):
        return float(self.loss[-1]) if len(self.loss) else math.nan

    def predict(self, X):
        """The trained network's output for raw X (n, 2), or (n, columns of X) without features: (n, 1)."""
        return self.network.predict(X)


def train(
    backend="numpy",
    *,
    hidden_units=8,
    activation="tanh",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="adam",
    learning_rate=0.05,
    epochs=500,
    seed=0,
    X=None,
    y=None,
    X_test=None,
    y_test=None,
    snapshot_every=None,
    features=input_features.RAW,
    l2=0.0,
):
    """Train a fully connected network, full batch, and return a TrainingResult.

    backend: "numpy" (backprop written out), "tf" (a compiled tf.GradientTape loop) or
        "keras" (keras.Sequential of Dense layers, trained with model.fit).
    hidden_units: units in the hidden layer, or a tuple for several, e.g. (32, 32); () for none
        (a logistic or linear model of the features).
    activation: hidden layers' "relu", "sigmoid", "tanh" or "linear".
    output_activation: "sigmoid" or "linear". loss: "mse" or "binary_crossentropy"
        (which needs the sigmoid output). optimizer: "sgd" or "adam".
    epochs: full passes over the data, one update each. seed: picks the initial weights.
    X, y: (n, features) and (n, 1) data; the XOR truth table by default.
    X_test, y_test: held-out data, measured every epoch but never trained on.
    snapshot_every: also keep a copy of the network every this many epochs (for replays).
    features: the inputs the network sees, computed from X's two columns x1, x2: names from
        "x1", "x2", "x1*x2", "x1^2", "x2^2", "sin(x1)", "sin(x2)". The default ("x1", "x2") feeds X
        in as it is (any number of columns); other features need X (n, 2) and the result's
        predict(X) takes the same raw (n, 2) inputs.
    l2: adds l2 * sum(W**2) over every weight matrix (not the biases) to the loss, as Keras'
        regularizers.L2(l2) does; 0 adds nothing.
    The same seed gives the same initial weights, and nearly the same run, in every back end.
    """
    backend = validation.choice("backend", backend, validation.BACKENDS)
    settings = validation.settings(
        hidden_units, activation, output_activation, loss, optimizer, learning_rate, epochs, features, l2
    ) | dict(seed=validation.seed("seed", seed))
    X, y = dataset_or_xor(X, y, settings["loss"])
    test = validation.test_set(X_test, y_test, X.shape[1], settings["loss"])
    if snapshot_every is not None:
        snapshot_every = validation.integer("snapshot_every", snapshot_every, 1, settings["epochs"])
    computed = input_features.kept_by_network(settings["features"])
    X = input_features.apply(computed, X)
    if test is not None:
        test = (input_features.apply(computed, test[0]), test[1])

    start = initial_network(
        X.shape[1],
        settings["hidden_units"],
        settings["activation"],
        settings["output_activation"],
        settings["seed"],
        computed,
    )
    fit = _backend_fit(backend)
    began = time.perf_counter()
    record = fit(
        start,
        X,
        y,
        loss=settings["loss"],
        optimizer=settings["optimizer"],
        learning_rate=settings["learning_rate"],
        epochs=settings["epochs"],
        test=test,
        snapshot_every=snapshot_every,
        l2=settings["l2"],
    )
    seconds = time.perf_counter() - began
    return _result(backend, settings, record, start, seconds)


def _backend_fit(backend):
    """Import a back end only when it is asked for, so NumPy users never load TensorFlow."""
    if backend == "numpy":
        from .numpy_net import fit
    elif backend == "tf":
        from .tf_net import fit
    else:
        from .keras_net import fit
    return fit


def _result(backend, settings, record, start, seconds):
    """Turn a back end's record into a TrainingResult, cut at the first non-finite loss."""
    curves = {
        name: np.asarray(record[name], dtype=np.float64) for name in ("loss", "accuracy", "test_loss", "test_accuracy")
    }
    bad = np.flatnonzero(~np.isfinite(curves["loss"]))
    diverged = len(bad) > 0
    if diverged:
        epoch = int(bad[0]) + 1
        kind = "NaN" if np.isnan(curves["loss"][epoch - 1]) else "infinite"
        curves = {name: values[: epoch - 1] for name, values in curves.items()}
    losses, accuracies = curves["loss"], curves["accuracy"]
    snapshots = tuple(
        (done, network)
        for done, network in record["snapshots"]
        if done <= len(losses) and all(np.isfinite(array).all() for array in network.arrays())
    )
    solve_epoch = epochs_to_solve(accuracies) if len(accuracies) and not diverged else math.nan
    solved = not math.isnan(solve_epoch)
    ending = f"final accuracy {accuracies[-1]:.0%}, final loss {losses[-1]:.4g}" if len(losses) else "no epoch run"
    if diverged:
        rate = settings["learning_rate"]
        message = (
            f"Diverged: the loss became {kind} at epoch {epoch} of {settings['epochs']} with "
            f"learning_rate={rate:g}. Try a smaller learning rate, e.g. {rate / 10:g}."
        )
    elif solved:
        message = (
            f"Solved: every example right from epoch {solve_epoch:.0f} to the end ({ending}, {len(losses)} epochs)."
        )
    else:
        message = f"Not solved: {ending} after {len(losses)} epochs."
        if (accuracies == 1.0).any():
            message += f" Every example was right at epoch {int(np.argmax(accuracies == 1.0)) + 1}, but not at the end."
    return TrainingResult(
        backend=backend,
        settings=settings,
        loss=losses,
        accuracy=accuracies,
        test_loss=curves["test_loss"],
        test_accuracy=curves["test_accuracy"],
        epochs_to_solve=int(solve_epoch) if solved else None,
        network=record["network"],
        initial_network=start,
        snapshots=snapshots,
        diverged=diverged,
        message=message,
        seconds=seconds,
    )
