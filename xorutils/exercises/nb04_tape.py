"""Checkers for notebook 04, tf.GradientTape."""

import numpy as np

from .. import numpy_net
from ..network import Network
from ._checking import _verdict


def check_tape_gradient(gradient_at):
    """Exercise of notebook 04: gradient_at(x) -> df/dx of f(x) = x**2 + 3x at x, computed with tf.GradientTape.

    "Right!" means the tape computed it: while gradient_at runs, its tape.gradient calls are
    recorded, so a right number without them (the formula 2*x + 3) is told to use the tape, and a
    None is blamed on the tape when tape.gradient gave None (an
    unwatched x, or f computed outside the `with` block), on a missing `return` only when every
    tape.gradient call gave a number.
    Tried at x of both signs, zero, a fraction and large ones, each exact in float32.
    """
    from .._tensorflow import load_tensorflow

    tf = load_tensorflow()
    name = getattr(gradient_at, "__name__", "your function")
    xs = [2.0, -1.5, 0.0, 0.25, -4.75, 10.0, 123.5]
    slips = {"f itself": lambda x: x**2 + 3 * x, "no 3x": lambda x: 2 * x, "no x**2": lambda x: 3.0}
    hints = {
        "f itself": "that is f(x); ask the tape for its slope with tape.gradient(f, x)",
        "no 3x": "the slope of 3x, which is 3, is missing: is 3 * x part of f inside the `with` block?",
        "no x**2": "that is the slope of 3x alone: is x**2 part of f inside the `with` block, computed by "
        "TensorFlow (x**2 or tf.square, not np.square, whose NumPy result the tape cannot follow)?",
    }
    for x in xs:
        tape_calls = []
        try:
            answer = _call_recording_tape(tf, gradient_at, (x,), tape_calls)
        except Exception as error:  # shown to the learner as one line, never a traceback
            if isinstance(error, _NotATensor):
                return _verdict(
                    False,
                    "f is not a tensor: a NumPy function (np.square, np.power, ...) turned it into NumPy, which "
                    "the tape cannot follow: use TensorFlow operations (x**2, tf.square) in the `with` block",
                )
            if tape_calls and not all(tf.is_tensor(source) for source in tf.nest.flatten(tape_calls[-1][0])):
                return _verdict(
                    False,
                    f"tape.gradient raised {type(error).__name__}: x is a plain number there, which the tape cannot "
                    "follow: x must be a tf.Variable (or tape.watch(x) for a constant) and f must be computed "
                    "inside the `with` block",
                )
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        unfollowed = [  # the sources a tape.gradient call gave None for
            source
            for sources, result in tape_calls
            for source, slope in zip(tf.nest.flatten(sources), tf.nest.flatten(result))
            if slope is None
        ]
        if answer is None or any(a is None for a in tf.nest.flatten(answer)):
            if any(getattr(source, "dtype", tf.float32).is_integer for source in unfollowed):
                return _verdict(
                    False,
                    "tape.gradient gave None: the tape follows only floating-point values, and x is an integer "
                    "tensor: keep x a float, e.g. tf.Variable(float(x))",
                )
            if any(isinstance(source, tf.Variable) and not source.trainable for source in unfollowed):
                return _verdict(
                    False,
                    "tape.gradient gave None: x is a tf.Variable made with trainable=False, which the tape skips on "
                    "purpose: leave it trainable (the default), or tape.watch(x)",
                )
            if unfollowed:
                return _verdict(
                    False,
                    "tape.gradient gave None: x must be a tf.Variable (or tape.watch(x) for a constant) "
                    "and f must be computed inside the `with` block, with TensorFlow operations (not through NumPy)",
                )
            if tape_calls:
                return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
            return _verdict(
                False, f"{name} returned None: compute f under a tf.GradientTape and `return` tape.gradient(f, x)"
            )
        if isinstance(answer, list | tuple):
            return _verdict(
                False,
                f"{name} returned a {type(answer).__name__}: return one number, "
                "tape.gradient(f, x) with x itself rather than [x]",
            )
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number")
        if value.shape != ():
            return _verdict(
                False,
                f"{name}({x}) should return one number, the slope at x, but its answer has shape {value.shape}: "
                "make x from the number itself, tf.Variable(x), not from a list",
            )
        if not np.isclose(value, 2 * x + 3, rtol=1e-6, atol=1e-6):
            for slip, wrong in slips.items():
                if np.isclose(value, wrong(x), rtol=1e-6, atol=1e-6):
                    return _verdict(False, hints[slip])
            return _verdict(False, f"for x = {x} the slope is off (got {float(value):.6g}, expected {2 * x + 3:g})")
        if not _from_tape(tf, [answer], tape_calls):
            return _verdict(
                False,
                f"{name}({x}) is the right number, but not from the tape (the formula?): "
                "compute it with tf.GradientTape and return tape.gradient(...)",
            )
    return _verdict(True, f"{name} gets f'(x) from the tape, right at {len(xs)} points from {min(xs)} to {max(xs)}.")


def _from_tape(tf, parts, tape_calls):
    """Whether each returned part equals what one of the recorded tape.gradient calls gave.

    Equal means equal to the last bit in float32, which a tape result keeps through .numpy(),
    float() or a cast to float64, and which NumPy's backprop of the same maths, rounding in its
    own order, misses. A call made while a tf.function traced records placeholders without
    numbers; those are taken on trust (the answer then came out of a graph the tape was part of).
    """
    results = [slope for _, result in tape_calls for slope in tf.nest.flatten(result) if slope is not None]
    if any(tf.is_tensor(slope) and not hasattr(slope, "numpy") for slope in results):
        return True
    results = [np.asarray(slope, dtype=np.float32) for slope in results if tf.is_tensor(slope)]
    for part in parts:  # equal to the last bit in float32: NumPy's own backprop rounds differently
        value = np.asarray(part, dtype=np.float32)
        if not any(np.array_equal(r, value) for r in results):
            return False
    return True


class _NotATensor(TypeError):
    """What the recorded tape.gradient raises for a target that left TensorFlow (TensorFlow's own error is obscure)."""


def _call_recording_tape(tf, function, arguments, calls):
    """Return function(*arguments), appending (sources, result) to calls for each tape.gradient call it makes.

    tf.GradientTape.gradient is wrapped for the length of the call, and always put back. A call
    that raises stays in calls with the result None. A call about tensors whose target is not a
    tensor (a NumPy value: the learner stepped out of TensorFlow) raises _NotATensor, which the
    checkers turn into a hint, in place of TensorFlow's obscure AttributeError.
    """
    original = tf.GradientTape.gradient

    def recording(tape, target, sources, *args, **kwargs):
        calls.append((sources, None))
        if all(tf.is_tensor(source) for source in tf.nest.flatten(sources)) and not all(
            tf.is_tensor(part) for part in tf.nest.flatten(target)
        ):
            raise _NotATensor(f"tape.gradient was asked about a {type(target).__name__}, not a tensor")
        calls[-1] = (sources, original(tape, target, sources, *args, **kwargs))
        return calls[-1][1]

    tf.GradientTape.gradient = recording
    try:
        return function(*arguments)
    finally:
        tf.GradientTape.gradient = original


def check_network_gradients(network_gradients):
    """Exercise of notebook 04: network_gradients(W1, b1, W2, b2, X, y) -> [dW1, db1, dW2, db2] by the tape.

    The network is the notebook's: h = relu(X W1 + b1), output = sigmoid(h W2 + b2), loss =
    mean((output - y)**2). The arrays come in as float32 NumPy arrays, which the tape does not
    watch. "Right!" means every gradient matches numpy_net.backward (in float64) on random
    networks of 2, 3 and 5 hidden units and random inputs X (not only the four corners) and
    targets y, in the order W1, b1, W2, b2, each of its parameter's shape, computed while
    tape.gradient was called. A None is blamed on an unwatched array; sums, missing
    activations, the cross-entropy, the update direction and a swapped order each get a hint.
    """
    from .._tensorflow import load_tensorflow

    tf = load_tensorflow()
    name = getattr(network_gradients, "__name__", "your function")
    rng = np.random.default_rng(4)
    for hidden, examples in ((2, 6), (3, 4), (5, 9)):
        W1, W2 = rng.normal(size=(2, hidden)), rng.normal(size=(hidden, 1))
        b1, b2 = rng.normal(size=hidden) * 0.5, rng.normal(size=1) * 0.5
        X, y = rng.normal(size=(examples, 2)), rng.integers(0, 2, size=(examples, 1)).astype(float)
        arrays = [a.astype(np.float32) for a in (W1, b1, W2, b2)]
        inputs = [a.astype(np.float32) for a in (X, y)]
        tape_calls = []
        try:
            answer = _call_recording_tape(tf, network_gradients, (*arrays, *inputs), tape_calls)
        except Exception as error:  # shown to the learner as one line, never a traceback
            if isinstance(error, _NotATensor):
                return _verdict(
                    False,
                    "the loss is not a tensor: a NumPy function (np.maximum, np.mean, ...) turned the values into "
                    "NumPy, which the tape cannot follow: use TensorFlow operations (tf.nn.relu, tf.sigmoid, "
                    "tf.reduce_mean) inside the `with` block",
                )
            if tape_calls and not all(tf.is_tensor(source) for source in tf.nest.flatten(tape_calls[-1][0])):
                return _verdict(
                    False,
                    f"tape.gradient raised {type(error).__name__}: it was asked about NumPy arrays, which the tape "
                    "cannot follow: make each weight a tf.Variable and ask about those variables",
                )
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        flat = [] if answer is None else tf.nest.flatten(answer)
        if any(g is None for g in flat) or (answer is None and _gave_none(tf, tape_calls)):
            return _verdict(
                False,
                "tape.gradient gave None: the weights arrive as NumPy arrays, and the tape watches only "
                "tf.Variables (or what you tape.watch): make each weight a tf.Variable before the `with` block, "
                "and compute the loss from those variables inside it, with TensorFlow operations (not through NumPy)",
            )
        if answer is None:
            if tape_calls:
                return _verdict(False, f"{name} returned None: did you forget to `return` the gradients?")
            return _verdict(
                False,
                f"{name} returned None: compute the loss under a tf.GradientTape and `return` "
                "tape.gradient(loss, [W1, b1, W2, b2])",
            )
        try:
            flat = [np.asarray(g, dtype=float) for g in flat]
        except (TypeError, ValueError):
            return _verdict(False, f"{name} should return four arrays of numbers, [dW1, db1, dW2, db2]")
        if len(flat) != 4:
            return _verdict(False, f"{name} returned {len(flat)} arrays; return four: [dW1, db1, dW2, db2]")
        shapes = [a.shape for a in arrays]
        expected = _backward(arrays, inputs, "relu", "sigmoid", "mse")
        if [g.shape for g in flat] != shapes:
            if sorted(map(str, (g.shape for g in flat))) == sorted(map(str, shapes)):
                return _verdict(
                    False,
                    "the gradients come in the wrong order: return them as "
                    "[dW1, db1, dW2, db2], the order of the arguments W1, b1, W2, b2",
                )
            return _verdict(
                False,
                f"each gradient has its parameter's shape, {[tuple(s) for s in shapes]}; yours have "
                f"{[g.shape for g in flat]}",
            )
        if not _close(flat, expected):
            slips = {
                "the loss summed over the examples rather than averaged: use the mean (tf.reduce_mean)": [
                    g * len(y) for g in expected
                ],
                "half the gradient: the loss here is mean((output - y)**2), with no 1/2 in front": [
                    g / 2 for g in expected
                ],
                "minus the gradient (the direction of the update): return tape.gradient(...) as it is": [
                    -g for g in expected
                ],
                "the output should go through a sigmoid: output = sigmoid(h W2 + b2)": _backward(
                    arrays, inputs, "relu", "linear", "mse"
                ),
                "the hidden layer should use ReLU: h = relu(X W1 + b1)": _backward(
                    arrays, inputs, "linear", "sigmoid", "mse"
                ),
                "that is the cross-entropy's gradient; this exercise's loss is the mean squared error": _backward(
                    arrays, inputs, "relu", "sigmoid", "binary_crossentropy"
                ),
            }
            for activation in ("sigmoid", "tanh"):
                slips["the hidden layer should use ReLU, not " + activation] = _backward(
                    arrays, inputs, activation, "sigmoid", "mse"
                )
            for hint, wrong in slips.items():
                if _close(flat, wrong):
                    return _verdict(False, hint)
            corners = _backward(
                arrays,
                [np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32), np.array([[0], [1], [1], [0]], np.float32)],
                "relu",
                "sigmoid",
                "mse",
            )
            if _close(flat, corners):
                return _verdict(False, "those are the gradients on the four XOR corners: use the X and y passed in")
            worst = ["dW1", "db1", "dW2", "db2"][int(np.argmax([np.abs(g - e).max() for g, e in zip(flat, expected)]))]
            return _verdict(False, f"on a random {hidden}-unit network the gradients are off, most in {worst}")
        if not _from_tape(tf, flat, tape_calls):
            return _verdict(
                False,
                "the right numbers, but not from the tape: compute the loss under a "
                "tf.GradientTape and return tape.gradient(loss, [W1, b1, W2, b2])",
            )
    return _verdict(True, f"{name} gets every gradient from the tape, right on 3 random networks and inputs.")


def _gave_none(tf, tape_calls):
    return any(slope is None for _, result in tape_calls for slope in tf.nest.flatten(result))


def _backward(arrays, inputs, activation, output_activation, loss):
    """numpy_net.backward in float64 for the network W1, b1, W2, b2: a flat list of its gradients."""
    arrays = [a.astype(float) for a in arrays]
    network = Network([(arrays[0], arrays[1]), (arrays[2], arrays[3])], activation, output_activation)
    X, y = (a.astype(float) for a in inputs)
    zs, activations = numpy_net.forward(network, X)
    return [g for pair in numpy_net.backward(network, zs, activations, y, loss) for g in pair]


def _close(answer, expected):
    return all(np.allclose(a, e, rtol=1e-4, atol=1e-6) for a, e in zip(answer, expected))


def check_traced_once(slope):
    """Exercise of notebook 04: slope, a tf.function giving f'(x) for f(x) = x**2 + 3x by the tape, traced once.

    "Right!" means slope is a tf.function, right at six Python floats of both signs, traced at
    most once while the checker calls it with those six new values (a Python float is part of
    the trace's key, so a plain tf.function traces again for each), and its Python function,
    run eagerly on a constant with the tape recorded, returns what tape.gradient gave. A None is
    blamed on an unwatched x only when tape.gradient gave None, on a missing `return` otherwise;
    TensorFlow's retracing warnings are held back while the checker runs (the hint says it).
    """
    from .._tensorflow import load_tensorflow

    tf = load_tensorflow()
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")  # a plain tf.function retraces here on purpose: its warning is the hint's job
    try:
        return _check_traced_once(tf, slope)
    finally:
        logger.setLevel(level)


def _check_traced_once(tf, slope):
    name = getattr(slope, "__name__", "your function")
    if not hasattr(slope, "experimental_get_tracing_count"):
        return _verdict(
            False, f"{name} is a plain Python function: make it a tf.function (decorate it with @tf.function)"
        )
    xs = [1.0 + 1 / 3, -2.5, 0.0, 7.25, -0.125, 31.0]  # values a learner is unlikely to have called it with
    before = slope.experimental_get_tracing_count()
    for x in xs:
        try:
            answer = slope(x)
        except Exception as error:  # shown to the learner as one line, never a traceback
            if "singleton tf.Variables" in str(error):
                return _verdict(
                    False,
                    f"{name}({x}) raised {type(error).__name__}: it makes a tf.Variable, and a tf.function may "
                    "create a Variable only on its first call. Inside a tf.function x is already a tensor: "
                    "drop tf.Variable(x) and tape.watch(x) instead",
                )
            if "of type 'float'" in str(error):
                return _verdict(
                    False,
                    f"{name}({x}) raised {type(error).__name__}: x arrived as a Python float, which the tape "
                    "cannot watch: an input_signature, [tf.TensorSpec([], tf.float32)], makes every x a float32 "
                    "tensor (and one trace serves them all)",
                )
            last_line = [line for line in str(error).splitlines() if line.strip()][-1:] or [""]
            return _verdict(False, f"{name}({x}) raised {type(error).__name__}: {last_line[0].strip()}")
        if answer is None or any(a is None for a in tf.nest.flatten(answer)):
            tape_calls = []
            try:  # run its Python code eagerly, to see whether the tape gave the None
                _call_recording_tape(tf, slope.python_function, (tf.constant(x),), tape_calls)
            except Exception:
                pass
            if not tape_calls:
                return _verdict(
                    False,
                    f"{name} returned None: compute f under a tf.GradientTape inside it and `return` "
                    "tape.gradient(f, x)",
                )
            if not _gave_none(tf, tape_calls):
                return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
            return _verdict(
                False,
                f"tape.gradient gave None: inside {name}, x must be watched (tape.watch(x): a tf.function's "
                "argument is a tensor, not a Variable) and f computed inside the `with` block",
            )
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number")
        if value.shape != () or not np.isclose(value, 2 * np.float32(x) + 3, rtol=1e-6, atol=1e-5):
            return _verdict(False, f"{name}({x}) should be f'(x) = {2 * x + 3:g}; it gave {value.ravel()[:3].tolist()}")
    traces = slope.experimental_get_tracing_count() - before
    if traces > 1:
        return _verdict(
            False,
            f"right values, but {name} was traced {traces} times for {len(xs)} new Python floats: each new value "
            "traces it again (the retracing warnings TensorFlow logs say the same). Give it an input_signature, "
            "[tf.TensorSpec([], tf.float32)], so every float becomes a float32 tensor of one traced graph",
        )
    tape_calls = []
    try:
        value = _call_recording_tape(tf, slope.python_function, (tf.constant(xs[1]),), tape_calls)
    except Exception as error:
        return _verdict(False, f"{name}'s Python function raised {type(error).__name__}: {error}")
    if not tape_calls or not _from_tape(tf, [value], tape_calls):
        return _verdict(
            False,
            f"{name} gives the right numbers, but not as tape.gradient gave them (the formula?): "
            "compute f under a tf.GradientTape inside it and return tape.gradient(f, x)",
        )
    return _verdict(True, f"{name} is traced at most once for {len(xs)} new floats, and right at each by the tape.")


def check_train_in_place(train):
    """Exercise of notebook 04: repair a hand training loop whose second gradient comes back None.

    train(parameters, X, y, epochs, learning_rate) gets a list of tf.Variables [W1, b1, W2, b2]
    of a relu-sigmoid network with the mean squared error, runs `epochs` steps of gradient
    descent with the tape, and returns the loss of each epoch (before its update). "Right!"
    means the Variables passed in (the caller's own objects, not the list) end where NumPy's
    backprop puts them after those steps, on random networks of 3 and 5 hidden units with
    random inputs and targets, with the right losses, and with tape.gradient called every epoch
    and never giving None. A loop that rebinds its names (p = p - learning_rate * g, a fresh
    tf.Variable, a watched tensor) leaves the caller's Variables behind and is told so, as are
    the sign of the update, a missing learning rate and a single step.
    """
    from .._tensorflow import load_tensorflow

    tf = load_tensorflow()
    name = getattr(train, "__name__", "your function")
    rng = np.random.default_rng(8)
    epochs, learning_rate = 3, 0.5
    for hidden, examples in ((3, 6), (5, 8)):
        arrays = [
            rng.normal(size=(2, hidden)),
            rng.normal(size=hidden) * 0.5,
            rng.normal(size=(hidden, 1)),
            rng.normal(size=1) * 0.5,
        ]
        arrays = [a.astype(np.float32) for a in arrays]
        X = rng.normal(size=(examples, 2)).astype(np.float32)
        y = rng.integers(0, 2, size=(examples, 1)).astype(np.float32)
        variables = [tf.Variable(a) for a in arrays]
        tape_calls = []
        try:
            answer = _call_recording_tape(
                tf, train, (list(variables), tf.constant(X), tf.constant(y), epochs, learning_rate), tape_calls
            )
        except Exception as error:  # shown to the learner as one line, never a traceback
            if _rebound(tf, tape_calls):
                return _verdict(
                    False,
                    f"{name} raised {type(error).__name__}: tape.gradient gave None on epoch {len(tape_calls)}, "
                    "for sources that are plain tensors, not tf.Variables, and the tape watches only variables. "
                    "What does the update of the epoch before turn `parameters` into?",
                )
            if isinstance(error, _NotATensor) or _gave_none(tf, tape_calls):
                return _verdict(
                    False,
                    f"{name} raised {type(error).__name__} after tape.gradient gave None: compute the loss from "
                    "the variables inside the `with` block, with TensorFlow operations (not through NumPy)",
                )
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        trained = [v.numpy().astype(float) for v in variables]
        steps = {
            "right": _sgd(arrays, X, y, epochs, learning_rate),
            "up": _sgd(arrays, X, y, epochs, -learning_rate),
            "no rate": _sgd(arrays, X, y, epochs, 1.0),
            "one step": _sgd(arrays, X, y, 1, learning_rate),
        }
        if _close(trained, [a.astype(float) for a in arrays]):
            return _verdict(
                False,
                "the variables passed in did not change: `p = p - learning_rate * g` (or a new tf.Variable, or "
                "a new list) gives the name a new value and leaves the caller's variable behind, which is why "
                "the broken loop's next tape saw no variable. Change each variable itself: "
                "p.assign_sub(learning_rate * g)",
            )
        if not _close(trained, steps["right"][0]):
            hints = {
                "up": "the weights moved uphill: subtract learning_rate * g (assign_sub), do not add it",
                "no rate": "the weights moved by the whole gradient: multiply it by learning_rate",
                "one step": f"the weights moved by one step only; {name} should take `epochs` steps",
            }
            for slip, hint in hints.items():
                if _close(trained, steps[slip][0]):
                    return _verdict(False, hint)
            return _verdict(
                False,
                f"after {epochs} epochs at learning rate {learning_rate} on a random {hidden}-unit network the "
                "weights are off: each epoch, compute the loss under the tape, then p.assign_sub(learning_rate * g)",
            )
        if answer is None:
            return _verdict(False, f"{name} returned None: did you forget to `return` the list of losses?")
        try:
            losses = np.asarray([float(loss) for loss in answer])
        except (TypeError, ValueError):
            return _verdict(False, f"{name} should return a list of {epochs} losses, one per epoch")
        if len(losses) != epochs or not np.allclose(losses, steps["right"][1], rtol=1e-4, atol=1e-6):
            return _verdict(
                False,
                f"the weights are right, but the losses are not: return {epochs} numbers, each epoch's loss "
                "computed before that epoch's update",
            )
        if len(tape_calls) < epochs or _gave_none(tf, tape_calls):
            return _verdict(
                False,
                "the right weights, but not by tape.gradient on every epoch: ask the tape for the gradients "
                "in each epoch's step",
            )
    return _verdict(True, f"{name} trains the variables it is given in place, right on 2 random networks and inputs.")


def _rebound(tf, tape_calls):
    """Whether a tape.gradient call gave None for sources that are plain tensors rather than Variables."""
    return any(
        any(slope is None for slope in tf.nest.flatten(result))
        and not all(isinstance(source, tf.Variable) for source in tf.nest.flatten(sources))
        for sources, result in tape_calls
    )


def _sgd(arrays, X, y, epochs, learning_rate):
    """NumPy's backprop (float64): the weights after `epochs` steps of gradient descent and each epoch's loss."""
    arrays = [a.astype(float) for a in arrays]
    X, y = X.astype(float), y.astype(float)
    losses = []
    for _ in range(epochs):
        network = Network([(arrays[0], arrays[1]), (arrays[2], arrays[3])], "relu", "sigmoid")
        zs, activations = numpy_net.forward(network, X)
        losses.append(float(np.mean((activations[-1] - y) ** 2)))
        gradients = [g for pair in numpy_net.backward(network, zs, activations, y, "mse") for g in pair]
        arrays = [a - learning_rate * g for a, g in zip(arrays, gradients)]
    return arrays, losses
