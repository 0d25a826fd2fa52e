"""Checkers for notebook 05, Keras."""

import numpy as np

from ._checking import _check, _verdict


def check_parameter_count(count):
    """Exercise of notebook 05: count(layer_sizes) -> weights and biases of a Dense network, e.g. [2, 2, 1] -> 9."""
    networks = [[2, 2, 1], [2, 16, 1], [2, 32, 32, 1]]

    def weights_only(sizes):
        return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))

    slips = {"no biases": weights_only, "input biases": lambda sizes: weights_only(sizes) + sum(sizes)}
    hints = {
        "no biases": "that counts the weights only; every unit after the input layer also has a bias",
        "input biases": "the input layer has no biases: only units that compute something do",
    }
    cases = [((sizes,), weights_only(sizes) + sum(sizes[1:])) for sizes in networks]
    return _check(count, cases, slips, hints)


# The spec of notebook 05's model exercise: 2 inputs, two hidden layers of 16 and 8 ReLU units, one
# linear output (a logit), Adam at 0.01, cross-entropy on logits, accuracy that reads a logit above 0 as a 1.
HIDDEN_UNITS, LEARNING_RATE = (16, 8), 0.01


def _probe(seed=5):
    """Test weights, 16 inputs (the corners and points around them) and targets for the model exercise.

    The logits spread over about -2 to 2 with some between 0 and 0.5, where a threshold of 0.5 and
    one of 0 disagree; some hidden units' inputs are negative, where ReLU, tanh and linear differ.
    Returns the inputs, the targets and the weights as [kernel, bias] pairs, one per Dense layer.
    """
    rng = np.random.default_rng(seed)
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    inputs = np.concatenate([corners, rng.uniform(-1, 2, size=(12, 2))]).astype(np.float32)
    sizes = (2, *HIDDEN_UNITS, 1)
    layers = [
        [rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_out)), rng.normal(0, 0.5, size=n_out)]
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    layers = [[kernel.astype(np.float32), bias.astype(np.float32)] for kernel, bias in layers]
    raw = _logits(inputs, layers, HIDDEN_ACTIVATIONS["relu"]) - layers[-1][1]
    layers[-1][0] = (1.5 * layers[-1][0] / np.std(raw)).astype(np.float32)  # logits spread over about -2 to 2
    raw = 1.5 * raw / np.std(raw)
    layers[-1][1] = np.array([0.3 - np.median(raw)], dtype=np.float32)  # half the logits above 0.3, half below
    targets = (_logits(inputs, layers, HIDDEN_ACTIVATIONS["relu"]) > 0).astype(np.float32)
    targets[::5] = 1 - targets[::5]  # a few wrong, so the loss is not near zero
    return inputs, targets, layers


def _logits(inputs, layers, hidden):
    """The logits of a Dense network with weights layers ([kernel, bias] pairs), hidden applied between them."""
    values = np.asarray(inputs, dtype=np.float64)
    for index, (kernel, bias) in enumerate(layers):
        values = values @ np.asarray(kernel, dtype=np.float64) + np.asarray(bias, dtype=np.float64)
        if index < len(layers) - 1:
            values = hidden(values)
    return values


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


HIDDEN_ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "linear": lambda z: z,
}


def _cross_entropy_on_logits(targets, logits):
    return float(np.mean(np.logaddexp(0, logits) - targets * logits))


def _cross_entropy_on_probabilities(targets, outputs, epsilon=1e-7):
    # clipped in float32, as Keras does: 1 - 1e-7 rounds to 1 - 1.19e-7 there
    p = np.clip(np.float32(outputs), np.float32(epsilon), np.float32(1 - epsilon)).astype(np.float64)
    return float(np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p))))


def check_keras_model(model):
    """Exercise of notebook 05: a compiled Keras model meeting the spec, checked by what it does.

    The checker looks at the Dense layers' sizes and the optimizer, then gives the model known
    weights for a moment and compares its outputs, loss and accuracy on 16 points (the corners and
    points around them) with what the spec gives: so a sigmoid hidden in an extra layer, a loss
    that expects probabilities, or an accuracy that thresholds at 0.5 are found whatever way they
    were written. The model's own weights are put back afterwards.
    """
    import keras

    if not isinstance(model, keras.Model):
        if callable(model):
            return _verdict(False, "pass the model itself (what keras.Sequential(...) returned), not a function")
        return _verdict(False, f"expected a Keras model (keras.Sequential(...)), got {type(model).__name__}")
    if not getattr(model, "compiled", False) or model.optimizer is None:
        return _verdict(
            False, "the model is not compiled yet: call model.compile(optimizer=..., loss=..., metrics=[...])"
        )
    try:
        inputs = model.inputs[0].shape[-1]
    except (AttributeError, IndexError, ValueError):
        return _verdict(False, "the model has no input yet: start the Sequential with keras.Input(shape=(2,))")
    if inputs != 2:
        return _verdict(False, f"XOR has 2 inputs; the model expects {inputs}: use keras.Input(shape=(2,))")
    others = [layer for layer in model.layers if not isinstance(layer, (keras.layers.Dense, keras.layers.Activation))]
    if others:
        names = ", ".join(type(layer).__name__ for layer in others)
        return _verdict(False, f"the spec has only Dense layers; yours also has {names}: remove it")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    sizes = [layer.units for layer in dense]
    spec = [*HIDDEN_UNITS, 1]
    if len(dense) != len(spec):
        return _verdict(
            False,
            f"the spec has {len(spec)} Dense layers ({HIDDEN_UNITS[0]} and {HIDDEN_UNITS[1]} hidden units, 1 output);"
            f" yours has {sizes}",
        )
    if sizes[:-1] != list(HIDDEN_UNITS):
        return _verdict(
            False,
            f"the hidden layers should have {HIDDEN_UNITS[0]} then {HIDDEN_UNITS[1]} units; yours have {sizes[:-1]}",
        )
    if sizes[-1] != 1:
        return _verdict(False, f"one output unit, the logit of P(y = 1): yours has {sizes[-1]}")
    if not all(layer.use_bias for layer in dense):
        return _verdict(False, "every Dense layer needs its bias (leave use_bias at its default, True)")
    penalised = [
        name
        for layer in dense
        for name in ("kernel_regularizer", "bias_regularizer", "activity_regularizer")
        if getattr(layer, name, None) is not None
    ]
    if penalised:
        return _verdict(
            False,
            f"a regularization penalty ({penalised[0]}) adds to the loss; the spec has none: leave it out",
        )

    probe_inputs, targets, probe_weights = _probe()
    saved = model.get_weights()
    try:
        for layer, (kernel, bias) in zip(dense, probe_weights):
            layer.set_weights([kernel, bias])
        outputs = np.asarray(model(probe_inputs, training=False), dtype=np.float64).reshape(-1, 1)
        verdict = _check_outputs(outputs, probe_inputs, probe_weights)
        if verdict is None:
            verdict = _check_optimizer(model.optimizer, keras)
        if verdict is None:
            results = model.evaluate(probe_inputs, targets, batch_size=len(targets), verbose=0, return_dict=True)
            verdict = _check_loss_and_accuracy(results, targets, outputs)
    finally:
        model.set_weights(saved)
    right, message = verdict
    return _verdict(right, message)


def _check_outputs(outputs, inputs, weights):
    expected = _logits(inputs, weights, HIDDEN_ACTIVATIONS["relu"])
    if np.allclose(outputs, expected, atol=1e-4):
        return None
    if np.allclose(outputs, _sigmoid(expected), atol=1e-4):
        return False, (
            "the output goes through a sigmoid, so the model outputs a probability, not a logit: give the last"
            " Dense layer no activation (linear), and let the loss apply the sigmoid (from_logits=True)"
        )
    for name, hidden in HIDDEN_ACTIVATIONS.items():
        logits = _logits(inputs, weights, hidden)
        if name != "relu" and np.allclose(outputs, logits, atol=1e-4):
            return False, f"the hidden units compute {name}; the spec asks for ReLU (activation='relu')"
        if name != "relu" and np.allclose(outputs, _sigmoid(logits), atol=1e-4):
            return (
                False,
                f"the hidden units compute {name} and the output a sigmoid: the spec asks for ReLU and a logit",
            )
    return (
        False,
        "the model's outputs are not those of Dense(16, ReLU), Dense(8, ReLU), then Dense(1) with no activation",
    )


def _check_optimizer(optimizer, keras):
    if type(optimizer) is not keras.optimizers.Adam:  # AdamW is an Adam too, but with weight decay
        return False, f"the optimizer is {type(optimizer).__name__}; the spec asks for plain keras.optimizers.Adam"
    if optimizer.weight_decay:
        return False, f"Adam has weight_decay={optimizer.weight_decay:g}; the spec has no weight decay: leave it out"
    rate = float(np.asarray(optimizer.learning_rate))
    if not np.isclose(rate, LEARNING_RATE, rtol=1e-6):
        return False, f"Adam's learning rate is {rate:g}; the spec asks for {LEARNING_RATE:g} (learning_rate=...)"
    return None


def _check_loss_and_accuracy(results, targets, logits):
    loss = results.get("loss")
    if loss is None:
        return False, "evaluate() reports no loss: compile with loss=keras.losses.BinaryCrossentropy(from_logits=True)"
    if np.isclose(loss, _cross_entropy_on_probabilities(targets, logits), rtol=1e-3):
        return False, (
            "the loss reads the logits as probabilities (and clips them to 0..1): use"
            " keras.losses.BinaryCrossentropy(from_logits=True)"
        )
    if np.isclose(loss, np.mean((logits - targets) ** 2), rtol=1e-3):
        return False, "that is mean squared error; the spec asks for cross-entropy on logits"
    if not np.isclose(loss, _cross_entropy_on_logits(targets, logits), rtol=1e-3):
        return False, "the loss is not binary cross-entropy on logits: BinaryCrossentropy(from_logits=True)"
    metrics = {name: value for name, value in results.items() if name != "loss"}
    right_at_zero = float(np.mean((logits > 0) == (targets > 0.5)))
    right_at_half = float(np.mean((logits > 0.5) == (targets > 0.5)))
    if any(np.isclose(value, right_at_zero, atol=1e-6) for value in metrics.values()):
        return True, (
            "a 2-16-8-1 ReLU model with a linear output, Adam at 0.01, cross-entropy on logits and an accuracy"
            " that thresholds the logit at 0; checked on 16 points by its outputs, loss and accuracy."
        )
    if any(np.isclose(value, right_at_half, atol=1e-6) for value in metrics.values()):
        return False, (
            "the accuracy counts an output above 0.5 as a 1, but the model outputs logits, and a logit of 0"
            " is the probability 0.5: use keras.metrics.BinaryAccuracy(threshold=0.0)"
        )
    if not metrics:
        return False, "no metric: compile with metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)]"
    return False, f"none of the metrics {sorted(metrics)} is the share of examples right (logit > 0 read as 1)"
