import matplotlib
import numpy as np
import pytest

import xorutils

SMALL = dict(hidden_units=(1, 2, 5), learning_rates=(0.3, 3.0), seeds=range(6), activation="tanh", epochs=300)


@pytest.fixture(scope="module")
def small_atlas():
    return xorutils.train_atlas(**SMALL)


def test_every_cell_is_train_many_with_that_width_and_rate(small_atlas):
    assert small_atlas.epochs_to_solve.shape == (3, 2, 6)
    for row, units in enumerate(SMALL["hidden_units"]):
        for column, rate in enumerate(SMALL["learning_rates"]):
            alone = xorutils.train_many(
                SMALL["seeds"], hidden_units=units, learning_rate=rate, activation="tanh", optimizer="sgd", epochs=300
            )
            assert np.array_equal(small_atlas.epochs_to_solve[row, column], alone.epochs_to_solve, equal_nan=True)
            assert small_atlas.solved[row, column] == alone.solved.sum()


def test_rates_intervals_and_medians_agree(small_atlas):
    low, high = small_atlas.interval
    assert np.all((low <= small_atlas.success_rate) & (small_atlas.success_rate <= high))
    assert np.all(small_atlas.solved[0] == 0) and np.all(np.isinf(small_atlas.median_epochs[0]))  # one unit: never
    finite = np.isfinite(small_atlas.median_epochs)
    assert np.all(small_atlas.success_rate[finite] > 0.5)
    assert small_atlas.cell(5, 3.0) == (2, 1)


def test_diverging_networks_are_marked_and_never_solved():
    linear = dict(activation="linear", output_activation="linear", loss="mse")
    atlas = xorutils.train_atlas((4,), (100.0,), range(3), epochs=50, **linear)
    assert atlas.diverged.all() and np.isnan(atlas.epochs_to_solve).all()


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        (dict(hidden_units=(0,)), ValueError, ["hidden_units", "0"]),
        (dict(learning_rates=(-1,)), ValueError, ["learning_rates", "-1"]),
        (dict(hidden_units=()), ValueError, ["hidden_units", "empty"]),
        (dict(activation="softmax"), ValueError, ["activation", "softmax"]),
    ],
)
def test_bad_arguments_get_clear_errors(arguments, error, words):
    with pytest.raises(error) as raised:
        xorutils.train_atlas(**(dict(seeds=range(2), epochs=5) | arguments))
    assert all(word in str(raised.value) for word in words)


def test_cell_names_what_the_map_holds(small_atlas):
    with pytest.raises(ValueError, match="learning_rate must be one of"):
        small_atlas.cell(2, 0.5)


@pytest.mark.parametrize("what", ["success", "speed"])
def test_plot_atlas_labels_every_cell_and_has_a_colour_bar(small_atlas, what):
    matplotlib.use("Agg")
    ax = xorutils.plot_atlas(small_atlas, what)
    assert len(ax.texts) == 6 and len(ax.figure.axes) == 2
    assert ax.get_xlabel() == "learning rate" and ax.get_ylabel() == "hidden units"
    with pytest.raises(ValueError, match="what must be"):
        xorutils.plot_atlas(small_atlas, "colour")


def test_a_cell_as_many_runs_feeds_the_statistics(small_atlas):
    cell = small_atlas.runs(5, 3.0)
    assert np.array_equal(cell.epochs_to_solve, small_atlas.epochs_to_solve[2, 1], equal_nan=True)
    assert cell.summary().startswith(f"solved by {small_atlas.solved[2, 1]} of 6 seeds")
    comparison = xorutils.stats.compare_paired(cell, small_atlas.runs(1, 3.0))
    assert comparison.b_faster == 0 and comparison.a_faster == small_atlas.solved[2, 1]


def test_success_labels_never_round_to_a_misleading_0_or_100():
    from xorutils.exercises.nb06_atlas import _made_up_atlas

    atlas = _made_up_atlas((1, 2), (0.1, 1.0), [[0, 1], [199, 200]], seeds=200)
    ax = xorutils.plot_atlas(atlas, "success")
    assert [text.get_text() for text in ax.texts] == ["0", "<1", ">99", "100"]


@pytest.mark.parametrize(
    "settings",
    [
        dict(activation="sigmoid", loss="mse", optimizer="adam"),
        dict(activation="sigmoid", loss="binary_crossentropy", optimizer="adam"),
        dict(activation="relu", loss="mse", optimizer="sgd"),
    ],
)
def test_one_rate_per_network_rounds_exactly_like_one_rate(settings):
    """A learning-rate grid trained as one stack gives each rate's train_many results bit for bit."""
    rates, seeds = (0.0141, 0.08, 0.226, 11.3), range(12)
    atlas = xorutils.train_atlas((4,), rates, seeds, epochs=400, **settings)
    for rate in rates:
        alone = xorutils.train_many(seeds, hidden_units=4, learning_rate=rate, epochs=400, **settings)
        assert np.array_equal(atlas.runs(4, rate).epochs_to_solve, alone.epochs_to_solve, equal_nan=True)
