"""Checkers for notebook 03, Training dynamics."""

import numpy as np

from ._checking import _verdict


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
        shortcuts = _shortcuts_held_by(descend)
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


def _shortcuts_held_by(function):
    """The course's own loops that function holds as a global or closure variable (e.g. after
    `from xorutils.numpy_net import fit`), which wrapping the modules' attributes would not see."""
    from .. import numpy_net, training

    loops = {id(numpy_net.fit): "numpy_net.fit", id(training.train): "xorutils.train"}
    code = getattr(function, "__code__", None)
    if code is None:
        return []
    names, codes = set(), [code]
    while codes:  # the function's code and that of the functions defined inside it
        code = codes.pop()
        names |= set(code.co_names)
        codes += [constant for constant in code.co_consts if hasattr(constant, "co_names")]
    held = [getattr(function, "__globals__", {}).get(name) for name in sorted(names)]
    for cell in getattr(function, "__closure__", None) or ():
        try:
            held.append(cell.cell_contents)
        except ValueError:  # a closure variable not yet assigned
            pass
    return [loops[id(value)] for value in held if id(value) in loops]


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
    "mse": (
        "the gradients are those of the MSE whatever the loss: pass `loss` to numpy_net.backward "
        "(and to loss_value), so the cross-entropy gets its own gradients"
    ),
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
            elif slip == "mse":
                gradients = numpy_net.backward(network, *numpy_net.forward(network, batch_X), batch_y, "mse")
            else:
                gradients = numpy_net.backward(network, *numpy_net.forward(network, batch_X), batch_y, loss)
            for (W, b), (dW, db) in zip(network.layers, gradients):
                W += sign * learning_rate * dW
                b += sign * learning_rate * db
    return network


def _check_consistently(function, cases, slips, hints, describe):
    """Like _check, but a slip is named only when it gives the learner's answer on every case.

    cases: (arguments, expected) pairs; slips: {name: wrong function}, tried in order; describe(arguments)
    words a case for the learner (never a multi-line repr).
    """
    name = getattr(function, "__name__", "your function")
    possible = list(slips)  # the slips that gave the learner's answer on every case so far

    def still_possible(slips_left, arguments, answer):
        with np.errstate(all="ignore"):
            return [
                slip
                for slip in slips_left
                if np.shape(answer) == np.shape(slips[slip](*arguments))
                and np.allclose(answer, np.asarray(slips[slip](*arguments), float), atol=1e-6)
            ]

    for index, (arguments, expected) in enumerate(cases):
        try:
            answer = function(*arguments)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        if answer is None:
            return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
        if isinstance(answer, bool | np.bool_):
            return _verdict(False, f"{name} returned {answer}, a yes or no: return a number")
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned a {type(answer).__name__}, not a number")
        expected = np.asarray(expected, dtype=float)
        if answer.shape != expected.shape:
            return _verdict(False, f"the answer should have shape {expected.shape}; yours has {answer.shape}")
        possible = still_possible(possible, arguments, answer)
        if not np.allclose(answer, expected, atol=1e-6):
            for later_arguments, _ in cases[index + 1 :]:  # the slips left must give its answers on the rest too
                try:
                    later = np.asarray(function(*later_arguments), dtype=float)
                except Exception:  # an answer that fails later cannot be told apart there
                    continue
                possible = still_possible(possible, later_arguments, later)
            if possible:
                return _verdict(False, hints[possible[0]])
            shown = np.round(answer, 4).tolist()
            return _verdict(False, f"for {describe(*arguments)} the answer is off (got {shown})")
    return _verdict(True, f"{name} gives the right answer on {len(cases)} test cases.")


def check_dead_units(count_dead):
    """count_dead(network, X) -> how many units of the first hidden layer are dead on X.

    A ReLU unit is dead on X when its weighted input z = X W + b is <= 0 for every row of X: it then
    outputs 0 with slope 0 on all of them. Tried on made-up networks and inputs beyond the four XOR
    corners, including a unit whose z is exactly 0 everywhere (dead) and one that is positive on a
    single row (alive), so `<` for `<=` and "any row" for "every row" show. A slip is named only
    when it gives the answer on every case tried.
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
    W_apart = [[-1.0, 1.0, -2.0, 0.0, -2.0, 0.0], [-1.0, 2.0, 1.0, -1.0, 1.0, -2.0]]  # each slip counts differently
    cases = [
        ((network(W_apart, [0.0, -1.0, -0.5, 0.5, -1.0, 0.5]), X_xor), 2),
        ((network(W_wide, b_wide), X_wide.astype(np.float32)), 2),
        ((network([[1, -1, 1], [1, -1, -2]], [0, -0.5, -3]), X_xor), 2),
        ((network([[1, 1], [1, 1]], [0, -1]), X_xor), 0),
        ((network([[-0.5, 0.3, 2.0, -1.0]], [0.1, -0.2, -5.0, -0.3]), np.array([[-2.0], [0.5], [1.5]])), 1),
        ((network([[-1.0, 1.0], [-1.0, -1.0]], [1.5, 0.5]), np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])), 1),
    ]

    def z(net, X):
        W1, b1 = net.layers[0]
        return np.asarray(X, dtype=np.float32) @ W1 + b1

    def weights(net):
        return np.asarray(net.layers[0][0]), np.asarray(net.layers[0][1])

    slips = {
        "strict": lambda net, X: int(np.all(z(net, X) < 0, axis=0).sum()),
        "any row": lambda net, X: int(np.any(z(net, X) <= 0, axis=0).sum()),
        "alive": lambda net, X: int((~np.all(z(net, X) <= 0, axis=0)).sum()),
        "entries": lambda net, X: int((z(net, X) <= 0).sum()),
        "mean": lambda net, X: int((np.mean(z(net, X), axis=0) <= 0).sum()),
        "rows": lambda net, X: int(np.all(z(net, X) <= 0, axis=1).sum()),
        "weights only": lambda net, X: int(np.all(weights(net)[0] <= 0, axis=0).sum()),
        "weights and bias": lambda net, X: int((np.all(weights(net)[0] <= 0, axis=0) & (weights(net)[1] <= 0)).sum()),
        "first four rows": lambda net, X: int(np.all(z(net, X)[:4] <= 0, axis=0).sum()),
    }
    hints = {
        "strict": "a unit whose z is exactly 0 everywhere is dead too (ReLU's slope at 0 is 0): use <= 0, not < 0",
        "any row": "a unit is dead only if z <= 0 on *every* row of X (np.all over axis 0), not on some row",
        "alive": "that counts the living units: count those with z <= 0 on every row",
        "entries": "that counts (example, unit) pairs with z <= 0: count units, those with z <= 0 on all the examples",
        "mean": "a unit whose z averages <= 0 can still be positive on one row, and alive there: test every row",
        "rows": "that counts the rows (examples) on which every unit has z <= 0: count units, np.all over axis 0",
        "weights only": (
            "the signs of the weights alone do not decide it: compute z = X @ W1 + b1 on the rows of X given, "
            "bias included"
        ),
        "weights and bias": (
            "the signs of W1 and b1 decide it only for inputs >= 0: compute z = X @ W1 + b1 on the rows of X given"
        ),
        "first four rows": "X can have any number of rows: test z <= 0 on all of them, not only the first four",
    }

    def describe(net, X):
        units, rows = net.layers[0][0].shape[1], np.shape(X)[0]
        return f"a layer of {units} units on {rows} rows of {np.shape(X)[1]} input{'s' if np.shape(X)[1] > 1 else ''}"

    name = getattr(count_dead, "__name__", "your function")
    try:
        first = count_dead(*cases[0][0])
    except Exception:  # _check_consistently reports it as one line
        first = None
    if first is not None and not isinstance(first, bool | np.bool_) and np.ndim(first) == 1:
        return _verdict(
            False,
            f"{name} returned one value per unit: return how many are dead, one number (e.g. int(dead.sum()))",
        )
    if isinstance(first, float | np.floating) and not float(first).is_integer():
        return _verdict(False, f"{name} returned {first}: a count of units is a whole number")
    return _check_consistently(count_dead, cases, slips, hints, describe)


def check_stuck_loss(stuck_loss):
    """Exercise of notebook 03: stuck_loss(groups) -> the lowest MSE when the inputs in each group share one output.

    groups: a list of lists of 0/1 targets, one list per hidden point (the inputs that land there).
    The output layer sees only the hidden point, so each group gets one answer; the best is the
    group's mean target, and the loss is the sum of squared deviations from those means over all
    the examples, divided by the number of examples. Tried on XOR's 1/8, 1/6 and 1/4 and on groups
    of other sizes and counts, so 0.5 for every merged group, the majority (or median) answer, an
    average of the groups' own MSEs, a missing division or one by a fixed 4 show.
    """
    cases = [
        (([[0], [1], [1, 0]],), 1 / 8),
        (([[0], [1, 1, 0]],), 1 / 6),
        (([[0, 1, 1, 0]],), 1 / 4),
        (([[0, 0, 1], [1], [0, 1, 1, 1]],), (2 / 3 + 3 / 4) / 8),
        (([[1, 1, 1], [0, 0]],), 0.0),
        (([[0], [1]],), 0.0),
        (([[1, 1, 0], [0, 0, 1]],), 4 / 3 / 6),
    ]

    def flat(groups):
        return [np.asarray(group, dtype=float) for group in groups]

    def squared_errors(groups, answer):
        return sum(np.sum((g - answer(g)) ** 2) for g in flat(groups))

    def examples(groups):
        return sum(len(g) for g in flat(groups))

    slips = {
        "half": lambda groups: squared_errors(groups, lambda g: 0.5 if len(g) > 1 else g.mean()) / examples(groups),
        "median": lambda groups: squared_errors(groups, np.median) / examples(groups),
        "majority": lambda groups: squared_errors(groups, lambda g: np.round(g.mean())) / examples(groups),
        "group average": lambda groups: np.mean([np.mean((g - g.mean()) ** 2) for g in flat(groups)]),
        "no division": lambda groups: squared_errors(groups, np.mean),
        "four": lambda groups: squared_errors(groups, np.mean) / 4,
        "whole mean": lambda groups: np.var(np.concatenate(flat(groups))),
    }
    majority = (
        "under squared error the best common answer is the group's mean target, not its majority or median "
        "(2/3 for targets 1, 1, 0, not 1)"
    )
    hints = {
        "half": (
            "an answer of 0.5 is best only for a group with as many 0s as 1s: the best common answer is the "
            "group's mean target (2/3 for targets 1, 1, 0)"
        ),
        "median": majority,
        "majority": majority,
        "group average": (
            "that averages each group's own MSE, so a group of one counts as much as a group of three: "
            "add the squared errors of all the examples, then divide by the number of examples"
        ),
        "no division": "that is the sum of the squared errors: the MSE divides it by the number of examples",
        "four": "divide by the number of examples in the groups, not by 4: the groups need not hold XOR's four",
        "whole mean": (
            "that gives every example the overall mean target, as if all inputs were merged: each group gets its "
            "own mean"
        ),
    }
    return _check_consistently(stuck_loss, cases, slips, hints, lambda groups: f"groups {groups}")


def check_dead_start(chance_dead):
    """Exercise of notebook 03: chance_dead(units) -> the probability that a ReLU layer of `units` units,
    on two inputs, starts with at least one unit dead on the four XOR corners.

    The course's starting weights are drawn uniformly from a range centred on 0 and the biases start
    at 0, so z = 0 at (0, 0), and a unit is dead exactly when both of its input weights are <= 0:
    chance 1/4 per unit, independently, and 1 - (3/4)**units for the layer. Tried on 1, 2, 3 and 10
    units, so the chance that every unit is dead, the sum of the units' chances, a chance of 1/2 per
    unit and the chance that none is dead each show.
    """
    cases = [((units,), 1 - 0.75**units) for units in (1, 2, 3, 10)]
    slips = {
        "none dead": lambda units: 0.75**units,
        "all dead": lambda units: 0.25**units,
        "summed": lambda units: units / 4,
        "one weight": lambda units: 1 - 0.5**units,
        "per unit": lambda units: 0.25,
    }
    hints = {
        "none dead": "that is the chance that no unit is dead: the question asks for at least one, 1 minus it",
        "all dead": "that is the chance that every unit is dead: the question asks for at least one",
        "summed": (
            "adding the units' chances counts twice the starts where two units are dead (and passes 1 for 5 units): "
            "take 1 minus the chance that none is dead"
        ),
        "one weight": (
            "a unit is dead only if z <= 0 at all four corners: z = 0 at (0, 0) since the bias starts at 0, "
            "z = w1 at (1, 0), w2 at (0, 1): both weights must be <= 0, chance 1/2 x 1/2 per unit"
        ),
        "per unit": "that is the chance for one unit: a layer of several has more chances to hold a dead one",
    }
    name = getattr(chance_dead, "__name__", "your function")
    try:
        first = chance_dead(2)
    except Exception:  # _check_consistently reports it as one line
        first = None
    if isinstance(first, int | float | np.number) and not isinstance(first, bool) and not 0 <= first <= 1:
        return _verdict(False, f"{name}(2) returned {first}: a probability lies between 0 and 1")
    return _check_consistently(chance_dead, cases, slips, hints, lambda units: f"{units} unit{'s' * (units > 1)}")
