"""The one place TensorFlow is imported, after quieting its start-up logging."""

import os
import sys


def load_tensorflow():
    """Import and return TensorFlow with its C++ INFO/WARNING lines and oneDNN turned off.

    setdefault keeps any value the learner chose. oneDNN is a library of fast CPU kernels that
    add floats in their own order, picked for the processor's instruction set: with it on,
    TensorFlow's last digits change with the processor, and TensorFlow prints a timestamped
    notice saying so into the notebook. It is not what makes runs repeat (on an x86 machine,
    runs repeated bit for bit with it on too), and turning it off does not make TensorFlow equal
    NumPy: the two add in different orders and differ in the last digits either way.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import tensorflow as tf

    tf.get_logger().addFilter(_hide_retracing_warning)  # added once, however often this runs
    return tf


RETRACING = "triggered tf.function retracing"
OWN_BACK_ENDS = ("xorutils.tf_net", "xorutils.keras_net")


def _hide_retracing_warning(record):
    """Hide TensorFlow's retracing warning when xorutils' own training raised it, and only then.

    Every train("keras") call builds a fresh model, and every new choice of activation, loss or
    optimizer a fresh compiled loop, on purpose; TensorFlow's advice not to is noise there. A
    learner's own tf.function that retraces should still be told. Logging filters run in the
    thread that logs, while TensorFlow is still inside the call that traced, so the call stack
    says whose call it was: the warning is hidden only if a back end of xorutils is on it.

    One limit remains, TensorFlow's: it counts retracing per Python function and warns at most
    twice for each. Keras' training step is one such function for every Keras model, so after
    train("keras") has used up those two warnings, a learner's own Keras models get none.
    """
    if RETRACING not in str(record.msg):  # TensorFlow formats this message before logging it
        return True
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") in OWN_BACK_ENDS:
            return False
        frame = frame.f_back
    return True
