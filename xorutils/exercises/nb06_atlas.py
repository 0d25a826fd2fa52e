"""Checkers for notebook 06, The atlas."""

import numpy as np

from ._checking import _check, _verdict


def check_good_rates(good_rates):
    """Notebook 06: good_rates(atlas, units, share) -> the learning rates where at least share of seeds solve.

    Tried on small made-up atlases whose widths are not 1, 2, 3, ... (so a row index is not a width)
    and with a rate solved by exactly the share (so > instead of >= shows).
    """
    atlas = _made_up_atlas(
        hidden_units=(1, 3, 5), learning_rates=(0.1, 0.3, 1.0, 3.0), solved=[[0, 0, 0, 0], [19, 20, 18, 19], [20] * 4]
    )
    cases = [((atlas, 3), [0.1, 0.3, 3.0]), ((atlas, 3, 0.99), [0.3]), ((atlas, 5, 0.5), [0.1, 0.3, 1.0, 3.0])]
    row_of = atlas.hidden_units.index
    slips = {
        "indices": lambda a, u, share=0.95: [i for i, r in enumerate(a.success_rate[row_of(u)]) if r >= share],
        "strictly more": lambda a, u, share=0.95: [
            rate for rate, r in zip(a.learning_rates, a.success_rate[row_of(u)]) if r > share
        ],
        "success rates": lambda a, u, share=0.95: [r for r in a.success_rate[row_of(u)] if r >= share],
    }
    hints = {
        "indices": "those are column numbers; return the learning rates themselves (atlas.learning_rates)",
        "strictly more": "a rate solved by exactly `share` of the seeds counts too: use >=, not >",
        "success rates": "those are success rates; return the learning rates at which they are high enough",
    }
    try:  # a slip can change the answer's length, which _check would report before naming the slip
        first = np.asarray(good_rates(*cases[0][0]), dtype=float)
    except IndexError:
        return _verdict(
            False,
            "atlas.success_rate rows are widths in the order of atlas.hidden_units: "
            "find the row with atlas.hidden_units.index(units)",
        )
    except Exception:  # _check reports it as one line
        first = None
    for slip, wrong in slips.items():
        expected = np.asarray(wrong(*cases[0][0]), dtype=float)
        if first is not None and first.shape == expected.shape and np.allclose(first, expected):
            return _verdict(False, hints[slip])
    return _check(good_rates, [*cases, ((atlas, 1), [])], slips, hints)


def _made_up_atlas(hidden_units, learning_rates, solved, seeds=20):
    """An Atlas whose cell (i, j) has solved[i][j] of `seeds` seeds solved (at epoch 10), for checkers."""
    from ..atlas import Atlas

    solved = np.array(solved)
    epochs = np.where(np.arange(seeds) < solved[..., None], 10.0, np.nan)
    settings = dict(activation="tanh", output_activation="sigmoid", loss="binary_crossentropy", optimizer="sgd")
    never_diverged = np.zeros(epochs.shape, dtype=bool)
    return Atlas(
        settings | dict(epochs=100), hidden_units, learning_rates, np.arange(seeds), epochs, never_diverged, 0.0
    )
