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


class StepRecorder(keras.metrics.Metric):
    """Records the loss and accuracy of every training step in a buffer, inside the compiled loop.

    Keras computes metrics on the same forward pass as the loss, before the step's update, so
    entry i is what Keras would report for epoch i+1 of a plain fit().
    """

    def __init__(self, steps, loss, name="step_recorder"):
        super().__init__(name=name)
        self.loss_function = keras.losses.get(loss)
        self.losses = self.add_variable(shape=(steps,), initializer="zeros", name="losses")
        self.accuracies = self.add_variable(shape=(steps,), initializer="zeros", name="accuracies")
        self.step = self.add_variable(shape=(), initializer="zeros", dtype="int32", name="step")

    def update_state(self, y_true, y_pred, sample_weight=None):
        value = keras.ops.mean(self.loss_function(y_true, y_pred))
        right = keras.ops.mean(keras.ops.cast(keras.ops.abs(y_pred - y_true) < 0.5, "float32"))
        # .value is the underlying tf.Variable: writing one entry in place keeps each step O(1).
        step = tf.convert_to_tensor(self.step.value)
        self.losses.value[step].assign(value)
        self.accuracies.value[step].assign(right)
        self.step.assign_add(1)

    def result(self):
        return self.losses[keras.ops.maximum(self.step - 1, 0)]


def build_model(network):
    """A keras.Sequential with one Dense layer per layer of network, holding its weights."""
    layers = [keras.Input(shape=(network.layers[0][0].shape[0],))]
    last = len(network.layers) - 1
    for index, (W, _) in enumerate(network.layers):
        activation = network.output_activation if index == last else network.activation
        layers.append(keras.layers.Dense(W.shape[1], activation=activation))
    model = keras.Sequential(layers)
    model.set_weights(network.arrays())
    return model


OPTIMIZERS = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}


def fit(network, X, y, *, loss, optimizer, learning_rate, epochs):
    """Train with model.fit; returns (losses, accuracies, trained network) like numpy_net.fit.

    Keras does not stop on a non-finite loss; train() cuts the record at the first one.
    """
    model = build_model(network)
    recorder = StepRecorder(epochs, loss)
    model.compile(
        optimizer=OPTIMIZERS[optimizer](learning_rate=learning_rate),
        loss=loss,
        metrics=[recorder],
        steps_per_execution=epochs,
        jit_compile=False,
    )
    model.fit(np.tile(X, (epochs, 1)), np.tile(y, (epochs, 1)), batch_size=len(X), epochs=1, shuffle=False, verbose=0)
    return recorder.losses.numpy(), recorder.accuracies.numpy(), network.with_arrays(model.get_weights())
