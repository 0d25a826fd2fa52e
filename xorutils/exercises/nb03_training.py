"""Checkers for notebook 03, Training dynamics."""

import numpy as np

from ._checking import _check, _verdict


def check_training_loop(descend):
    """Exercise of notebook 03: descend(network, X, y, loss, learning_rate, epochs) -> (trained network, losses).

    Plain full-batch gradient descent for a network of any depth, written with numpy_net's forward,
    loss_value and backward. "Right!" means that on every case its losses (one per epoch, measured
    before that epoch's update) and its trained parameters match xorutils.train("numpy", ...) from the
    same starting weights, and that it left the network it was given unchanged. The cases go beyond
    XOR and 2-2-1: a linear output, two hidden layers, the cross-entropy loss, three inputs and six
    examples. Common slips (adding the gradient, a stale gradient, biases or a layer left out, one
    example at a time, the loss measured after the update, `W = W - ...`) are each named, and an
    answer that hands the work to numpy_net.fit or xorutils.train is turned down.
    """
    from ..training import train

    name = getattr(descend, "__name__", "your function")
    for case in _loop_cases():
        reference = train("numpy", **case["settings"], optimizer="sgd", X=case["X"], y=case["y"])
        start = reference.initial_network
        given = start.copy()
        arguments = (given, case["X"], case["y"], case["settings"]["loss"])
        rate, epochs = case["settings"]["learning_rate"], case["settings"]["epochs"]
        shortcuts = []
        try:
            with np.errstate(all="ignore"):
                answer = _call_watching_shortcuts(descend, (*arguments, rate, epochs), shortcuts)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        if shortcuts:
            return _verdict(
                False,
                f"{name} calls {shortcuts[0]}, the course's own loop: write the loop yourself with "
                "numpy_net.forward, loss_value and backward",
            )
        problem = _loop_problem(name, answer, start, given, reference, case, epochs)
        if problem:
            return _verdict(False, problem)
    return _verdict(
        True,
        f"{name} follows xorutils.train on {len(_loop_cases())} cases: 2-2-1 sigmoid, a linear output, "
        "two hidden layers with the cross-entropy loss and three inputs.",
    )


def _call_watching_shortcuts(function, arguments, shortcuts):
    """function(*arguments), noting in shortcuts each call it makes to a ready-made training loop.

    numpy_net.fit and xorutils.train are wrapped for the length of the call, and always put back.
    """
    import xorutils

    from .. import numpy_net, training

    originals = [
        (numpy_net, "fit", "numpy_net.fit"),
        (training, "train", "xorutils.train"),
        (xorutils, "train", "xorutils.train"),
    ]
    saved = [(module, attribute, getattr(module, attribute)) for module, attribute, _ in originals]

    def watched(original, label):
        def call(*args, **kwargs):
            shortcuts.append(label)
            return original(*args, **kwargs)

        return call

    for (module, attribute, label), (_, _, original) in zip(originals, saved):
        setattr(module, attribute, watched(original, label))
    try:
        return function(*arguments)
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)


def _loop_cases():
    """Settings of train() and the data, for check_training_loop: each a dict(settings, X, y, label)."""
    from ..data import xor_data

    X, y = xor_data()
    rng = np.random.default_rng(3)
    X6 = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
    y6 = np.array([[0], [1], [1], [0], [1], [0]], dtype=np.float32)
    base = dict(output_activation="sigmoid", loss="mse")
    return [
        dict(
            X=X, y=y, settings=base | dict(hidden_units=2, activation="sigmoid", learning_rate=2.0, epochs=40, seed=3)
        ),
        dict(
            X=X,
            y=y,
            settings=dict(
                hidden_units=3,
                activation="relu",
                output_activation="linear",
                loss="mse",
                learning_rate=0.05,
                epochs=30,
                seed=1,
            ),
        ),
        dict(
            X=X6,
            y=y6,
            settings=dict(
                hidden_units=(4, 3),
                activation="tanh",
                output_activation="sigmoid",
                loss="binary_crossentropy",
                learning_rate=0.5,
                epochs=25,
                seed=5,
            ),
        ),
    ]


def _loop_problem(name, answer, start, given, reference, case, epochs):
    """What is wrong with one answer of check_training_loop, or None if nothing is."""
    if answer is None:
        return f"{name} returned None: did you forget to `return network, losses`?"
    if hasattr(answer, "layers") or not isinstance(answer, tuple | list) or len(answer) != 2:
        return f"{name} should return two things, `return network, losses`: the trained network and the losses"
    network, losses = answer
    if not hasattr(network, "layers"):
        return (
            f"the first thing {name} returns should be the trained network (with .layers); got {type(network).__name__}"
        )
    try:
        losses = np.asarray(losses, dtype=float)
    except (TypeError, ValueError):
        return "the losses should be a list of numbers, one per epoch"
    if losses.ndim != 1:
        return f"the losses should be one number per epoch, shape ({epochs},); yours have shape {losses.shape}"
    if len(losses) != epochs:
        return (
            f"for {epochs} epochs there should be {epochs} losses, one per epoch; yours has {len(losses)}: "
            "record one loss in each pass of the loop"
        )
    arrays = [np.asarray(array, dtype=float) for layer in network.layers for array in layer]
    if [a.shape for a in arrays] != [a.shape for a in start.arrays()]:
        return "the returned network's layers do not have the shapes of the one given: return the network you trained"
    start_arrays, ref_arrays = start.arrays(), reference.network.arrays()
    right_parameters = all(np.allclose(a, r, rtol=1e-4, atol=1e-5) for a, r in zip(arrays, ref_arrays))
    right_losses = np.allclose(losses, reference.loss, rtol=1e-4, atol=1e-6)
    if right_parameters and right_losses:
        if not all(np.array_equal(g, s) for g, s in zip(given.arrays(), start_arrays)):
            return (
                f"right numbers, but {name} changed the network it was given (the caller's starting weights): "
                "train a copy, network = network.copy(), first"
            )
        return None
    unchanged = [np.array_equal(a, s) for a, s in zip(arrays, start_arrays)]
    if all(unchanged):
        if np.allclose(losses, losses[0]):
            return (
                "the network never changes: `W = W - learning_rate * dW` makes a new array and leaves the "
                "network's own W as it was; update in place with `W -= learning_rate * dW`"
            )
        return "the network you return is the starting one: return the network after its updates"
    if right_parameters:
        if np.allclose(losses[:-1], reference.loss[1:], rtol=1e-4, atol=1e-6):
            return "each loss is measured after that epoch's update: record the loss before the update"
        return (
            "the parameters are right but the losses are off: record "
            "numpy_net.loss_value(loss, zs[-1], activations[-1], y) once per epoch, before the update"
        )
    if right_losses:
        return "the losses are right but the network you return is not the trained one: return it after the last update"
    biases = unchanged[1::2]
    if all(biases) and not all(unchanged[0::2]):
        return "the biases never change: update each b with its gradient db too, not only the weights W"
    frozen = [index + 1 for index, (w, b) in enumerate(zip(unchanged[0::2], unchanged[1::2])) if w and b]
    if frozen:
        return (
            f"layer {frozen[0]} is never updated: step every (W, b) pair of network.layers with its own gradients "
            "(zip(network.layers, gradients))"
        )
    X, y, settings = case["X"], case["y"], case["settings"]
    for slip, hint in SLIP_HINTS.items():
        with np.errstate(all="ignore"):
            wrong = _wrong_loop(slip, start, X, y, settings["loss"], settings["learning_rate"], epochs)
        if all(np.allclose(a, w, rtol=1e-4, atol=1e-5) for a, w in zip(arrays, wrong.arrays())):
            return hint
    return (
        f"on {settings['hidden_units']} hidden units, {settings['activation']}, loss {settings['loss']!r}, "
        f"the losses are off (yours end at {losses[-1]:.4g}, train's at {reference.loss[-1]:.4g}): "
        "each epoch, forward on all of X, record the loss, backward, then W -= learning_rate * dW "
        "and b -= learning_rate * db for every layer"
    )


SLIP_HINTS = {
    "added": "the loss goes uphill: subtract the gradient (W -= learning_rate * dW), do not add it",
    "stale": (
        "the gradient is computed once, from the starting weights, and reused: run forward and backward "
        "again inside the loop, on the network as it is now"
    ),
    "per example": (
        "that updates after each example: one epoch here is one step on the whole batch, forward(network, X) on "
        "all the examples at once, whose gradient backward already averages"
    ),
}


def _wrong_loop(slip, start, X, y, loss, learning_rate, epochs):
    """The loop with one known slip, for recognising it in an answer."""
    from .. import numpy_net

    network = start.copy()
    sign = 1 if slip == "added" else -1
    stale = numpy_net.backward(network, *numpy_net.forward(network, X), y, loss)
    for _ in range(epochs):
        batches = [(X[i : i + 1], y[i : i + 1]) for i in range(len(X))] if slip == "per example" else [(X, y)]
        for batch_X, batch_y in batches:
            if slip == "stale":
                gradients = stale
            else:
                gradients = numpy_net.backward(network, *numpy_net.forward(network, batch_X), batch_y, loss)
            for (W, b), (dW, db) in zip(network.layers, gradients):
                W += sign * learning_rate * dW
                b += sign * learning_rate * db
    return network


def check_dead_units(count_dead):
    """Exercise of notebook 03: count_dead(network, X) -> how many units of the first hidden layer are dead on X.

    A ReLU unit is dead on X when its weighted input z = X W + b is <= 0 for every row of X: it then
    outputs 0 with slope 0 on all of them. Tried on made-up networks and inputs beyond the four XOR
    corners, including a unit whose z is exactly 0 everywhere (dead) and one that is positive on a
    single row (alive), so `<` for `<=` and "any row" for "every row" show.
    """
    from ..network import Network

    def network(W1, b1):
        W1, b1 = np.asarray(W1, dtype=np.float32), np.asarray(b1, dtype=np.float32)
        W2 = np.ones((W1.shape[1], 1), dtype=np.float32)
        return Network([(W1, b1), (W2, np.zeros(1, dtype=np.float32))], "relu", "linear")

    X_wide = np.array([[0.5, -1.0, 2.0], [2.0, 0.25, -0.5], [-1.5, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    # units: dead (z < 0), dead (z = 0 exactly), alive on row 2 only, alive, alive, alive on the last row only
    W_wide = [[-1.0, 0.0, 1.0, 1.0, 0.5, 1.0], [-1.0, 0.0, 0.0, 1.0, 0.5, 1.0], [-1.0, 0.0, 0.0, 0.0, 0.5, 1.0]]
    b_wide = [-4.0, 0.0, -1.75, 0.0, 2.0, -2.5]
    X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    cases = [
        ((network(W_wide, b_wide), X_wide.astype(np.float32)), 2),
        ((network([[1, -1, 1], [1, -1, -2]], [0, -0.5, -3]), X_xor), 2),
        ((network([[1, 1], [1, 1]], [0, -1]), X_xor), 0),
        ((network([[-0.5, 0.3, 2.0, -1.0]], [0.1, -0.2, -5.0, -0.3]), np.array([[-2.0], [0.5], [1.5]])), 1),
    ]

    def z(net, X):
        W1, b1 = net.layers[0]
        return np.asarray(X, dtype=np.float32) @ W1 + b1

    slips = {
        "strict": lambda net, X: int(np.all(z(net, X) < 0, axis=0).sum()),
        "any row": lambda net, X: int(np.any(z(net, X) <= 0, axis=0).sum()),
        "alive": lambda net, X: int((~np.all(z(net, X) <= 0, axis=0)).sum()),
        "entries": lambda net, X: int((z(net, X) <= 0).sum()),
    }
    hints = {
        "strict": "a unit whose z is exactly 0 everywhere is dead too (ReLU's slope at 0 is 0): use <= 0, not < 0",
        "any row": "a unit is dead only if z <= 0 on *every* row of X (np.all over axis 0), not on some row",
        "alive": "that counts the living units: count those with z <= 0 on every row",
        "entries": "that counts (example, unit) pairs with z <= 0: count units, those with z <= 0 on all the examples",
    }
    name = getattr(count_dead, "__name__", "your function")
    try:
        first = count_dead(*cases[0][0])
    except Exception:  # _check reports it as one line
        first = None
    if first is not None and np.ndim(first) == 1:
        return _verdict(
            False,
            f"{name} returned one value per unit: return how many are dead, one number (e.g. int(dead.sum()))",
        )
    if isinstance(first, float | np.floating) and not float(first).is_integer():
        return _verdict(False, f"{name} returned {first}: a count of units is a whole number")
    return _check(count_dead, cases, slips, hints)


def check_stuck_loss(stuck_loss):
    """Exercise of notebook 03: stuck_loss(groups) -> the lowest MSE when the inputs in each group share one output.

    groups: a list of lists of 0/1 targets, one list per hidden point (the inputs that land there).
    The output layer sees only the hidden point, so each group gets one answer; the best is the
    group's mean target, and the loss is the sum of squared deviations from those means over all
    the examples, divided by the number of examples. Tried on XOR's 1/8, 1/6 and 1/4 and on groups
    of other sizes and counts, so 0.5 for every merged group, an average of the groups' own MSEs
    and a missing division show.
    """
    cases = [
        (([[0], [1], [1, 0]],), 1 / 8),
        (([[0], [1, 1, 0]],), 1 / 6),
        (([[0, 1, 1, 0]],), 1 / 4),
        (([[0, 0, 1], [1], [0, 1, 1, 1]],), (2 / 3 + 3 / 4) / 8),
        (([[1, 1, 1], [0, 0]],), 0.0),
        (([[0], [1]],), 0.0),
    ]

    def flat(groups):
        return [np.asarray(group, dtype=float) for group in groups]

    slips = {
        "half": lambda groups: (
            sum(np.sum((g - 0.5) ** 2) for g in flat(groups) if len(g) > 1) / sum(len(g) for g in flat(groups))
        ),
        "group average": lambda groups: np.mean([np.mean((g - g.mean()) ** 2) for g in flat(groups)]),
        "no division": lambda groups: sum(np.sum((g - g.mean()) ** 2) for g in flat(groups)),
        "whole mean": lambda groups: np.var(np.concatenate(flat(groups))),
    }
    hints = {
        "half": (
            "an answer of 0.5 is best only for a group with as many 0s as 1s: the best common answer is the "
            "group's mean target (2/3 for targets 1, 1, 0)"
        ),
        "group average": (
            "that averages each group's own MSE, so a group of one counts as much as a group of three: "
            "add the squared errors of all the examples, then divide by the number of examples"
        ),
        "no division": "that is the sum of the squared errors: the MSE divides it by the number of examples",
        "whole mean": (
            "that gives every example the overall mean target, as if all inputs were merged: each group gets its "
            "own mean"
        ),
    }
    return _check(stuck_loss, cases, slips, hints)
