"""Checkers for notebook 05, Keras."""

from ._checking import _check


def check_parameter_count(count):
    """Exercise of notebook 05: count(layer_sizes) -> weights and biases of a Dense network, e.g. [2, 2, 1] -> 9."""
    networks = [[2, 2, 1], [2, 16, 1], [2, 32, 32, 1]]

    def weights_only(sizes):
        return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))

    slips = {"no biases": weights_only, "input biases": lambda sizes: weights_only(sizes) + sum(sizes)}
    hints = {
        "no biases": "that counts the weights only; every unit after the input layer also has a bias",
        "input biases": "the input layer has no biases: only units that compute something do",
    }
    cases = [((sizes,), weights_only(sizes) + sum(sizes[1:])) for sizes in networks]
    return _check(count, cases, slips, hints)
