"""The atlas of XOR training: success and speed over hidden units x learning rate, many seeds per cell.

Every network of one width, at every learning rate and seed, is trained in one stack
(many_seeds.train_stack with a learning rate per network), so a whole map of 9,600 networks
costs a few NumPy calls per epoch and width instead of 9,600 separate runs.
Network (units u, rate r, seed s) is exactly train_many([s], hidden_units=u, learning_rate=r).
"""

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import features as input_features
from . import validation
from .data import dataset_or_xor
from .many_seeds import ManyRuns, _checked_seeds, train_stack
from .network import initial_network
from .numpy_net import epochs_to_solve
from .stats import wilson_interval

DEFAULT_UNITS = (1, 2, 3, 4, 8, 16, 32)
DEFAULT_RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


@dataclass(frozen=True)
class Atlas:
    """One activation's map. Arrays are indexed [units, learning rate] (and [..., seed]).

    epochs_to_solve: (units, rates, seeds), NaN where a seed ends unsolved (see ManyRuns).
    diverged: (units, rates, seeds) whether the loss became NaN or infinite.
    seconds: the time the whole map took to train.
    """

    settings: dict
    hidden_units: tuple
    learning_rates: tuple
    seeds: np.ndarray
    epochs_to_solve: np.ndarray
    diverged: np.ndarray
    seconds: float

    @property
    def solved(self):
        """(units, rates) how many seeds solved XOR."""
        return np.sum(~np.isnan(self.epochs_to_solve), axis=-1)

    @property
    def success_rate(self):
        return self.solved / len(self.seeds)

    @property
    def interval(self):
        """(low, high), each (units, rates): the 95% Wilson interval of every cell's success rate."""
        bounds = np.array([[wilson_interval(int(k), len(self.seeds)) for k in row] for row in self.solved])
        return bounds[..., 0], bounds[..., 1]

    @property
    def median_epochs(self):
        """(units, rates) median epochs to solve over all seeds, failures counted as never (inf)."""
        return np.median(np.where(np.isnan(self.epochs_to_solve), np.inf, self.epochs_to_solve), axis=-1)

    def runs(self, hidden_units, learning_rate):
        """One cell as a ManyRuns, for stats.compare_paired or plot_solved_by_epoch.

        The atlas keeps no loss curves or outputs, so its loss is empty and the final_ fields are NaN.
        """
        row, column = self.cell(hidden_units, learning_rate)
        unknown = np.full(len(self.seeds), np.nan)
        settings = self.settings | dict(hidden_units=(hidden_units,), learning_rate=learning_rate)
        empty = np.empty((len(self.seeds), 0), dtype=np.float32)
        solve, diverged = self.epochs_to_solve[row, column], self.diverged[row, column]
        outputs = np.full((len(self.seeds), 4), np.nan)
        return ManyRuns(settings, self.seeds, empty, solve, unknown, unknown, outputs, diverged)

    def cell(self, hidden_units, learning_rate):
        """The (row, column) of a width and learning rate that the map holds."""
        for name, value, axis in (
            ("hidden_units", hidden_units, self.hidden_units),
            ("learning_rate", learning_rate, self.learning_rates),
        ):
            if value not in axis:
                raise ValueError(f"{name} must be one of the atlas' {axis}; got {value!r}")
        return self.hidden_units.index(hidden_units), self.learning_rates.index(learning_rate)


def train_atlas(
    hidden_units=DEFAULT_UNITS,
    learning_rates=DEFAULT_RATES,
    seeds=range(200),
    *,
    activation="relu",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="sgd",
    epochs=2000,
    features=input_features.RAW,
    l2=0.0,
):
    """Train every (hidden units, learning rate, seed) network of one hidden layer; return an Atlas.

    features and l2 are train()'s: the inputs every network sees, and the L2 penalty on its weights.
    """
    hidden_units = tuple(validation.integer("hidden_units", units, 1, validation.MAX_UNITS) for units in hidden_units)
    rates = tuple(float(validation.positive_number("learning_rates", rate)) for rate in learning_rates)
    if not hidden_units or not rates:
        raise ValueError(f"hidden_units and learning_rates must not be empty; got {hidden_units!r}, {rates!r}")
    seeds = _checked_seeds(seeds)
    features, l2 = validation.features(features), validation.l2(l2)
    X, y = dataset_or_xor(None, None, loss)
    began = time.perf_counter()
    common = dict(
        activation=activation,
        output_activation=output_activation,
        loss=loss,
        optimizer=optimizer,
        features=features,
        l2=l2,
    )
    # one job per width, the two widest split in half by seed: a process each, as many at once as
    # there are cores (small stacks keep Python busy, so threads would wait on each other)
    halves = np.array_split(seeds, 2)
    jobs = [(units, part) for units in hidden_units for part in (halves if units >= 16 else [seeds])]
    jobs.sort(key=lambda job: -job[0] * len(job[1]))  # largest first, so the last job is a short one
    arguments = [(units, part, rates, epochs, common) for units, part in jobs]
    cores = os.cpu_count() or 1
    if cores > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=cores) as pool:
            results = dict(zip(map(_job_key, jobs), pool.map(_train_block, *zip(*arguments))))
    else:
        results = dict(zip(map(_job_key, jobs), (_train_block(*job) for job in arguments)))
    per_width = [
        [results[(units, int(part[0]))] for part in (halves if units >= 16 else [seeds])] for units in hidden_units
    ]
    solve_epochs = np.array([np.concatenate([block[0] for block in blocks], axis=1) for blocks in per_width])
    diverged = np.array([np.concatenate([block[1] for block in blocks], axis=1) for blocks in per_width])
    return Atlas(
        settings=common | dict(epochs=epochs),
        hidden_units=hidden_units,
        learning_rates=rates,
        seeds=seeds,
        epochs_to_solve=solve_epochs,
        diverged=diverged,
        seconds=time.perf_counter() - began,
    )


def _job_key(job):
    units, seeds = job
    return (units, int(seeds[0]))


def _train_block(units, seeds, rates, epochs, common):
    """One width's networks for these seeds at every rate: (rates, seeds) epochs to solve and divergence."""
    functions = [common[name] for name in ("activation", "output_activation", "loss", "optimizer")]
    settings = validation.settings(units, *functions, rates[0], epochs, common["features"], common["l2"])
    computed = input_features.kept_by_network(settings["features"])
    X, y = dataset_or_xor(None, None, common["loss"])
    X = input_features.apply(computed, X)
    starts = [
        initial_network(X.shape[1], (units,), common["activation"], common["output_activation"], s, computed)
        for s in seeds
    ]
    losses, accuracies, _, _ = train_stack(
        starts * len(rates), np.repeat(rates, len(seeds)), settings, X, y, loss_every_epoch=False, threads=1
    )
    # a network whose loss became NaN or infinite carries NaN from then on: diverged, never solved
    blew_up = ~np.isfinite(losses[:, -1])
    solve = np.where(blew_up, np.nan, epochs_to_solve(accuracies))
    return solve.reshape(len(rates), len(seeds)), blew_up.reshape(len(rates), len(seeds))
