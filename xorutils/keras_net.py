"""The same network as a keras.Sequential of Dense layers, trained by model.fit and a Keras optimizer.

Speed: fit() on four examples spends almost all its time in per-epoch bookkeeping, so a plain
``fit(X, y, epochs=500)`` takes seconds. Here one fit() epoch holds all the training: the data
is repeated ``epochs`` times, each batch is the full data set (one batch = one of our epochs),
and ``steps_per_execution`` runs every step inside one compiled TensorFlow call. The per-step
loss and accuracy are recorded by a metric, because fit() itself only reports epoch averages.
"""

import numpy as np

from ._tensorflow import load_tensorflow

tf = load_tensorflow()
import keras  # noqa: E402  (after load_tensorflow, which quiets TensorFlow and selects Keras' back end)

from .tf_net import RECORDED  # noqa: E402


class StepRecorder(keras.metrics.Metric):
    """Records the loss and accuracy of every training step in a buffer, inside the compiled loop.

    Keras computes metrics from the predictions the loss was computed from, before the step's
    update, so entry i is what Keras would report for epoch i+1 of a plain fit(). The test set
    can only be run through the model when the metric is called, which is after the update:
    its entries are one step late, and fit() shifts them back.
    """

    def __init__(self, steps, loss, predict_test=None, test_targets=None, penalty=None, name="step_recorder"):
        super().__init__(name=name)
        self.loss_function = keras.losses.get(loss)
        self.predict_test, self.test_targets = predict_test, test_targets  # a plain function: not tracked
        self.penalty = penalty  # the model's L2 penalty now (after the update), or None
        names = RECORDED + (("penalty",) if penalty is not None else ())
        self.buffers = [self.add_variable(shape=(steps,), initializer="zeros", name=name) for name in names]
        self.step = self.add_variable(shape=(), initializer="zeros", dtype="int32", name="step")

    def measure(self, y_true, y_pred):
        right = keras.ops.mean(keras.ops.cast(keras.ops.abs(y_pred - y_true) < 0.5, "float32"))
        return keras.ops.mean(self.loss_function(y_true, y_pred)), right

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self.measure(y_true, y_pred)
        if self.predict_test is not None:
            values += self.measure(self.test_targets, self.predict_test())
        elif self.penalty is not None:  # keep the penalty in its own buffer, after the two test ones
            values += (0.0, 0.0)
        if self.penalty is not None:
            values += (self.penalty(),)
        step = tf.convert_to_tensor(self.step.value)
        # .value is the underlying tf.Variable: writing one entry in place keeps each step O(1).
        for buffer, value in zip(self.buffers, values):
            buffer.value[step].assign(value)
        self.step.assign_add(1)

    def result(self):
        return self.buffers[0][keras.ops.maximum(self.step - 1, 0)]


class SnapshotTaker(keras.callbacks.Callback):
    """Copies the weights after every compiled execution of snapshot_every steps (and the last)."""

    def __init__(self, network):
        super().__init__()
        self.snapshots = [(0, network.copy())]
        self.network = network

    def on_train_batch_end(self, batch, logs=None):
        epochs_done = int(self.model.optimizer.iterations.numpy())
        self.snapshots.append((epochs_done, self.network.with_arrays(self.model.get_weights())))


def build_model(network, l2=0.0):
    """A keras.Sequential with one Dense layer per layer of network, holding its weights.

    l2 > 0 gives every Dense layer kernel_regularizer=keras.regularizers.L2(l2): Keras then adds
    l2 * sum(W^2) for each layer's weights (not its bias) to the loss it minimises and reports.
    """
    layers = [keras.Input(shape=(network.layers[0][0].shape[0],))]
    last = len(network.layers) - 1
    for index, (W, _) in enumerate(network.layers):
        activation = network.output_activation if index == last else network.activation
        regularizer = keras.regularizers.L2(l2) if l2 else None
        layers.append(keras.layers.Dense(W.shape[1], activation=activation, kernel_regularizer=regularizer))
    model = keras.Sequential(layers)
    model.set_weights(network.arrays())
    return model


OPTIMIZERS = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}


def fit(network, X, y, *, loss, optimizer, learning_rate, epochs, test=None, snapshot_every=None, l2=0.0):
    """Train with model.fit; returns the same record as numpy_net.fit.

    Keras does not stop on a non-finite loss; train() cuts the record at the first one.
    With l2 > 0 the recorded loss adds the L2 penalty, as fit's own loss does.
    """
    model = build_model(network, l2)
    penalty = (lambda: keras.ops.sum(model.losses)) if l2 else None
    if test is None:
        recorder = StepRecorder(epochs, loss, penalty=penalty)
    else:
        test_inputs, test_targets = (tf.constant(array) for array in test)
        initial_test_predictions = model(test_inputs, training=False)
        recorder = StepRecorder(epochs, loss, lambda: model(test_inputs, training=False), test_targets, penalty=penalty)
    if l2:
        initial_penalty = float(penalty())
    snapshot_taker = SnapshotTaker(network)
    model.compile(
        optimizer=OPTIMIZERS[optimizer](learning_rate=learning_rate),
        loss=loss,
        metrics=[recorder],
        steps_per_execution=snapshot_every or epochs,
        jit_compile=False,
    )
    model.fit(
        np.tile(X, (epochs, 1)),
        np.tile(y, (epochs, 1)),
        batch_size=len(X),
        epochs=1,
        shuffle=False,
        verbose=0,
        callbacks=[snapshot_taker] if snapshot_every else [],
    )
    record = {name: buffer.numpy() for name, buffer in zip(RECORDED, recorder.buffers)}
    if l2:  # the penalty was measured after each update: the one before update i is entry i - 1
        before = np.concatenate([[initial_penalty], recorder.buffers[-1].numpy()[:-1]]).astype(np.float32)
        record["loss"] = record["loss"] + before
    if test is None:
        record["test_loss"] = record["test_accuracy"] = np.array([])
    else:  # the recorder measured the test set after each update: prepend the start, drop the last
        for name, first in zip(RECORDED[2:], recorder.measure(test_targets, initial_test_predictions)):
            record[name] = np.concatenate([[float(first)], record[name][:-1]])
    snapshots = snapshot_taker.snapshots if snapshot_every else []
    return record | {"snapshots": snapshots, "network": network.with_arrays(model.get_weights())}
