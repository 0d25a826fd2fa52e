"""xorutils hides TensorFlow's retracing warning for its own training only, never for the learner's code."""

import subprocess
import sys

SCRIPT = """
import sys
import xorutils
from xorutils import _tensorflow, keras_net, tf_net  # both back ends loaded: the filter is in place

tf = _tensorflow.load_tensorflow()
logger = tf.get_logger()
hidden = []


def counting(record):  # xorutils' own filter, counting what it hides
    keep = _tensorflow._hide_retracing_warning(record)
    if not keep:
        hidden.append(record.getMessage())
    return keep


logger.removeFilter(_tensorflow._hide_retracing_warning)
logger.addFilter(counting)

# xorutils' own use: a fresh Keras model per run, a fresh compiled loop per choice of functions
for width in (2, 3, 4, 5, 6, 7):
    xorutils.train("keras", hidden_units=width, epochs=5)
for activation in ("relu", "sigmoid", "tanh", "linear"):
    for optimizer in ("sgd", "adam"):
        xorutils.train("tf", activation=activation, optimizer=optimizer, epochs=5)
sys.stderr.write("--- the learner's own code from here\\n")

add_one = tf.function(lambda x: x + 1)
for value in range(8):  # a Python number, not a tensor: each new value traces again
    add_one(float(value))
print(len(hidden), sum("TensorFlowTrainer" in m for m in hidden), sum("_compiled_loop" in m for m in hidden))
"""


def test_retracing_warning_hidden_for_xorutils_shown_for_the_learners_own_function():
    completed = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    hidden, from_keras, from_tf_net = map(int, completed.stdout.split())  # Keras' fit, our compiled loop
    assert from_keras >= 1 and from_tf_net >= 1, "both back ends did trigger the warning, and it was hidden"
    assert hidden == from_keras + from_tf_net, "nothing else was hidden"
    ours, learners = completed.stderr.split("--- the learner's own code from here\n")
    assert ours == "", "xorutils' own retracing printed nothing"
    assert "triggered tf.function retracing" in learners and "<lambda>" in learners
