"""Checkers for notebook 04, tf.GradientTape."""

import numpy as np

from ._checking import _verdict


def check_tape_gradient(gradient_at):
    """Exercise of notebook 04: gradient_at(x) -> df/dx of f(x) = x**2 + 3x at x, computed with tf.GradientTape.

    "Right!" means the tape computed it: while gradient_at runs, its tape.gradient calls are
    recorded, so a right number without them (the formula 2*x + 3) is told to use the tape, and a
    None is blamed on the tape when tape.gradient gave None, on a missing `return` otherwise.
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
        "no x**2": "that is the slope of 3x alone: is x**2 part of f inside the `with` block?",
    }
    for x in xs:
        tape_calls = []
        try:
            answer = _call_recording_tape(tf, gradient_at, x, tape_calls)
        except Exception as error:  # shown to the learner as one line, never a traceback
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
            if unfollowed:
                return _verdict(
                    False,
                    "tape.gradient gave None: x must be a tf.Variable (or tape.watch(x) for a constant) "
                    "and f must be computed inside the `with` block",
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
        if not tape_calls:
            return _verdict(
                False,
                f"{name}({x}) is the right number, but not from the tape (the formula?): "
                "compute it with tf.GradientTape and return tape.gradient(...)",
            )
    return _verdict(True, f"{name} gets f'(x) from the tape, right at {len(xs)} points from {min(xs)} to {max(xs)}.")


def _call_recording_tape(tf, function, x, calls):
    """Return function(x), appending (sources, result) to calls for each tape.gradient call it makes.

    tf.GradientTape.gradient is wrapped for the length of the call, and always put back. A call
    that raises stays in calls with the result None.
    """
    original = tf.GradientTape.gradient

    def recording(tape, target, sources, *args, **kwargs):
        calls.append((sources, None))
        calls[-1] = (sources, original(tape, target, sources, *args, **kwargs))
        return calls[-1][1]

    tf.GradientTape.gradient = recording
    try:
        return function(x)
    finally:
        tf.GradientTape.gradient = original
