"""Notebook 04's checkers: the tape's gradients of the XOR network, a tf.function traced once, a loop repaired.

check_tape_gradient's tests are in test_exercises.py.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from xorutils import exercises

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_gradient_tape.ipynb"


def _tf():
    from xorutils._tensorflow import load_tensorflow  # quiets TensorFlow's start-up lines first

    return load_tensorflow()


def _verdict(checker, answer, capsys):
    checker(answer)
    printed = capsys.readouterr().out
    assert "Traceback" not in printed
    return printed


def test_tape_gradient_names_numpy_for_the_lost_x_squared(capsys):
    def numpy_square(x):
        tf = _tf()
        x = tf.Variable(x)
        with tf.GradientTape() as tape:
            f = np.square(x) + 3 * x
        return tape.gradient(f, x)

    printed = _verdict(exercises.check_tape_gradient, numpy_square, capsys)
    assert printed.startswith("Not yet: ") and "not np.square" in printed, printed


def test_tape_gradient_names_numpy_for_a_none_too(capsys):
    def through_numpy(x):
        tf = _tf()
        x = tf.Variable(x)
        with tf.GradientTape() as tape:
            f = tf.constant(x.numpy() ** 2 + 3 * x.numpy())
        return tape.gradient(f, x)

    printed = _verdict(exercises.check_tape_gradient, through_numpy, capsys)
    assert printed.startswith("Not yet: ") and "gave None" in printed and "not through NumPy" in printed, printed
    assert "`return`" not in printed


def formula_after_an_unrelated_tape(x):
    tf = _tf()
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        z = v * v
    tape.gradient(z, v)  # a tape was used, but not for f
    return 2 * x + 3


def frozen_variable(x):
    tf = _tf()
    x = tf.Variable(x, trainable=False)
    with tf.GradientTape() as tape:
        f = x**2 + 3 * x
    return tape.gradient(f, x)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (formula_after_an_unrelated_tape, "not from the tape"),
        (frozen_variable, "trainable=False, which the tape skips"),
    ],
    ids=["formula after an unrelated tape", "trainable=False"],
)
def test_tape_gradient_names_more_slips(answer, hint, capsys):
    printed = _verdict(exercises.check_tape_gradient, answer, capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed


# check_network_gradients: h = relu(X W1 + b1), output = sigmoid(h W2 + b2), loss = mean((output - y)**2)
def taped(W1, b1, W2, b2, X, y, hidden="relu", output="sigmoid", loss="mse", scale=1.0, variables=True):
    tf = _tf()
    act = {"relu": tf.nn.relu, "tanh": tf.tanh, "sigmoid": tf.sigmoid, "linear": tf.identity}
    weights = [tf.Variable(a) if variables else tf.constant(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        z = act[hidden](X @ weights[0] + weights[1]) @ weights[2] + weights[3]
        if loss == "mse":
            value = tf.reduce_mean((act[output](z) - y) ** 2) * scale
        else:
            value = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    return tape.gradient(value, weights)


def by_hand(W1, b1, W2, b2, X, y):
    from xorutils import Network, numpy_net

    network = Network([(W1, b1), (W2, b2)], "relu", "sigmoid")
    zs, activations = numpy_net.forward(network, X)
    return [g for pair in numpy_net.backward(network, zs, activations, y, "mse") for g in pair]


def numpy_arrays_as_sources(W1, b1, W2, b2, X, y):
    tf = _tf()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.sigmoid(tf.nn.relu(X @ W1 + b1) @ W2 + b2) - y) ** 2)
    return tape.gradient(loss, [W1, b1, W2, b2])


def numpy_inside(W1, b1, W2, b2, X, y):
    tf = _tf()
    weights = [tf.Variable(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        hidden = np.maximum(tf.matmul(X, weights[0]) + weights[1], 0)  # NumPy: the tape loses the trail
        loss = np.mean((tf.sigmoid(tf.matmul(hidden, weights[2]) + weights[3]) - y) ** 2)
    return tape.gradient(loss, weights)


def not_returned(*arguments):
    taped(*arguments)


def backward_after_a_tape(W1, b1, W2, b2, X, y):
    taped(W1, b1, W2, b2, X, y)  # the tape's gradients, computed and thrown away
    return by_hand(W1, b1, W2, b2, X, y)


NETWORK_RIGHT = {
    "variables": taped,
    "as NumPy arrays": lambda *a: [g.numpy() for g in taped(*a)],
    "as (dW, db) pairs": lambda *a: [tuple(taped(*a)[:2]), tuple(taped(*a)[2:])],
    "watched constants": lambda *a: (lambda tf: _watched(tf, *a))(_tf()),
}


def _watched(tf, W1, b1, W2, b2, X, y):
    weights = [tf.constant(a) for a in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        tape.watch(weights)
        loss = tf.reduce_mean((tf.sigmoid(tf.nn.relu(X @ weights[0] + weights[1]) @ weights[2] + weights[3]) - y) ** 2)
    return tape.gradient(loss, weights)


NETWORK_WRONG = {
    "unwatched constants": (lambda *a: taped(*a, variables=False), "the tape watches only tf.Variables"),
    "NumPy arrays as sources": (numpy_arrays_as_sources, "NumPy arrays, which the tape cannot follow"),
    "backprop by hand": (by_hand, "not from the tape"),
    "backprop by hand after a tape": (backward_after_a_tape, "not from the tape"),
    "summed loss": (lambda *a: taped(*a, scale=len(a[5])), "summed over the examples"),
    "half the loss": (lambda *a: taped(*a, scale=0.5), "no 1/2 in front"),
    "the update direction": (lambda *a: taped(*a, scale=-1.0), "minus the gradient"),
    "no output sigmoid": (lambda *a: taped(*a, output="linear"), "go through a sigmoid"),
    "no hidden ReLU": (lambda *a: taped(*a, hidden="linear"), "should use ReLU"),
    "tanh hidden": (lambda *a: taped(*a, hidden="tanh"), "should use ReLU, not tanh"),
    "cross-entropy": (lambda *a: taped(*a, loss="bce"), "cross-entropy"),
    "the XOR corners": (
        lambda W1, b1, W2, b2, X, y: taped(
            W1,
            b1,
            W2,
            b2,
            np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32),
            np.array([[0], [1], [1], [0]], np.float32),
        ),
        "the four XOR corners",
    ),
    "swapped layers": (lambda *a: taped(*a)[2:] + taped(*a)[:2], "wrong order"),
    "weights only": (lambda *a: taped(*a)[0::2], "returned 2 arrays"),
    "NumPy inside the tape": (numpy_inside, "a NumPy function (np.maximum, np.mean, ...)"),
    "no return": (not_returned, "forget to `return`"),
    "the starter code": (lambda *a: None, "under a tf.GradientTape"),
    "raises": (lambda *a: 1 / 0, "raised ZeroDivisionError"),
}


@pytest.mark.parametrize("answer", NETWORK_RIGHT.values(), ids=NETWORK_RIGHT)
def test_network_gradients_accepts_the_tapes_gradients(answer, capsys):
    assert _verdict(exercises.check_network_gradients, answer, capsys).startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), NETWORK_WRONG.values(), ids=NETWORK_WRONG)
def test_network_gradients_names_the_slip(answer, hint, capsys):
    printed = _verdict(exercises.check_network_gradients, answer, capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed
    if "gave None" in printed:
        assert "`return`" not in printed  # the unwatched tensor is to blame, not a missing return


# check_traced_once: a tf.function for f'(x) of f = x**2 + 3x, by the tape, traced once for many floats
def slope_body(x):
    tf = _tf()
    with tf.GradientTape() as tape:
        tape.watch(x)
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def test_traced_once_accepts_an_input_signature(capsys):
    tf = _tf()
    slope = tf.function(slope_body, input_signature=[tf.TensorSpec([], tf.float32)])
    assert _verdict(exercises.check_traced_once, slope, capsys).startswith("Right! ")


def unwatched_body(x):
    tf = _tf()
    with tf.GradientTape() as tape:
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def converting_body(x):
    return slope_body(_tf().convert_to_tensor(x, _tf().float32))


def not_returned_body(x):
    slope_body(x)


def formula_after_a_tape_body(x):
    tf = _tf()
    with tf.GradientTape() as tape:
        tape.watch(x)
        f = x**2
    tape.gradient(f, x)  # the tape's answer, for x**2 only, thrown away
    return 2 * x + 3


def variable_body(x):
    tf = _tf()
    x = tf.Variable(x)  # Exercise 1's first line, copied into a tf.function
    with tf.GradientTape() as tape:
        f = x**2 + 3 * x
    return tape.gradient(f, x)


def signed(body):
    return _tf().function(body, input_signature=[_tf().TensorSpec([], _tf().float32)])


TRACED_WRONG = {
    "retraces for each float": (lambda tf: tf.function(converting_body), "traced 6 times"),
    "watches a Python float": (lambda tf: tf.function(slope_body), "x arrived as a Python float"),
    "not a tf.function": (lambda tf: slope_body, "plain Python function"),
    "unwatched argument": (
        lambda tf: tf.function(unwatched_body, input_signature=[tf.TensorSpec([], tf.float32)]),
        "tape.gradient gave None: inside unwatched_body, x must be watched",
    ),
    "the starter code": (lambda tf: tf.function(lambda x: None), "returned None: compute f under"),
    "the formula": (
        lambda tf: tf.function(lambda x: 2 * x + 3, input_signature=[tf.TensorSpec([], tf.float32)]),
        "not as tape.gradient gave them",
    ),
    "no return": (lambda tf: signed(not_returned_body), "did you forget to `return`"),
    "the formula after a tape": (lambda tf: signed(formula_after_a_tape_body), "not as tape.gradient gave them"),
    "a tf.Variable inside": (lambda tf: signed(variable_body), "may create a Variable only on its first call"),
    "f itself": (
        lambda tf: tf.function(lambda x: x**2 + 3 * x, input_signature=[tf.TensorSpec([], tf.float32)]),
        "should be f'(x)",
    ),
}


@pytest.mark.parametrize(("make", "hint"), TRACED_WRONG.values(), ids=TRACED_WRONG)
def test_traced_once_names_the_slip(make, hint, capsys):
    printed = _verdict(exercises.check_traced_once, make(_tf()), capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed
    if "gave None" in printed:
        assert "`return`" not in printed
    if "`return`" in printed:
        assert "gave None" not in printed  # the tape gave a number: only the return is missing


def test_traced_once_holds_back_tensorflows_retracing_warning_and_restores_the_logger(capsys, caplog):
    tf = _tf()
    level = tf.get_logger().level
    printed = _verdict(exercises.check_traced_once, tf.function(converting_body), capsys)
    assert "traced 6 times" in printed
    assert "retracing" not in caplog.text
    assert tf.get_logger().level == level


# check_train_in_place: a hand loop whose update rebinds its names, repaired to update the Variables in place
def train_loop(update, epochs_run=None, watch=False, rate=True, returns=True):
    def train(parameters, X, y, epochs, learning_rate):
        from xorutils import tf_net

        tf = _tf()
        losses = []
        for _ in range(epochs_run or epochs):
            with tf.GradientTape() as tape:
                if watch:
                    tape.watch(parameters)
                z_out, output = tf_net.forward(parameters, X, "relu", "sigmoid")
                loss = tf_net.loss_value("mse", z_out, output, y)
            gradients = tape.gradient(loss, parameters)
            parameters = update(parameters, gradients, learning_rate if rate else 1.0)
            losses.append(float(loss))
        return losses if returns else None

    return train


def assign_sub(parameters, gradients, learning_rate):
    for parameter, gradient in zip(parameters, gradients):
        parameter.assign_sub(learning_rate * gradient)
    return parameters


def assign_add(parameters, gradients, learning_rate):
    for parameter, gradient in zip(parameters, gradients):
        parameter.assign_add(learning_rate * gradient)
    return parameters


def rebind(parameters, gradients, learning_rate):
    return [p - learning_rate * g for p, g in zip(parameters, gradients)]


def new_variables(parameters, gradients, learning_rate):
    return [_tf().Variable(p - learning_rate * g) for p, g in zip(parameters, gradients)]


def keras_optimizer(parameters, X, y, epochs, learning_rate):
    import keras

    from xorutils import tf_net

    tf = _tf()
    optimizer, losses = keras.optimizers.SGD(learning_rate), []
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            z_out, output = tf_net.forward(parameters, X, "relu", "sigmoid")
            loss = tf_net.loss_value("mse", z_out, output, y)
        optimizer.apply_gradients(zip(tape.gradient(loss, parameters), parameters))
        losses.append(loss)
    return losses


def by_hand_in_place(parameters, X, y, epochs, learning_rate):
    from xorutils import Network, numpy_net

    losses = []
    for _ in range(epochs):
        arrays = [p.numpy() for p in parameters]
        network = Network([(arrays[0], arrays[1]), (arrays[2], arrays[3])], "relu", "sigmoid")
        zs, activations = numpy_net.forward(network, X.numpy())
        losses.append(float(np.mean((activations[-1] - y.numpy()) ** 2)))
        gradients = [g for pair in numpy_net.backward(network, zs, activations, y.numpy(), "mse") for g in pair]
        assign_sub(parameters, gradients, learning_rate)
    return losses


TRAIN_RIGHT = {"assign_sub": train_loop(assign_sub), "a Keras optimizer": keras_optimizer}

TRAIN_WRONG = {
    "the broken loop": (train_loop(rebind), "tape.gradient gave None on epoch 2"),
    "new Variables each epoch": (train_loop(new_variables), "the variables passed in did not change"),
    "watched tensors, rebound": (train_loop(rebind, watch=True), "the variables passed in did not change"),
    "uphill": (train_loop(assign_add), "subtract learning_rate * g"),
    "no learning rate": (train_loop(assign_sub, rate=False), "multiply it by learning_rate"),
    "one epoch": (train_loop(assign_sub, epochs_run=1), "one step only"),
    "no return": (train_loop(assign_sub, returns=False), "forget to `return` the list of losses"),
    "backprop by hand": (by_hand_in_place, "not by tape.gradient"),
    "raises": (lambda *a: 1 / 0, "raised ZeroDivisionError"),
}


@pytest.mark.parametrize("answer", TRAIN_RIGHT.values(), ids=TRAIN_RIGHT)
def test_train_in_place_accepts_an_update_in_place(answer, capsys):
    assert _verdict(exercises.check_train_in_place, answer, capsys).startswith("Right! ")


@pytest.mark.parametrize(("answer", "hint"), TRAIN_WRONG.values(), ids=TRAIN_WRONG)
def test_train_in_place_names_the_slip(answer, hint, capsys):
    printed = _verdict(exercises.check_train_in_place, answer, capsys)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def solutions():
    """The code of each hidden solution in notebook 04, by the function it defines."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    found = {}
    for cell in cells:
        source = "".join(cell["source"])
        if "<details><summary>Solution" in source:
            for code in re.findall(r"```python\n(.*?)```", source, flags=re.S):
                defined = re.search(r"def (\w+)\(", code)
                if defined:  # a worked answer without a function has no checker
                    found[defined.group(1)] = code
    return found


@pytest.mark.parametrize(
    ("function", "checker"),
    [
        ("network_gradients", "check_network_gradients"),
        ("slope", "check_traced_once"),
        ("train", "check_train_in_place"),
    ],
)
def test_the_notebooks_solutions_pass_their_checkers(function, checker, capsys):
    from xorutils import tf_net

    namespace = {"tf": _tf(), "np": np, "tf_net": tf_net}
    exec(solutions()[function], namespace)
    getattr(exercises, checker)(namespace[function])
    assert capsys.readouterr().out.startswith("Right! ")
