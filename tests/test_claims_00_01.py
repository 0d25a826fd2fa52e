"""The claims notebooks 00 and 01 make in prose, and the figures they draw, checked outside the notebooks."""

import itertools

import matplotlib
import numpy as np

import xorutils
from xorutils.plots import OUTPUT_CMAP

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
