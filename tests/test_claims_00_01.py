"""The claims notebooks 00 and 01 make in prose, and the figures they draw, checked outside the notebooks."""

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PathCollection

import xorutils
from xorutils.plots import BEND_STYLES, HALF_LINE, OUTPUT_CMAP

matplotlib.use("Agg")


def right_side(outputs, y):
    """Outputs on their target's side of 0.5, strictly: 0.5 itself answers neither."""
    return int(np.sum(np.where(y[:, 0] == 1, outputs > 0.5, outputs < 0.5)))


def test_least_squares_has_the_lowest_mse_but_no_right_answers_and_a_line_gets_three():
    X, y = xorutils.xor_data()
    A = np.column_stack([X, np.ones(4)]).astype(float)
    coefficients, *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
    np.testing.assert_allclose(coefficients, [0, 0, 0.5], atol=1e-12)
    least_squares, line = np.full(4, 0.5), X.astype(float) @ [1, 1]
    assert right_side(least_squares, y) == 0 and np.mean((least_squares - y[:, 0]) ** 2) == 0.25
    assert right_side(line, y) == 3 and np.mean((line - y[:, 0]) ** 2) == 1.0


def test_no_line_gets_four_right_and_the_best_by_count_gets_three():
    X, y = xorutils.xor_data()
    grid = np.linspace(-2, 2, 17)  # lines w1 x1 + w2 x2 + b = 0.5 over a grid of weights
    counts = [right_side(X.astype(float) @ [w1, w2] + b, y) for w1, w2, b in itertools.product(grid, grid, grid)]
    assert max(counts) == 3


def test_hidden_units_are_count_and_and_and_without_relu_the_outputs_are_2_1_1_0():
    X, y = xorutils.xor_data()
    (W, c), (w, b) = xorutils.goodfellow_params().layers
    H = np.maximum(X @ W + c, 0)
    np.testing.assert_array_equal(H[:, 0], X.sum(axis=1))
    np.testing.assert_array_equal(H[:, 1], X[:, 0] * X[:, 1])
    np.testing.assert_array_equal((H @ w + b)[:, 0], X.sum(axis=1) - 2 * X[:, 0] * X[:, 1])
    np.testing.assert_array_equal(((X @ W + c) @ w + b)[:, 0], [2, 1, 1, 0])


def test_hand_set_output_over_the_shown_square_runs_from_minus_one_to_one():
    grid = np.linspace(-0.5, 1.5, 201)
    plane = np.column_stack([a.ravel() for a in np.meshgrid(grid, grid)])
    output = xorutils.goodfellow_params().predict(plane)
    assert np.isclose(output.min(), -1) and np.isclose(output.max(), 1)


def test_surface_shares_the_maps_colour_scale_and_its_bar_marks_values_below_zero():
    ax = xorutils.plot_surface(xorutils.goodfellow_params(), colorbar=True)
    surface = ax.collections[0]
    assert surface.cmap is OUTPUT_CMAP and surface.norm.vmin == 0 and surface.norm.vmax == 1
    colorbars = [axes for axes in ax.figure.axes if axes is not ax]
    assert len(colorbars) == 1 and colorbars[0].get_ylabel() == "network output"
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_zlabel() == "output"
    assert len(xorutils.plot_surface(xorutils.goodfellow_params()).figure.axes) == 1  # no bar unless asked


def test_network_drawing_labels_every_weight_and_bias_without_overlap():
    network = xorutils.goodfellow_params()
    ax = xorutils.plot_network(network, values=True)
    texts = [t for t in ax.texts if t.get_bbox_patch() is not None]  # the boxed numbers
    assert len(texts) == network.parameter_count
    assert sorted(t.get_text() for t in texts) == sorted(["1"] * 5 + ["-2", "bias 0", "bias -1", "bias 0"])
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    assert len(xorutils.plot_network(network).texts) == 3  # without values: the layer names only


def test_least_squares_is_unique_and_a_half_tie_break_would_give_it_two_of_four():
    X, y = xorutils.xor_data()
    A = np.column_stack([X, np.ones(4)]).astype(float)
    assert np.linalg.matrix_rank(A) == 3  # full column rank: one least-squares solution
    assert int(np.sum((np.full(4, 0.5) >= 0.5) == (y[:, 0] == 1))) == 2
    assert np.isclose(-np.log(0.5), 0.693, atol=5e-4)  # cross-entropy of a constant 0.5, as the text quotes


def test_network_drawing_writes_each_units_name_in_its_circle():
    network = xorutils.goodfellow_params()
    names = [["$x_1$", "$x_2$"], ["$h_1$", "$h_2$"], ["$\\hat y$"]]
    ax = xorutils.plot_network(network, names=names)
    written = [t.get_text() for t in ax.texts]
    assert all(name in written for layer in names for name in layer)
    circles = [c for c in ax.collections if len(c.get_offsets())]
    for layer, unit_names in zip(circles, names):
        for (across, height), name in zip(layer.get_offsets(), unit_names):
            text = next(t for t in ax.texts if t.get_text() == name)
            assert np.allclose(text.get_position(), (across, height))
    with pytest.raises(ValueError, match="one name per unit"):
        xorutils.plot_network(network, names=[["a"], ["b", "c"], ["d"]])


def test_named_bends_use_one_style_per_unit_and_the_half_line_is_solid_black_everywhere():
    network = xorutils.goodfellow_params()
    ax = xorutils.plot_decision_boundary(network, bends=["$h_1$", "$h_2$"])
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["$h_1$ bends"] == BEND_STYLES[0] == "--" and styles["$h_2$ bends"] == BEND_STYLES[1] == ":"
    assert styles["output = 0.5"] == "-"
    hidden = xorutils.plot_hidden_space(network)
    half = [line for line in hidden.get_lines() if line.get_label() == "output = 0.5"]
    assert len(half) == 1 and half[0].get_linestyle() == HALF_LINE["linestyle"] and half[0].get_color() == "black"
    with pytest.raises(ValueError, match="list of 2 unit names"):
        xorutils.plot_decision_boundary(network, bends=["$h_1$"])


def test_decision_map_colour_bar_points_only_where_the_output_leaves_zero_to_one():
    ax = xorutils.plot_decision_boundary(xorutils.goodfellow_params())  # from -1 to 1 over the square
    assert [c for c in ax.collections if hasattr(c, "extend")][0].extend == "min"
    sigmoid = xorutils.initial_network(2, (2,), "relu", "sigmoid", seed=0)  # always inside (0, 1)
    ax = xorutils.plot_decision_boundary(sigmoid)
    assert [c for c in ax.collections if hasattr(c, "extend")][0].extend == "neither"


def test_hidden_space_rings_a_zero_only_where_a_one_lands_on_it():
    ax = xorutils.plot_hidden_space(xorutils.goodfellow_params())  # the 1s share a point; no 0 is under a 1
    zeros, ones = (c for c in ax.collections if isinstance(c, PathCollection))
    assert len(set(zeros.get_sizes())) == 1 and zeros.get_sizes()[0] == ones.get_sizes()[0]
    assert zeros.get_label() == "target 0"
