"""Speed of the three back ends against the plain loops they replace, side by side in one run.

    .venv/bin/python benchmarks/speed.py          # full run, about half a minute
    .venv/bin/python benchmarks/speed.py --quick  # a few epochs, to check the script works

The network is the one notebook 02 trains: 2-10-1, ReLU hidden layer, sigmoid output, mean
squared error, SGD with learning rate 1.5, 500 full-batch epochs. Each figure is the median of
several runs. Targets (issue 2): NumPy back end <= 1.25x a hand-written NumPy loop; TF back end
<= 1/20 of an eager GradientTape loop; Keras back end <= 1/10 of a plain model.fit.
Then train_many (issue 3): 200 seeds of a 2-16-1 network for 2,000 epochs in about a second,
against training the same 200 networks one by one with the NumPy back end. Last, the atlas
(issue 7): one activation's map of 9,800 networks x 2,000 epochs in at most 5 s on 2 cores,
against the same cells trained one configuration at a time with train_many.
"""

import os
import statistics
import sys
import time

import numpy as np

import xorutils

EPOCHS = 500
SETTINGS = dict(hidden_units=10, activation="relu", output_activation="sigmoid", loss="mse", optimizer="sgd")
LEARNING_RATE = 1.5


def seconds(function, repeats):
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def hand_written_numpy(epochs):
    """The loop a learner would write: no dispatch, no bookkeeping beyond the loss and accuracy."""
    X, y = xorutils.xor_data()
    network = xorutils.initial_network(2, (10,), "relu", "sigmoid", seed=0)
    (W1, b1), (W2, b2) = network.copy().layers
    for _ in range(epochs):
        z1 = X @ W1 + b1
        h = np.maximum(z1, 0)
        p = 1 / (1 + np.exp(-(h @ W2 + b2)))
        losses = np.mean((p - y) ** 2)
        right = np.mean(np.abs(p - y) < 0.5)
        d2 = 2 * (p - y) / 4 * p * (1 - p)
        d1 = (d2 @ W2.T) * (z1 > 0)
        W2 -= LEARNING_RATE * (h.T @ d2)
        b2 -= LEARNING_RATE * d2.sum(axis=0)
        W1 -= LEARNING_RATE * (X.T @ d1)
        b1 -= LEARNING_RATE * d1.sum(axis=0)
    return losses, right


def eager_gradient_tape(epochs):
    """A plain GradientTape loop in eager mode: Python drives every operation."""
    import tensorflow as tf

    X, y = (tf.constant(a) for a in xorutils.xor_data())
    network = xorutils.initial_network(2, (10,), "relu", "sigmoid", seed=0)
    W1, b1, W2, b2 = (tf.Variable(a) for a in network.arrays())
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            p = tf.sigmoid(tf.nn.relu(X @ W1 + b1) @ W2 + b2)
            loss = tf.reduce_mean(tf.square(p - y))
        for variable, gradient in zip((W1, b1, W2, b2), tape.gradient(loss, (W1, b1, W2, b2))):
            variable.assign_sub(LEARNING_RATE * gradient)


def plain_keras_fit(epochs):
    """model.fit as the Keras guides write it: one fit() epoch per epoch of four examples."""
    import keras

    X, y = xorutils.xor_data()
    network = xorutils.initial_network(2, (10,), "relu", "sigmoid", seed=0)
    model = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.set_weights(network.arrays())
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="mse")
    model.fit(X, y, epochs=epochs, batch_size=4, verbose=0)


def back_end(name, epochs):
    return lambda: xorutils.train(name, learning_rate=LEARNING_RATE, epochs=epochs, **SETTINGS)


def main(quick):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import xorutils.keras_net  # noqa: F401  (import TensorFlow and Keras before any clock starts)

    epochs = 5 if quick else EPOCHS
    few, many = (1, 1) if quick else (3, 25)

    hand = seconds(lambda: hand_written_numpy(epochs), many)
    ours_numpy = seconds(back_end("numpy", epochs), many)

    tf_cold = seconds(back_end("tf", epochs), 1)  # the first call traces the compiled loop
    ours_tf = seconds(back_end("tf", epochs), many)
    eager = seconds(lambda: eager_gradient_tape(epochs), few)

    ours_keras = seconds(back_end("keras", epochs), few)
    plain_fit = seconds(lambda: plain_keras_fit(epochs), 1)

    rows = [
        ("NumPy", "hand-written loop", hand, "xorutils numpy", ours_numpy, ours_numpy / hand, "<= 1.25"),
        ("TF", "eager GradientTape loop", eager, "xorutils tf (traced)", ours_tf, ours_tf / eager, "<= 0.05"),
        ("", "", None, "xorutils tf, first call", tf_cold, tf_cold / eager, "(includes tracing)"),
        ("Keras", "plain model.fit", plain_fit, "xorutils keras", ours_keras, ours_keras / plain_fit, "<= 0.10"),
    ]
    seeds, many_epochs = (range(5), 5) if quick else (range(200), 2000)
    wide = dict(SETTINGS, hidden_units=16)
    one_by_one = seconds(
        lambda: [
            xorutils.train("numpy", seed=s, learning_rate=LEARNING_RATE, epochs=many_epochs, **wide) for s in seeds
        ],
        1,
    )
    batched = seconds(lambda: xorutils.train_many(seeds, learning_rate=LEARNING_RATE, epochs=many_epochs, **wide), 3)
    rows.append(
        ("Seeds", f"{len(seeds)} x train('numpy')", one_by_one, "train_many", batched, batched / one_by_one, "~1 s")
    )

    # The atlas (issue 7): one activation's map, every width x learning rate x seed, in at most 5 s.
    units, rates, atlas_epochs = (
        ((1, 2), (0.1, 1.0), 5) if quick else (xorutils.atlas.DEFAULT_UNITS, xorutils.atlas.DEFAULT_RATES, 2000)
    )
    networks = len(units) * len(rates) * len(seeds)
    cell_by_cell = seconds(
        lambda: [
            xorutils.train_many(
                seeds, hidden_units=u, learning_rate=r, activation="tanh", optimizer="sgd", epochs=atlas_epochs
            )
            for u in units
            for r in rates
        ],
        1,
    )
    whole_map = seconds(lambda: xorutils.train_atlas(units, rates, seeds, activation="tanh", epochs=atlas_epochs), 3)
    rows.append(
        (
            "Atlas",
            "train_many, cell by cell",
            cell_by_cell,
            "train_atlas, one map",
            whole_map,
            whole_map / cell_by_cell,
            "<= 5 s",
        )
    )

    print(f"2-10-1 ReLU/sigmoid, mse, SGD lr {LEARNING_RATE}, {epochs} epochs; median seconds")
    print(f"{'':6} {'baseline':26} {'s':>8}   {'xorutils':26} {'s':>8}   {'ratio':>7}  target")
    for group, base_name, base, ours_name, ours, ratio, target in rows:
        if group == "Seeds":
            print(f"2-16-1, {len(seeds)} seeds, {many_epochs} epochs each:")
        if group == "Atlas":
            print(f"tanh atlas: {len(units)} widths {units} x {len(rates)} learning rates x {len(seeds)} seeds")
            print(f"= {networks:,} networks, {atlas_epochs:,} epochs each, SGD, cross-entropy:")
        base_text = f"{base:8.4f}" if base is not None else " " * 8
        print(f"{group:6} {base_name:26} {base_text}   {ours_name:26} {ours:8.4f}   {ratio:7.3f}  {target}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
