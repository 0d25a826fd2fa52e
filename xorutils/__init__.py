"""xorutils: everything the xor-course notebooks share, so each notebook stays short.

    X, y = xorutils.xor_data()                       # the truth table
    result = xorutils.train("numpy", hidden_units=2)  # or "tf", or "keras": same arguments
    result.loss, result.epochs_to_solve, result.predict(X)
    xorutils.plot_loss(result); xorutils.plot_decision_boundary(result.network)
    xorutils.train_many(range(200), hidden_units=2).summary()   # one configuration, many seeds
    xorutils.train_atlas(activation="tanh")   # success and speed over width x learning rate

Importing xorutils never imports TensorFlow; the "tf" and "keras" back ends load it on first use.
"""

from . import exercises, stats
from ._memory import keep_freed_memory
from .atlas import Atlas, train_atlas
from .data import noisy_xor, xor_data
from .many_seeds import ManyRuns, train_many
from .network import Network, goodfellow_params, initial_network
from .numpy_net import gradient_check
from .plots import (
    plot_activations,
    plot_atlas,
    plot_data,
    plot_decision_boundary,
    plot_epochs_to_solve,
    plot_hidden_space,
    plot_loss,
    plot_network,
    plot_solved_by_epoch,
    plot_surface,
    plot_worked_example,
)
from .training import TrainingResult, train

keep_freed_memory()  # faster training on Linux: see _memory.py


def playground(**start):
    """The interactive lab: controls, live plots and a replay of training (see widgets.Playground)."""
    from .widgets import Playground  # ipywidgets and ipympl load only when the lab is opened

    return Playground(**start)


__all__ = [
    "Atlas",
    "ManyRuns",
    "Network",
    "TrainingResult",
    "exercises",
    "goodfellow_params",
    "gradient_check",
    "initial_network",
    "noisy_xor",
    "plot_activations",
    "plot_atlas",
    "plot_data",
    "plot_decision_boundary",
    "plot_epochs_to_solve",
    "plot_hidden_space",
    "plot_loss",
    "plot_network",
    "plot_solved_by_epoch",
    "plot_surface",
    "plot_worked_example",
    "playground",
    "stats",
    "train",
    "train_atlas",
    "train_many",
    "xor_data",
]
