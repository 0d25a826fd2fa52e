"""xorutils: everything the xor-course notebooks share, so each notebook stays short.

    X, y = xorutils.xor_data()                       # the truth table
    result = xorutils.train("numpy", hidden_units=2)  # or "tf", or "keras": same arguments
    result.loss, result.epochs_to_solve, result.predict(X)

Importing xorutils never imports TensorFlow; the "tf" and "keras" back ends load it on first use.
"""

from .data import xor_data
from .network import Network, goodfellow_params, initial_network
from .numpy_net import gradient_check
from .training import TrainingResult, train

__all__ = ["Network", "TrainingResult", "goodfellow_params", "gradient_check", "initial_network", "train", "xor_data"]
