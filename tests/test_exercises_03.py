"""Notebook 03's checkers: each accepts right answers and names each plausible slip with its own hint."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import xorutils
from xorutils import exercises, numpy_net
from xorutils.numpy_net import fit

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_training_dynamics.ipynb"


def descend(network, X, y, loss, learning_rate, epochs):
    network = network.copy()
    losses = []
    for _ in range(epochs):
        zs, activations = numpy_net.forward(network, X)
        losses.append(numpy_net.loss_value(loss, zs[-1], activations[-1], y))
        for (W, b), (dW, db) in zip(network.layers, numpy_net.backward(network, zs, activations, y, loss)):
            W -= learning_rate * dW
            b -= learning_rate * db
    return network, losses


def descend_new_arrays(network, X, y, loss, learning_rate, epochs):
    """Right too: builds new arrays each step instead of updating in place."""
    losses = []
    for _ in range(epochs):
        zs, activations = numpy_net.forward(network, X)
        losses.append(float(numpy_net.loss_value(loss, zs[-1], activations[-1], y)))
        gradients = numpy_net.backward(network, zs, activations, y, loss)
        layers = [
            (W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in zip(network.layers, gradients)
        ]
        network = xorutils.Network(layers, network.activation, network.output_activation)
    return network, np.array(losses)


def variant(slip):
    """descend with one slip."""

    def wrong(network, X, y, loss, learning_rate, epochs):
        if slip != "in place":
            network = network.copy()
        losses = []
        stale = numpy_net.backward(network, *numpy_net.forward(network, X), y, loss)
        for _ in range(epochs):
            zs, activations = numpy_net.forward(network, X)
            if slip != "loss after":
                losses.append(numpy_net.loss_value(loss, zs[-1], activations[-1], y))
            if slip == "per example":
                for i in range(len(X)):
                    one = numpy_net.forward(network, X[i : i + 1])
                    for (W, b), (dW, db) in zip(network.layers, numpy_net.backward(network, *one, y[i : i + 1], loss)):
                        W -= learning_rate * dW
                        b -= learning_rate * db
                continue
            gradients = stale if slip == "stale" else numpy_net.backward(network, zs, activations, y, loss)
            if slip == "mse":
                gradients = numpy_net.backward(network, zs, activations, y, "mse")
            for index, ((W, b), (dW, db)) in enumerate(zip(network.layers, gradients)):
                if slip == "added":
                    W += learning_rate * dW
                    b += learning_rate * db
                elif slip == "rebound":
                    W = W - learning_rate * dW
                    b = b - learning_rate * db
                elif slip == "no biases":
                    W -= learning_rate * dW
                elif slip == "last layer only" and index < len(network.layers) - 1:
                    continue
                else:
                    W -= learning_rate * dW
                    b -= learning_rate * db
            if slip == "loss after":
                zs, activations = numpy_net.forward(network, X)
                losses.append(numpy_net.loss_value(loss, zs[-1], activations[-1], y))
        if slip == "one loss short":
            losses = losses[1:]
        if slip == "network only":
            return network
        if slip == "no return":
            return None
        return network, losses

    return wrong


LOOP_WRONG = {
    "mse": "pass `loss` to numpy_net.backward",
    "added": "subtract the gradient",
    "stale": "computed once, from the starting weights",
    "per example": "updates after each example",
    "rebound": "`W = W - learning_rate * dW` makes a new array",
    "no biases": "the biases never change",
    "last layer only": "layer 1 is never updated",
    "loss after": "measured after that epoch's update",
    "in place": "changed the network it was given",
    "one loss short": "there should be 40 losses",
    "network only": "return network, losses",
    "no return": "did you forget to `return network, losses`",
}


@pytest.mark.parametrize("answer", [descend, descend_new_arrays], ids=["in place", "new arrays"])
def test_training_loop_accepts_a_right_loop(answer, capsys):
    exercises.check_training_loop(answer)
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("slip", "hint"), LOOP_WRONG.items(), ids=LOOP_WRONG)
def test_training_loop_names_the_slip(slip, hint, capsys):
    exercises.check_training_loop(variant(slip))
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed
    assert "Traceback" not in printed


def test_training_loop_turns_down_the_courses_own_loop(capsys):
    def with_fit(network, X, y, loss, learning_rate, epochs):
        record = numpy_net.fit(network, X, y, loss=loss, optimizer="sgd", learning_rate=learning_rate, epochs=epochs)
        return record["network"], record["loss"]

    original = numpy_net.fit
    exercises.check_training_loop(with_fit)
    assert "calls numpy_net.fit, the course's own loop" in capsys.readouterr().out
    assert numpy_net.fit is original and xorutils.train is xorutils.training.train  # put back
    exercises.check_training_loop(descend)
    assert capsys.readouterr().out.startswith("Right! ")


def descend_with_imported_fit(network, X, y, loss, learning_rate, epochs):
    record = fit(network, X, y, loss=loss, optimizer="sgd", learning_rate=learning_rate, epochs=epochs)
    return record["network"], record["loss"]


def test_training_loop_turns_down_fit_imported_by_name(capsys):
    exercises.check_training_loop(descend_with_imported_fit)  # fit is this module's global, not numpy_net.fit
    assert "calls numpy_net.fit, the course's own loop" in capsys.readouterr().out

    def closure_over_train():
        train = xorutils.train

        def descend_with_train(network, X, y, loss, learning_rate, epochs):
            run = train("numpy", X=X, y=y, loss=loss, learning_rate=learning_rate, epochs=epochs)
            return run.network, run.loss

        return descend_with_train

    exercises.check_training_loop(closure_over_train())
    assert "calls xorutils.train, the course's own loop" in capsys.readouterr().out


def test_training_loop_reports_an_error_in_one_line(capsys):
    exercises.check_training_loop(lambda network, X, y, loss, rate, epochs: 1 / 0)
    assert capsys.readouterr().out.startswith("Not yet: <lambda> raised ZeroDivisionError")


def test_training_loop_that_only_fits_xor_2_2_1_is_turned_down(capsys):
    def two_layers_only(network, X, y, loss, learning_rate, epochs):
        network = network.copy()
        losses = []
        for _ in range(epochs):
            zs, activations = numpy_net.forward(network, X)
            losses.append(numpy_net.loss_value("mse", zs[-1], activations[-1], y))  # loss fixed to mse
            (dW1, db1), (dW2, db2) = numpy_net.backward(network, zs, activations, y, "mse")[:2]
            (W1, b1), (W2, b2) = network.layers[:2]
            W1 -= learning_rate * dW1
            b1 -= learning_rate * db1
            W2 -= learning_rate * dW2
            b2 -= learning_rate * db2
        return network, losses

    exercises.check_training_loop(two_layers_only)
    assert capsys.readouterr().out.startswith("Not yet: ")


def z(network, X):
    W1, b1 = network.layers[0]
    return np.asarray(X, dtype=np.float32) @ W1 + b1


DEAD_WRONG = {
    "strict": (lambda n, X: int(np.all(z(n, X) < 0, axis=0).sum()), "use <= 0, not < 0"),
    "any row": (lambda n, X: int(np.any(z(n, X) <= 0, axis=0).sum()), "on *every* row"),
    "alive": (lambda n, X: int(np.sum(~np.all(z(n, X) <= 0, axis=0))), "counts the living units"),
    "entries": (lambda n, X: int((z(n, X) <= 0).sum()), "(example, unit) pairs"),
    "per unit": (lambda n, X: np.all(z(n, X) <= 0, axis=0), "one value per unit"),
    "a fraction": (lambda n, X: np.all(z(n, X) <= 0, axis=0).mean(), "whole number"),
    "xor only": (lambda n, X: int(np.all(z(n, X)[:4] <= 0, axis=0).sum()), "not only the first four"),
    "rows": (lambda n, X: int(np.all(z(n, X) <= 0, axis=1).sum()), "counts the rows"),
    "mean": (lambda n, X: int(np.sum(z(n, X).mean(axis=0) <= 0)), "averages <= 0"),
    "weights only": (lambda n, X: int(np.all(n.layers[0][0] <= 0, axis=0).sum()), "signs of the weights alone"),
    "weights and bias": (
        lambda n, X: int(np.sum(np.all(n.layers[0][0] <= 0, axis=0) & (n.layers[0][1] <= 0))),
        "signs of W1 and b1",
    ),
    "a bool": (lambda n, X: bool(np.all(z(n, X) <= 0, axis=0).any()), "a yes or no"),
    "unknown": (lambda n, X: 7, "for a layer of 6 units on 4 rows of 2 inputs the answer is off (got 7.0)"),
    "no return": (lambda n, X: None, "forget to `return`"),
}


@pytest.mark.parametrize(
    "answer",
    [
        lambda n, X: int(np.all(z(n, X) <= 0, axis=0).sum()),
        lambda n, X: np.sum(np.all(numpy_net.forward(n, X)[1][1] == 0, axis=0)),  # from the activations
    ],
    ids=["from z", "from the activations"],
)
def test_dead_units_accepts_a_right_count(answer, capsys):
    exercises.check_dead_units(answer)
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), DEAD_WRONG.values(), ids=DEAD_WRONG)
def test_dead_units_names_the_slip(answer, hint, capsys):
    exercises.check_dead_units(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


def stuck_loss(groups):
    errors = [(np.asarray(g, dtype=float) - np.mean(g)) ** 2 for g in groups]
    return sum(e.sum() for e in errors) / sum(len(g) for g in groups)


STUCK_WRONG = {
    "half": (
        lambda groups: sum(sum((t - 0.5) ** 2 for t in g) for g in groups if len(g) > 1) / sum(map(len, groups)),
        "the group's mean target",
    ),
    "group average": (lambda groups: np.mean([np.var(g) for g in groups]), "a group of one counts as much"),
    "no division": (lambda groups: sum(np.var(g) * len(g) for g in groups), "divides it by the number of examples"),
    "whole mean": (lambda groups: np.var(np.concatenate(groups)), "each group gets its own mean"),
    "median": (
        lambda groups: sum(sum((t - np.median(g)) ** 2 for t in g) for g in groups) / sum(map(len, groups)),
        "not its majority or median",
    ),
    "majority": (
        lambda groups: sum(sum((t - round(np.mean(g))) ** 2 for t in g) for g in groups) / sum(map(len, groups)),
        "not its majority or median",
    ),
    "four": (lambda groups: sum(np.var(g) * len(g) for g in groups) / 4, "not by 4"),
    "xor only": (lambda groups: {1: 0.25, 2: 1 / 6, 3: 0.125}.get(len(groups), 0.0), "answer is off"),
    "a list": (lambda groups: [np.var(g) for g in groups], "should have shape ()"),
    "no return": (lambda groups: None, "forget to `return`"),
}


def test_stuck_loss_accepts_a_right_answer(capsys):
    exercises.check_stuck_loss(stuck_loss)
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), STUCK_WRONG.values(), ids=STUCK_WRONG)
def test_stuck_loss_names_the_slip(answer, hint, capsys):
    exercises.check_stuck_loss(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_stuck_loss_describes_a_case_in_one_line(capsys):
    exercises.check_stuck_loss(lambda groups: 0.3)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: for groups [[0], [1], [1, 0]] the answer is off") and "\n" not in printed[:-1]


DEAD_START_WRONG = {
    "none dead": (lambda units: 0.75**units, "the chance that no unit is dead"),
    "all dead": (lambda units: 0.25**units, "the chance that every unit is dead"),
    "summed": (lambda units: units / 4, "adding the units' chances"),
    "one weight": (lambda units: 1 - 0.5**units, "both weights must be <= 0"),
    "per unit": (lambda units: 0.25, "the chance for one unit"),
    "two-unit answer always": (lambda units: 7 / 16, "for 1 unit the answer is off"),
    "a percentage": (lambda units: 100 * (1 - 0.75**units), "a probability lies between 0 and 1"),
    "a bool": (lambda units: True, "a yes or no"),
    "no return": (lambda units: None, "forget to `return`"),
}


@pytest.mark.parametrize(
    "answer", [lambda units: 1 - 0.75**units, lambda units: 1 - (1 - 1 / 4) ** units], ids=["0.75", "1 - 1/4"]
)
def test_dead_start_accepts_the_right_chance(answer, capsys):
    exercises.check_dead_start(answer)
    assert capsys.readouterr().out.startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), DEAD_START_WRONG.values(), ids=DEAD_START_WRONG)
def test_dead_start_names_the_slip(answer, hint, capsys):
    exercises.check_dead_start(answer)
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_dead_start_chance_is_what_the_course_draws():
    dead = [
        np.all(xorutils.initial_network(2, (2,), "relu", "linear", seed).layers[0][0] <= 0, axis=0).any()
        for seed in range(2000)
    ]
    low, high = xorutils.stats.wilson_interval(int(np.sum(dead)), 2000)
    assert low < 7 / 16 < high


def solutions():
    """The code of each hidden solution in notebook 03, by the checker it calls."""
    cells = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]]
    found = {}
    for cell in cells:
        if "<details><summary>Solution" in cell:
            for code in re.findall(r"```python\n(.*?)```", cell, flags=re.S):
                checker = re.search(r"exercises\.(check_\w+)", code)
                if checker:
                    found[checker.group(1)] = code
    return found


@pytest.mark.parametrize("checker", ["check_training_loop", "check_dead_start", "check_stuck_loss"])
def test_the_notebooks_hidden_solution_passes_its_checker(checker, capsys):
    code = solutions()[checker]
    exec(code, {"xorutils": xorutils, "np": np, "numpy_net": numpy_net})
    printed = capsys.readouterr().out
    assert printed.startswith("Right! "), printed
