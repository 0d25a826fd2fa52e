import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

import xorutils


@pytest.fixture(autouse=True)
def no_figures_left_open():
    plt.close("all")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    return xorutils.train(hidden_units=2, activation="tanh", epochs=300, seed=1)


def four_points_drawn(ax):
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)) >= 4


def test_each_plot_opens_exactly_one_figure_and_returns_its_axes(trained):
    for draw in (
        lambda: xorutils.plot_loss(trained),
        lambda: xorutils.plot_decision_boundary(trained.network),
        lambda: xorutils.plot_surface(trained.network),
        lambda: xorutils.plot_hidden_space(trained.network),
        lambda: xorutils.plot_network(trained.network),
    ):
        before = len(plt.get_fignums())
        ax = draw()
        assert len(plt.get_fignums()) == before + 1
        assert ax.figure.number in plt.get_fignums()
        plt.close(ax.figure)
        assert len(plt.get_fignums()) == before


def test_drawing_on_given_axes_opens_no_figure(trained):
    figure, axes = plt.subplots(1, 3)
    xorutils.plot_loss([trained, trained.loss / 2], labels=["numpy", "half"], ax=axes[0])
    xorutils.plot_decision_boundary(trained.network, ax=axes[1])
    xorutils.plot_network(trained.network, ax=axes[2])
    assert plt.get_fignums() == [figure.number]


def test_loss_plot_overlays_runs_with_labels_and_log_scale(trained):
    other = xorutils.train(hidden_units=4, epochs=200)
    ax = xorutils.plot_loss([trained, other], log=True)
    assert [line.get_label() for line in ax.get_lines()] == ["numpy", "numpy"]
    assert ax.get_yscale() == "log"
    assert np.array_equal(ax.get_lines()[1].get_ydata(), other.loss)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["numpy", "numpy"]


def test_loss_plot_rejects_mismatched_labels(trained):
    with pytest.raises(ValueError, match="labels must give one name per run"):
        xorutils.plot_loss([trained, trained], labels=["only one"])


def test_decision_boundary_marks_the_points_and_the_half_contour(trained):
    ax = xorutils.plot_decision_boundary(trained.network)
    assert four_points_drawn(ax)
    assert len(ax.figure.axes) == 2  # the plot and its colour bar
    assert ax.get_xlim() == (-0.5, 1.5)


def test_surface_is_3d_with_points(trained):
    ax = xorutils.plot_surface(trained.network)
    assert ax.name == "3d" and ax.get_zlabel() == "output"
    assert four_points_drawn(ax)


def test_hidden_space_of_goodfellow_net_merges_the_two_ones():
    ax = xorutils.plot_hidden_space(xorutils.goodfellow_params())
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["(0, 0)", "(0, 1) and (1, 0)", "(1, 1)"]
    assert any(line.get_label() == "output = 0.5" for line in ax.get_lines())


def test_hidden_space_needs_two_hidden_units():
    network = xorutils.initial_network(2, (3,), "relu", "sigmoid", seed=0)
    with pytest.raises(ValueError, match="2 units; this one has 3"):
        xorutils.plot_hidden_space(network)


def test_network_drawing_has_a_line_per_weight_and_a_title_with_parameters():
    network = xorutils.initial_network(2, (3, 2), "relu", "sigmoid", seed=0)
    ax = xorutils.plot_network(network)
    assert len(ax.get_lines()) == 2 * 3 + 3 * 2 + 2 * 1
    assert ax.get_title() == f"2-3-2-1 network ({network.parameter_count} parameters)"


def test_decision_boundary_can_draw_each_relu_units_bend():
    network = xorutils.goodfellow_params()  # units bend where x1 + x2 = 0 and x1 + x2 = 1
    ax = xorutils.plot_decision_boundary(network, bends=True)
    bends = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(bends) == 2
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "output = 0.5" in labels and "a hidden unit bends (z = 0)" in labels
    with pytest.raises(ValueError, match="bends=True"):
        xorutils.plot_decision_boundary(xorutils.initial_network(2, (3,), "tanh", "sigmoid", 0), bends=True)


def test_hidden_space_merges_labels_of_inputs_that_land_together_and_rings_the_one_beneath():
    stuck = xorutils.train(  # notebook 02's stuck 2-2-1 net: (1, 0) and (1, 1) land ~0.001 apart
        hidden_units=2, activation="sigmoid", loss="mse", optimizer="sgd", learning_rate=2.0, epochs=2000, seed=9
    )
    ax = xorutils.plot_hidden_space(stuck.network)
    labels = sorted(text.get_text() for text in ax.texts)
    assert labels == ["(0, 0)", "(0, 1)", "(1, 0) and (1, 1)"]
    zeros, ones = (c for c in ax.collections if isinstance(c, PathCollection))
    assert zeros.get_sizes()[0] > ones.get_sizes()[0]


def test_hidden_space_takes_raw_points_for_a_network_with_features_and_refuses_no_hidden_layer():
    with_product = xorutils.train("numpy", hidden_units=2, features=("x1", "x2", "x1*x2"), epochs=5)
    ax = xorutils.plot_hidden_space(with_product.network)
    assert len(ax.collections) >= 2  # both targets drawn
    plt.close(ax.figure)
    no_hidden = xorutils.train("numpy", hidden_units=(), features=("x1", "x2", "x1*x2"), epochs=5)
    with pytest.raises(ValueError, match="no hidden layer"):
        xorutils.plot_hidden_space(no_hidden.network)
