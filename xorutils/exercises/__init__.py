"""Checkers for the notebooks' exercises, one module per notebook: each runs the
learner's function and says right or not yet.

A checker never prints the solution. It tries the function on a few cases, recognises common
slips and names them as a hint, and shows an error as one line instead of a traceback.
It prints its verdict, starting "Right!" or "Not yet:", and returns nothing, so a notebook
cell shows just that line.
"""

from .nb00_linear import check_low_error_line, check_mse, check_separating_line
from .nb01_hand_network import check_half_point, check_hand_forward, check_same_boundary, check_xnor_weights
from .nb02_backprop import check_backward, check_hand_gradients, check_sigmoid_derivative, check_softplus_derivative
from .nb03_training import check_dead_start, check_dead_units, check_stuck_loss, check_training_loop
from .nb04_tape import check_network_gradients, check_tape_gradient, check_traced_once, check_train_in_place
from .nb05_keras import check_keras_model, check_parameter_count
from .nb06_atlas import check_good_rates, check_median_epochs, check_more_epochs
from .nb07_playground import check_smallest_width, check_stopping_epoch

__all__ = [
    "check_mse",
    "check_separating_line",
    "check_low_error_line",
    "check_hand_forward",
    "check_xnor_weights",
    "check_half_point",
    "check_same_boundary",
    "check_sigmoid_derivative",
    "check_softplus_derivative",
    "check_training_loop",
    "check_dead_units",
    "check_dead_start",
    "check_stuck_loss",
    "check_backward",
    "check_hand_gradients",
    "check_tape_gradient",
    "check_network_gradients",
    "check_traced_once",
    "check_train_in_place",
    "check_parameter_count",
    "check_keras_model",
    "check_good_rates",
    "check_median_epochs",
    "check_more_epochs",
    "check_smallest_width",
    "check_stopping_epoch",
]
