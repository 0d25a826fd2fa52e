"""The same network trained with tf.GradientTape: TensorFlow works out the gradients for us.

The maths matches numpy_net.py line for line (forward pass, loss, SGD or Adam step); only the
backward pass is gone, replaced by ``tape.gradient``. The whole training loop is compiled into
one TensorFlow graph with ``tf.function``, which runs it many times faster than eager Python.
"""

import functools

import numpy as np

from ._tensorflow import load_tensorflow

tf = load_tensorflow()

ACTIVATIONS = {"relu": tf.nn.relu, "sigmoid": tf.sigmoid, "tanh": tf.tanh, "linear": tf.identity}


def forward(parameters, X, activation, output_activation):
    """Return (z_out, output) for X; parameters is the flat list [W1, b1, W2, b2, ...]."""
    a = X
    last = len(parameters) // 2 - 1
    for index in range(last + 1):
        W, b = parameters[2 * index], parameters[2 * index + 1]
        z = tf.matmul(a, W) + b
        a = ACTIVATIONS[output_activation if index == last else activation](z)
    return z, a


def loss_value(loss, z_out, output, y):
    """The same losses as numpy_net.loss_value; cross-entropy computed from z_out for stability."""
    if loss == "mse":
        return tf.reduce_mean(tf.square(output - y))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z_out))


def gradients(network, X, y, loss):
    """dLoss/dparameter for every parameter of network, by tf.GradientTape, as NumPy (dW, db) pairs."""
    parameters = [tf.Variable(array) for array in network.arrays()]
    with tf.GradientTape() as tape:
        z_out, output = forward(parameters, tf.constant(X, tf.float32), network.activation, network.output_activation)
        value = loss_value(loss, z_out, output, tf.constant(y, tf.float32))
    return network.with_arrays([g.numpy() for g in tape.gradient(value, parameters)]).layers


RECORDED = ("loss", "accuracy", "test_loss", "test_accuracy")


def penalty(parameters, l2):
    """The L2 penalty l2 * sum(W^2) over the weight matrices W1, W2, ... (not the biases), as numpy_net's."""
    return l2 * tf.add_n([tf.reduce_sum(tf.square(W)) for W in parameters[0::2]])


@functools.cache
def _compiled_loop(layer_count, activation, output_activation, loss, optimizer, with_test, with_snapshots, with_l2):
    """One compiled training loop per depth, choice of functions and extras, traced once on first use.

    The signature leaves sizes open, so new layer widths, data or epochs reuse the same graph.
    with_test, with_snapshots and with_l2 are Python flags, settled when the loop is traced, so
    a run that asks for none of them pays nothing for them on each epoch.
    """
    recorded = RECORDED if with_test else RECORDED[:2]
    matrix, vector, scalar, count = tf.TensorSpec([None, None]), tf.TensorSpec([None]), tf.TensorSpec([]), tf.int32
    column = tf.TensorSpec([None, 1])
    signature = [[matrix, vector] * layer_count, matrix, column, matrix, column, scalar]
    signature += [tf.TensorSpec([], count), tf.TensorSpec([], count), scalar]

    def measure(parameters, X, y):
        z_out, output = forward(parameters, X, activation, output_activation)
        right = tf.reduce_mean(tf.cast(tf.abs(output - y) < 0.5, tf.float32))
        return loss_value(loss, z_out, output, y), right

    @tf.function(input_signature=signature)
    def run(parameters, X, y, X_test, y_test, learning_rate, epochs, snapshot_every, l2):
        record = [tf.TensorArray(tf.float32, size=epochs) for _ in recorded]
        # snapshot 0 is the starting point; later ones every snapshot_every epochs and at the end
        snapshots = [tf.TensorArray(tf.float32, size=1, dynamic_size=True).write(0, p) for p in parameters]
        snapshot_epochs = tf.TensorArray(tf.int32, size=1, dynamic_size=True).write(0, 0)
        m = [tf.zeros_like(p) for p in parameters]  # Adam's running averages (unused by SGD)
        v = [tf.zeros_like(p) for p in parameters]
        epoch = tf.constant(0)
        finite = tf.constant(True)
        while epoch < epochs and finite:
            with tf.GradientTape() as tape:
                tape.watch(parameters)
                value, right = measure(parameters, X, y)
                if with_l2:  # the tape differentiates the penalty too: 2 * l2 * W for each W
                    value = value + penalty(parameters, l2)
            grads = tape.gradient(value, parameters)
            measured = (value, right, *(measure(parameters, X_test, y_test) if with_test else ()))
            record = [ta.write(epoch, number) for ta, number in zip(record, measured)]
            finite = tf.math.is_finite(value)
            if optimizer == "sgd":
                parameters = [p - learning_rate * g for p, g in zip(parameters, grads)]
            else:  # Adam, as numpy_net.Adam and Keras 3 write it
                t = tf.cast(epoch + 1, tf.float32)
                alpha = learning_rate * tf.sqrt(1 - 0.999**t) / (1 - 0.9**t)
                m = [mi + (g - mi) * (1 - 0.9) for mi, g in zip(m, grads)]
                v = [vi + (g * g - vi) * (1 - 0.999) for vi, g in zip(v, grads)]
                parameters = [p - alpha * mi / (tf.sqrt(vi) + 1e-7) for p, mi, vi in zip(parameters, m, v)]
            epoch += 1
            if with_snapshots and finite and (epoch % snapshot_every == 0 or epoch == epochs):
                position = snapshot_epochs.size()
                snapshots = [ta.write(position, p) for ta, p in zip(snapshots, parameters)]
                snapshot_epochs = snapshot_epochs.write(position, epoch)
        return (
            [ta.stack()[:epoch] for ta in record],
            snapshot_epochs.stack(),
            [ta.stack() for ta in snapshots],
            parameters,
        )

    return run


def fit(network, X, y, *, loss, optimizer, learning_rate, epochs, test=None, snapshot_every=None, l2=0.0):
    """Train like numpy_net.fit, with the loop compiled by tf.function; returns the same record.

    l2 > 0 adds numpy_net's penalty l2 * sum(W^2) to the loss inside the tape, which then
    differentiates it with the rest; the test loss stays the data loss.

    On a non-finite loss the loop stops; its parameters then hold the step after it.
    """
    run = _compiled_loop(
        len(network.layers),
        network.activation,
        network.output_activation,
        loss,
        optimizer,
        with_test=test is not None,
        with_snapshots=snapshot_every is not None,
        with_l2=l2 > 0,
    )
    X_test, y_test = test if test is not None else (np.zeros((0, X.shape[1]), np.float32), np.zeros((0, 1), np.float32))
    record, snapshot_epochs, snapshots, parameters = run(
        [tf.constant(array) for array in network.arrays()],
        *(tf.constant(array) for array in (X, y, X_test, y_test)),
        tf.constant(learning_rate, tf.float32),
        tf.constant(epochs),
        tf.constant(snapshot_every or epochs),
        tf.constant(l2, tf.float32),
    )
    record = {name: np.array([]) for name in RECORDED} | {name: v.numpy() for name, v in zip(RECORDED, record)}
    stacked = [array.numpy() for array in snapshots]
    record["snapshots"] = (
        [(int(e), network.with_arrays([a[i] for a in stacked])) for i, e in enumerate(snapshot_epochs.numpy())]
        if snapshot_every
        else []
    )
    return record | {"network": network.with_arrays([p.numpy() for p in parameters])}
