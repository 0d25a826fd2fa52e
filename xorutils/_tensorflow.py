"""The one place TensorFlow is imported, after quieting its start-up logging."""

import os


def load_tensorflow():
    """Import and return TensorFlow with its C++ INFO/WARNING lines and oneDNN notice turned off.

    setdefault keeps any value the learner chose. oneDNN's reordered float sums are off too,
    so runs repeat bit for bit and stay closest to the NumPy back end.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import tensorflow as tf

    tf.get_logger().addFilter(_hide_retracing_warning)
    return tf


def _hide_retracing_warning(record):
    """Every train() call builds a fresh model and graph on purpose; TensorFlow's advice not to is noise here."""
    return "triggered tf.function retracing" not in record.getMessage()
