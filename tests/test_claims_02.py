"""What notebook 02's prose and its checker's verdict claim, measured."""

import math

import numpy as np
import pytest

from xorutils import numpy_net, plots
from xorutils.exercises import nb02_backprop


def sigmoid_slope(z):
    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def test_saturation_figures_quoted_in_the_text():
    assert f"{sigmoid_slope(5.0):.3g}" == "0.00665" and sigmoid_slope(5.0) / sigmoid_slope(0.0) < 0.03
    assert f"{1 - math.tanh(5.0) ** 2:.3g}" == "0.000182"


def test_squared_errors_signal_is_75_times_weaker_when_confidently_wrong():
    p = 1 / (1 + math.exp(5.0))  # z_o = -5, target 1
    cross_entropy, squared_error = p - 1, 2 * (p - 1) * p * (1 - p)
    assert round(cross_entropy / squared_error) == 75


def test_the_checker_covers_what_its_verdict_says():
    """'widths 1 to 5; ReLU, sigmoid and tanh; mse and cross-entropy'."""
    widths = {hidden for hidden, *_ in nb02_backprop.NETWORKS}
    assert min(widths) == 1 and max(widths) == 5 and 2 in widths  # width 2: a square W1 shows a transpose
    assert {activation for _, activation, _, _ in nb02_backprop.NETWORKS} == {"relu", "sigmoid", "tanh"}
    assert {loss for _, _, loss, _ in nb02_backprop.NETWORKS} == {"mse", "binary_crossentropy"}


def test_the_checkers_reference_agrees_with_the_library():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 2)), rng.integers(0, 2, (5, 1)).astype(float)
    parameters = [rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), rng.normal(size=1)]
    for activation in ("relu", "sigmoid", "tanh"):
        for loss in ("mse", "binary_crossentropy"):
            network = numpy_net_network(parameters, activation)
            zs, activations = numpy_net.forward(network, X)
            library = [g for pair in numpy_net.backward(network, zs, activations, y, loss) for g in pair]
            reference = nb02_backprop._reference(X, y, parameters, activation, loss)
            numeric = nb02_backprop._finite_differences(X, y, parameters, activation, loss)
            for a, b, c in zip(library, reference, numeric):
                assert np.allclose(a, b) and np.allclose(a, c, atol=1e-7)


def numpy_net_network(parameters, activation):
    from xorutils import Network

    return Network([tuple(parameters[0:2]), tuple(parameters[2:4])], activation, "sigmoid")


def test_plot_activations_names_a_bad_activation():
    with pytest.raises(ValueError, match="names must be activations from .*'swish'"):
        plots.plot_activations(("sigmoid", "swish"))


def test_worked_example_figure_shows_the_notebooks_numbers():
    network = numpy_net_network(
        [np.array([[1.5, -0.5], [1.0, 1.0]]), np.array([0.0, 1.0]), np.array([[2.0], [-3.0]]), np.array([-1.0])], "relu"
    )
    ax = plots.plot_worked_example(network, (1, 0), 1)
    texts = " | ".join(text.get_text() for text in ax.texts)
    for number in ("grad -0.7551", "grad +1.1326", "grad +0.0000", "grad -0.5663", "grad -0.1888", "$p$ = 0.6225"):
        assert number in texts
    assert "-0.3775" in texts and "+1.1326" in texts


def test_worked_example_figure_wants_a_2_2_1_network():
    network = numpy_net_network([np.ones((2, 3)), np.zeros(3), np.ones((3, 1)), np.zeros(1)], "relu")
    with pytest.raises(ValueError, match=r"draws a 2-2-1 network; network has layers of \[2, 3, 1\]"):
        plots.plot_worked_example(network, (1, 0), 1)
