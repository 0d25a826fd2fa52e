"""The checkers of notebooks 00 and 01 accept right answers and name each plausible wrong one.

Each wrong answer below is one a learner could write; each must get "Not yet:" with the hint that
names its slip. The solutions hidden in the notebooks are run through their checkers too.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from xorutils import exercises

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def verdict(capsys, checker, *arguments):
    checker(*arguments)
    printed = capsys.readouterr().out
    assert "Traceback" not in printed
    return printed


def solution_namespace(notebook, variable):
    """Run the ```python block of the notebook's hidden solution that defines variable."""
    cells = json.loads((NOTEBOOKS / notebook).read_text())["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if "<details><summary>Solution" in source and (f"{variable} =" in source or f"def {variable}(" in source):
            namespace = {"np": np}
            exec(re.search(r"```python\n(.*?)```", source, flags=re.S).group(1), namespace)
            return namespace
    raise AssertionError(f"no hidden solution in {notebook} defines {variable}")


# check_separating_line: a line (w1, w2, b) whose positive side is exactly the gate's 1s.
RIGHT_LINES = [
    ("AND", (1, 1, -1.5)),
    ("AND", np.array([2.0, 2.0, -3.5])),
    ("OR", (1, 1, -0.5)),
    ("OR", (3, 3, -1)),
    ("x1 AND NOT x2", (1, -1, -0.5)),
    ("x1 AND NOT x2", (2, -5, -1)),
]


@pytest.mark.parametrize(("gate", "line"), RIGHT_LINES)
def test_separating_line_accepts_lines_that_compute_the_gate(gate, line, capsys):
    assert verdict(capsys, exercises.check_separating_line, gate, line).startswith("Right! ")


WRONG_LINES = {
    "OR's line given for AND": ("AND", (1, 1, -0.5), "computes OR"),
    "AND's line given for OR": ("OR", (1, 1, -1.5), "computes AND"),
    "signs flipped (NAND)": ("AND", (-1, -1, 1.5), "multiply all three numbers by -1"),
    "signs flipped (NOR)": ("OR", (-1, -1, 0.5), "multiply all three numbers by -1"),
    "the other one-sided gate": ("x1 AND NOT x2", (-1, 1, -0.5), "computes x2 AND NOT x1"),
    "b forgotten": ("AND", (1, 1, 0), "corner (0, 0) lies on your line"),
    # a corner on the line answers neither, even where round-off puts it a hair above (5.6e-17 here)
    "AND through (1, 1), off by round-off": ("AND", (0.1, 0.2, -0.3), "corner (1, 1) lies on your line; shift b"),
    "AND through (0, 1) and (1, 0)": ("AND", (1, 1, -1), "corners (0, 1) and (1, 0) lie on your line"),
    "OR through (0, 0)": ("OR", (1, 1, 0), "corner (0, 0) lies on your line"),
    "everything on one side": ("AND", (1, 1, 5), "your line gives 1, 1, 1, 1"),
    "the starter code": ("AND", (None, None, None), "replace each None"),
    "two numbers": ("OR", (1, 1), "yours has 2"),
    "a string": ("OR", "1, 1, -0.5", "three numbers"),
    "not finite": ("OR", (1, np.nan, -0.5), "finite"),
}


@pytest.mark.parametrize(("gate", "line", "hint"), WRONG_LINES.values(), ids=WRONG_LINES)
def test_separating_line_names_the_slip(gate, line, hint, capsys):
    printed = verdict(capsys, exercises.check_separating_line, gate, line)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_separating_line_says_why_xor_has_none_and_refuses_unknown_gates(capsys):
    assert "no line computes XOR" in verdict(capsys, exercises.check_separating_line, "XOR", (1, 1, -0.5))
    with pytest.raises(ValueError, match="gate must be one of .* got 'NAND '"):
        exercises.check_separating_line("NAND ", (1, 1, 1))


def test_notebook_00s_line_solutions_pass(capsys):
    namespace = solution_namespace("00_xor_problem.ipynb", "and_line")
    for gate, name in [("AND", "and_line"), ("OR", "or_line"), ("x1 AND NOT x2", "x1_and_not_x2_line")]:
        assert verdict(capsys, exercises.check_separating_line, gate, namespace[name]).startswith("Right! ")


# check_low_error_line: 3 of 4 strictly on the right side of 0.5 and MSE below 0.26.
@pytest.mark.parametrize(
    "line", [(0.01, 0.01, 0.495), (0.02, 0.02, 0.49), [0.001, 0.001, 0.4995], (-0.01, -0.01, 0.515)]
)
def test_low_error_line_accepts_small_tilts_of_least_squares(line, capsys):
    assert verdict(capsys, exercises.check_low_error_line, line).startswith("Right! ")


WRONG_LOW_ERROR = {
    "least squares itself": ((0, 0, 0.5), "that is the least-squares model"),
    "least squares with round-off": ((1e-17, -2e-17, 0.5 + 1e-16), "that is the least-squares model"),
    "the best line by count": ((1, 1, 0), "the MSE is 1"),
    "3 right but far from 0.5": ((0.2, 0.2, 0.4), "closer to 0.5"),
    "tilted the wrong way": ((-0.01, -0.01, 0.505), "1 of 4 on the right side"),
    "half a tilt (ties)": ((0.01, 0, 0.5), "exactly 0.5, on neither side"),
    "the starter code": ((None, None, None), "replace each None"),
    "four numbers": ((0.01, 0.01, 0.495, 0), "yours has 4"),
}


@pytest.mark.parametrize(("line", "hint"), WRONG_LOW_ERROR.values(), ids=WRONG_LOW_ERROR)
def test_low_error_line_names_the_slip(line, hint, capsys):
    printed = verdict(capsys, exercises.check_low_error_line, line)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_notebook_00s_low_error_solution_passes(capsys):
    namespace = solution_namespace("00_xor_problem.ipynb", "low_error_line")
    assert verdict(capsys, exercises.check_low_error_line, namespace["low_error_line"]).startswith("Right! ")


# check_xnor_weights: a 2-2-1 ReLU network with outputs exactly 1, 0, 0, 1.
BOOK = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0]))
RIGHT_XNOR = {
    "count and AND, output negated plus 1": (*BOOK, [[-1.0], [2.0]], [1.0]),
    "w flat and b a number": (*BOOK, [-1, 2], 1),
    "other hidden units: NOR and AND": ([[-1, 1], [-1, 1]], [1, -1], [[1], [1]], [0]),
}


@pytest.mark.parametrize("weights", RIGHT_XNOR.values(), ids=RIGHT_XNOR)
def test_xnor_accepts_any_weights_that_give_xnor_exactly(weights, capsys):
    assert verdict(capsys, exercises.check_xnor_weights, *weights).startswith("Right! ")


WRONG_XNOR = {
    "the book's XOR weights": ((*BOOK, [[1], [-2]], [0]), "still computes XOR"),
    "w negated, b forgotten": ((*BOOK, [[-1], [2]], [0]), "now add 1 through b"),
    "b added, w not negated": ((*BOOK, [[1], [-2]], [1]), "also negate w"),
    "right sides, not exact": ((*BOOK, [[-2], [4]], [1.5]), "exactly 1, 0, 0, 1"),
    "something else": ((*BOOK, [[1], [1]], [0]), "your network outputs [0.0, 1.0, 1.0, 3.0]"),
    "W as one row": (([[1, 1]], BOOK[1], [[-1], [2]], [1]), "W should have shape (2, 2)"),
    "c too long": ((BOOK[0], [0, -1, 0], [[-1], [2]], [1]), "c should have shape (2,)"),
    "the starter code": ((None, None, None, None), "W is None"),
    "text for b": ((*BOOK, [[-1], [2]], "one"), "b should be numbers"),
}


@pytest.mark.parametrize(("weights", "hint"), WRONG_XNOR.values(), ids=WRONG_XNOR)
def test_xnor_names_the_slip(weights, hint, capsys):
    printed = verdict(capsys, exercises.check_xnor_weights, *weights)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_notebook_01s_xnor_solution_passes(capsys):
    namespace = solution_namespace("01_hand_set_weights.ipynb", "W_xnor")
    weights = [namespace[name] for name in ("W_xnor", "c_xnor", "w_xnor", "b_xnor")]
    assert verdict(capsys, exercises.check_xnor_weights, *weights).startswith("Right! ")


def test_each_new_checker_is_called_in_its_notebook():
    for notebook, checkers in [
        ("00_xor_problem.ipynb", ["check_separating_line", "check_low_error_line"]),
        (
            "01_hand_set_weights.ipynb",
            ["check_hand_forward", "check_xnor_weights", "check_half_point", "check_same_boundary"],
        ),
    ]:
        sources = "".join("".join(cell["source"]) for cell in json.loads((NOTEBOOKS / notebook).read_text())["cells"])
        assert all(f"xorutils.exercises.{checker}(" in sources for checker in checkers)


# check_hand_forward (its other slips are tested in tests/test_exercises.py)
def test_hand_forward_names_a_bias_added_after_the_relu(capsys):
    printed = verdict(capsys, exercises.check_hand_forward, lambda X, W, c, w, b: (np.maximum(X @ W, 0) + c) @ w + b)
    assert printed.startswith("Not yet: ") and "add the hidden biases c before the ReLU" in printed, printed


def test_hand_forward_names_np_max_and_shows_the_first_wrong_input(capsys):
    printed = verdict(capsys, exercises.check_hand_forward, lambda X, W, c, w, b: np.max(X @ W + c, 0) @ w + b)
    assert printed.startswith("Not yet: ") and "np.maximum(Z, 0)" in printed, printed
    printed = verdict(capsys, exercises.check_hand_forward, lambda X, W, c, w, b: max(X @ W + c, 0) @ w + b)
    assert printed.startswith("Not yet: ") and "np.maximum(Z, 0)" in printed, printed

    def leaky(X, W, c, w, b):
        Z = X @ W + c
        return np.where(Z > 0, Z, 0.01 * Z) @ w + b

    printed = verdict(capsys, exercises.check_hand_forward, leaky)
    assert "at input (0, 0)" in printed and "should be -1; yours gives -1.01" in printed, printed
    printed = verdict(capsys, exercises.check_hand_forward, lambda X, W, c, w, b: np.maximum(X @ W.T + c, 0) @ w + b)
    assert "at input (1, 0)" in printed and "should be 1.5; yours gives -3" in printed, printed


def test_hand_forward_needs_any_number_of_hidden_units(capsys):
    def two_units_only(X, W, c, w, b):
        return np.maximum(X @ W[:, :2] + c[:2], 0) @ w[:2] + b

    printed = verdict(capsys, exercises.check_hand_forward, two_units_only)
    assert printed.startswith("Not yet: ") and "with 3 hidden units" in printed, printed


def test_notebook_01s_forward_solution_passes(capsys):
    namespace = solution_namespace("01_hand_set_weights.ipynb", "forward")
    assert verdict(capsys, exercises.check_hand_forward, namespace["forward"]).startswith("Right! ")


def test_xnor_refuses_w_as_a_row(capsys):
    printed = verdict(capsys, exercises.check_xnor_weights, *BOOK, [[-1, 2]], [1])
    assert printed.startswith("Not yet: ") and "w should be a column, shape (2, 1)" in printed, printed


# check_half_point: a point off the diagonal where the hand-set network outputs exactly 0.5.
@pytest.mark.parametrize("point", [(0.5, 0), (0.3, 0.2), [1.5, 0.0], np.array([1.0, 0.5]), (-0.25, 0.75)])
def test_half_point_accepts_points_with_sum_one_half_or_three_halves(point, capsys):
    assert verdict(capsys, exercises.check_half_point, point).startswith("Right! ")


WRONG_HALF_POINTS = {
    "on the diagonal, from the table": ((0.25, 0.25), "on the diagonal"),
    "the middle of the square": ((0.5, 0.5), "on the diagonal"),
    "a bend taken for the boundary (h2)": ((1, 0), "where h2 bends"),
    "a bend taken for the boundary (h1)": ((0.5, -0.5), "where h1 bends"),
    "the output, not 0.5": ((1.2, 0.1), "the output is 0.7 (s = x1 + x2 = 1.3)"),
    "the starter code": ((None, None), "replace each None"),
    "three numbers": ((0.5, 0, 0), "yours has 3"),
    "a string": ("0.5, 0", "two numbers"),
    "not finite": ((np.inf, 0), "finite"),
}


@pytest.mark.parametrize(("point", "hint"), WRONG_HALF_POINTS.values(), ids=WRONG_HALF_POINTS)
def test_half_point_names_the_slip(point, hint, capsys):
    printed = verdict(capsys, exercises.check_half_point, point)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_notebook_01s_half_point_solution_passes(capsys):
    namespace = solution_namespace("01_hand_set_weights.ipynb", "half_point")
    assert verdict(capsys, exercises.check_half_point, namespace["half_point"]).startswith("Right! ")


# check_same_boundary: new output weights, not the book's, with the book's boundary h1 - 2 h2 = 0.5 and sides.
@pytest.mark.parametrize(
    ("w", "b"), [([[2.0], [-4.0]], [-0.5]), ([[0.5], [-1.0]], [0.25]), ([2, -4], -0.5), ([[3], [-6]], [-1])]
)
def test_same_boundary_accepts_any_positive_multiple_with_its_bias(w, b, capsys):
    assert verdict(capsys, exercises.check_same_boundary, w, b).startswith("Right! ")


WRONG_SAME_BOUNDARY = {
    "the book's own weights": (([[1], [-2]], [0]), "the book's own weights"),
    "w scaled, b kept (boundary moves)": (([[2], [-4]], [0]), "the boundary moved"),
    "w negated (sides swapped)": (([[-2], [4]], [1.5]), "the sides are swapped"),
    "some other weights": (([[1], [1]], [0]), "3 of 4 on their target's side"),
    "w as a row": (([[2, -4]], [-0.5]), "w should have shape (2, 1)"),
    "the starter code": ((None, None), "w is None"),
    "text for b": (([[2], [-4]], "minus a half"), "b should be numbers"),
}


@pytest.mark.parametrize(("weights", "hint"), WRONG_SAME_BOUNDARY.values(), ids=WRONG_SAME_BOUNDARY)
def test_same_boundary_names_the_slip(weights, hint, capsys):
    printed = verdict(capsys, exercises.check_same_boundary, *weights)
    assert printed.startswith("Not yet: ") and hint in printed, printed


def test_notebook_01s_same_boundary_solution_passes(capsys):
    namespace = solution_namespace("01_hand_set_weights.ipynb", "w_same")
    assert verdict(capsys, exercises.check_same_boundary, namespace["w_same"], namespace["b_same"]).startswith(
        "Right! "
    )
