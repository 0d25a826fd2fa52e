"""How every checker runs the learner's function and words its verdict."""

import numpy as np


def _check(function, cases, slips, hints):
    """Run function on every (arguments, expected) case; name a known slip when the answer matches one."""
    name = getattr(function, "__name__", "your function")
    for arguments, expected in cases:
        try:
            answer = function(*arguments)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        if answer is None:
            return _verdict(False, f"{name} returned None: did you forget to `return` the result?")
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return _verdict(False, f"{name} returned {answer!r}, which is not a number or array of numbers")
        expected = np.asarray(expected, dtype=float)
        if answer.shape != expected.shape and answer.size == expected.size:
            answer = answer.reshape(expected.shape)
        if answer.shape != expected.shape:
            return _verdict(False, f"the answer should have shape {expected.shape}; yours has {answer.shape}")
        if not np.allclose(answer, expected, atol=1e-6):
            for slip, wrong in slips.items():
                if np.allclose(answer, np.asarray(wrong(*arguments), dtype=float).reshape(expected.shape), atol=1e-6):
                    return _verdict(False, hints[slip])
            shown = ", ".join(repr(a) if not hasattr(a, "shape") else f"an array of shape {a.shape}" for a in arguments)
            return _verdict(False, f"for {shown} the answer is off (got {np.round(answer, 4).ravel().tolist()})")
    return _verdict(True, f"{name} gives the right answer on {len(cases)} test case{'s' if len(cases) > 1 else ''}.")


def _verdict(right, message):
    print(("Right! " if right else "Not yet: ") + message)
