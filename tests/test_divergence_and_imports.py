import subprocess
import sys
import warnings

import numpy as np
import pytest

import xorutils

EXPLODING = dict(activation="linear", output_activation="linear", loss="mse", optimizer="sgd", learning_rate=100.0)


@pytest.mark.parametrize("backend", ["numpy", "tf", "keras"])
def test_divergence_is_reported_not_raised(backend):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no warning spam either
        result = xorutils.train(backend, **EXPLODING)
    assert result.diverged
    assert "epoch 4 of 500" in result.message and "smaller learning rate" in result.message
    assert "learning_rate=100" in result.message
    assert len(result.loss) == 3 and np.all(np.isfinite(result.loss))


def test_a_sane_run_is_not_flagged_as_diverged():
    result = xorutils.train(**{**EXPLODING, "learning_rate": 0.1})
    assert not result.diverged and "Diverged" not in result.message


def run_python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_numpy_back_end_never_imports_tensorflow():
    completed = run_python(
        "import sys, xorutils\n"
        "xorutils.train('numpy', epochs=5)\n"
        "xorutils.gradient_check(xorutils.goodfellow_params(), *xorutils.xor_data(), 'mse')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))"
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_tensorflow_back_ends_train_without_log_noise():
    completed = run_python(
        "import xorutils\n"
        "for backend in ('tf', 'keras'):\n"
        "    for width in (2, 3, 4, 5, 6, 7):\n"  # enough new graphs to trigger TF's retracing warning
        "        xorutils.train(backend, hidden_units=width, epochs=20)\n"
        "print('done')"
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "done"
    assert completed.stderr == ""
