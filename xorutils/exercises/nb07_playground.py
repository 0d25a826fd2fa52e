"""Checkers for notebook 07, The playground."""

import numpy as np

from ..many_seeds import train_many
from ..stats import rate_text
from ._checking import _verdict

SOLVING_SEEDS = range(200)  # the seeds each width is tried on
MAX_WIDTH = 64  # the widest the checker searches
# (share, settings): the cases smallest_solving_width is tried on, with different answers (measured on seeds
# 0-199: 3, 4 and 2 units), so a hard-coded width fails. The first is experiment 1's table. Each share sits
# clear of the solving counts on either side of its answer (tests/test_tour_claims.py measures the margins);
# the checker computes the true answers itself, with the same train_many, so it is right on any machine.
SOLVING_CASES = (
    (0.75, {}),
    (0.5, dict(activation="relu")),
    (0.25, dict(activation="sigmoid")),
)
SOLVING_SHARE = SOLVING_CASES[0][0]  # experiment 1's case: three quarters, tanh defaults
# Two more cases, each catching one slip that the cases above cannot tell from the right answer (measured on
# seeds 0-199; tests/test_exercises_07.py pins the counts and their margins):
# - half the seeds, tanh defaults: 2 units solve 103 of 200 (threshold 100) but only 46 of seeds 0-99 (threshold
#   50; 3 units: 86), so a function that tries seeds 0-99 (train_many's default seeds) answers 3, not 2;
# - a tenth of the seeds, sigmoid units trained for only 60 epochs at learning rate 0.1: 2 units solve 48 of 200
#   (threshold 20) but only 7 end with a loss below 0.1 (3 units: 38), so a function that counts a seed as solved
#   when its final loss is below 0.1 answers 3, not 2. No final loss of 1 to 3 units lies within 1e-3 of 0.1.
SLIP_CASES = (
    (0.5, {}),
    (0.1, dict(activation="sigmoid", epochs=60, learning_rate=0.1)),
)
CHECKED_CASES = SOLVING_CASES + SLIP_CASES  # the cases check_smallest_width tries, in this order
SLIP_SEEDS = range(100)  # the seeds a function that forgets range(200) tries (train_many's default)
SLIP_LOSS = 0.1  # the loss threshold a function that counts "solved" by its final loss might use


class _Widths:
    """Solving counts and mean accuracies by width for one case, each width trained once, when first asked."""

    def __init__(self, share, settings):
        self.share, self.settings, self.runs = share, settings, {}

    def __getitem__(self, width):
        if width not in self.runs:
            self.runs[width] = train_many(SOLVING_SEEDS, hidden_units=width, **self.settings)
        return self.runs[width]

    def first(self, reaches, up_to=MAX_WIDTH):
        """The first width from 1 whose runs satisfy reaches(runs), or None up to up_to."""
        return next((width for width in range(1, up_to + 1) if reaches(self[width])), None)

    def right(self):
        return self.first(lambda runs: runs.success_rate >= self.share)

    def averaged(self, up_to):
        """The first width whose mean accuracy (not its solving share) reaches the share, searched up to up_to."""
        return self.first(lambda runs: float(np.mean(runs.final_accuracy)) >= self.share, up_to)

    def fewer_seeds(self, up_to):
        """The first width whose share of seeds 0-99 only (train_many's default seeds) reaches the share.

        Network k of train_many does not depend on the other seeds, so seeds 0-99 are the first 100 of the 200 runs.
        """
        return self.first(lambda runs: float(np.mean(runs.solved[: len(SLIP_SEEDS)])) >= self.share, up_to)

    def low_loss(self, up_to):
        """The first width whose share of seeds ending with a loss below SLIP_LOSS (not solving) reaches the share."""
        return self.first(lambda runs: float(np.mean(runs.final_loss < SLIP_LOSS)) >= self.share, up_to)


def _case_text(share, settings):
    return ", ".join([f"share={share}"] + [f"{key}={value!r}" for key, value in settings.items()])


def check_smallest_width(smallest_solving_width):
    """Exercise 1 of notebook 07: smallest_solving_width(share, **settings) -> the fewest hidden units (an int)
    for which at least `share` of seeds 0-199 solve XOR with train_many(range(200), hidden_units=width, **settings).

    Tried on CHECKED_CASES, whose answers differ, so returning experiment 1's width (3) whatever the case fails;
    SLIP_CASES catch trying seeds 0-99 only and counting a low final loss as solved.
    """
    name = getattr(smallest_solving_width, "__name__", "your function")
    answers = []
    for share, settings in CHECKED_CASES:  # a slip such as returning None is named after the first case
        try:
            answer = smallest_solving_width(share, **settings)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name}({_case_text(share, settings)}) raised {type(error).__name__}: {error}")
        problem = _not_a_width(name, answer)
        if problem:
            return _verdict(False, problem)
        answers.append(int(answer))
    widths = [_Widths(share, settings) for share, settings in CHECKED_CASES]
    rights = [case.right() for case in widths]
    if answers == rights:
        return _verdict(
            True,
            f"{name} finds the smallest width for {len(rights)} shares and settings "
            f"({', '.join(map(str, rights))} units): fewer units solve for less than the share.",
        )
    if len(set(answers)) == 1 and len(set(rights)) > 1:
        return _verdict(
            False,
            f"{name} returns {answers[0]} whatever it is given, but the smallest width depends on the share and the "
            f"settings ({', '.join(f'{r} for {_case_text(*c)}' for r, c in zip(rights, CHECKED_CASES, strict=True))}): "
            "your function must compute the width for the share and settings it is given, with "
            "xorutils.train_many(range(200), hidden_units=width, **settings)",
        )
    if answers == [case.averaged(up_to=max(answer, right)) for answer, right, case in zip(answers, rights, widths)]:
        solved = int(widths[0][answers[0]].solved.sum())
        return _verdict(
            False,
            f"for {_case_text(*SOLVING_CASES[0])}, with {answers[0]} unit{'s' if answers[0] > 1 else ''} only "
            f"{rate_text(solved, len(SOLVING_SEEDS))} solve XOR. The mean accuracy over the seeds does reach the share "
            "there, but mean accuracy is not solving: a seed counts only if all four examples are right (use "
            ".success_rate or .solved, not the mean of .final_accuracy)",
        )
    limits = [max(answer, right) for answer, right in zip(answers, rights, strict=True)]  # never search further
    if answers == [case.fewer_seeds(up_to=limit) for case, limit in zip(widths, limits, strict=True)]:
        share, settings = SLIP_CASES[0]
        case = widths[len(SOLVING_CASES)]
        answer, right = answers[len(SOLVING_CASES)], rights[len(SOLVING_CASES)]
        return _verdict(
            False,
            f"your function counts seeds 0 to 99 only. For {_case_text(share, settings)}, {right} units solve XOR "
            f"for {rate_text(int(case[right].solved.sum()), len(SOLVING_SEEDS))}, but for only "
            f"{int(case[right].solved[: len(SLIP_SEEDS)].sum())} of the first 100, so you returned {answer}. "
            "Use seeds 0 to 199: xorutils.train_many(range(200), ...) (without seeds, train_many trains seeds 0 to 99)",
        )
    if answers == [case.low_loss(up_to=limit) for case, limit in zip(widths, limits, strict=True)]:
        share, settings = SLIP_CASES[1]
        case = widths[len(SOLVING_CASES) + 1]
        right = rights[len(SOLVING_CASES) + 1]
        return _verdict(
            False,
            f"for {_case_text(share, settings)}, {right} units solve XOR for "
            f"{rate_text(int(case[right].solved.sum()), len(SOLVING_SEEDS))}, though only "
            f"{int(np.sum(case[right].final_loss < SLIP_LOSS))} end with a loss below {SLIP_LOSS}: 'solved' means "
            "every example on the right side of 0.5 at the end, whatever the loss. Use the runs' .solved or "
            ".success_rate, not a loss threshold",
        )
    if answers == [_Widths(share, {}).right() for share, _ in CHECKED_CASES]:
        return _verdict(
            False,
            f"{name} gives the widths for tanh units whatever the settings ({', '.join(map(str, answers))}): pass the "
            "settings on to train_many (hidden_units=width, **settings)",
        )
    for answer, right, case, (share, settings) in zip(answers, rights, widths, CHECKED_CASES, strict=True):
        if answer == right:
            continue
        where = f"for {_case_text(share, settings)}"
        if answer > right:
            return _verdict(
                False,
                f"{where}, you returned {answer} units, but a smaller width already does: {right} units reach the "
                "share. Return the first width that reaches it (check where your loop starts and stops)",
            )
        solved = int(case[answer].solved.sum())
        return _verdict(
            False,
            f"{where}, with {answer} unit{'s' if answer > 1 else ''} only {rate_text(solved, len(SOLVING_SEEDS))} "
            f"solve XOR: fewer than the share {share}, so try more units",
        )
    raise AssertionError("unreachable: some answer differs from its right width")


def _not_a_width(name, answer):
    """Why answer is not a number of hidden units (a whole number from 1), or None if it is one."""
    if answer is None:
        return f"{name} returned None: did you forget to `return` the result?"
    if isinstance(answer, bool | np.bool_):
        return f"{name} returned {answer}, a yes/no answer: return the number of hidden units, an int such as 5"
    if isinstance(answer, np.ndarray):
        return (
            f"{name} returned a NumPy array (shape {answer.shape}): return one number of hidden units as a plain int, "
            "e.g. int(width)"
        )
    if isinstance(answer, list | tuple | dict | set):
        return f"{name} returned a {type(answer).__name__}: return one number of hidden units, an int"
    if isinstance(answer, float | np.floating):
        if 0 < answer <= 1:
            return (
                f"{name} returned {answer:g}, which looks like a success rate (a share of seeds): "
                "return the number of hidden units instead"
            )
        return (
            f"{name} returned the float {answer!r}: a number of hidden units is a whole number, "
            "so return an int (e.g. int(width))"
        )
    if not isinstance(answer, int | np.integer):
        return f"{name} returned {answer!r}, which is not a number of hidden units (an int)"
    if answer < 1:
        return f"{name} returned {answer}: a hidden layer needs at least 1 unit"
    if answer > MAX_WIDTH:
        return (
            f"{name} returned {answer}, which looks like a count of seeds or a percentage, not a number of hidden units"
        )
    return None


# ----- exercise 2: the checkpoint to stop at, chosen on a validation set ------------------------

LAB_START = dict(
    activation="tanh",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="adam",
    learning_rate=0.05,
)  # the lab's starting values that experiment 4 keeps
CLOUD = dict(points=60, noise=0.35, seed=0)  # experiment 4's cloud: 42 training points, 18 test points
FIT = 30  # the exercise trains on the first 30 training points and validates on the other 12

# (seed, hidden units, epochs, snapshot_every, validation points): the runs stopping_epoch is tried on,
# all trained on the exercise's 30 points. The first is the exercise itself; the others change the seed,
# the width, the length, the spacing of the checkpoints and the validation set (None: the exercise's 12).
# Each case's lowest validation loss beats the next lowest by more than round-off can move it, and each
# slip below gives a wrong epoch in at least one case (tests/test_exercises_07.py measures both). In the
# fourth, the validation loss dips at epoch 80, rises for more than 5 checkpoints, then falls lower (210):
# a Keras-style rule that stops after 5 checkpoints without improvement (patience) misses the lowest.
STOPPING_CASES = (
    (0, 64, 3000, 10, None),
    (4, 8, 800, 16, dict(points=24, noise=0.35, seed=6)),
    (1, 16, 200, 10, dict(points=30, noise=0.35, seed=5)),
    (0, 3, 1000, 10, dict(points=30, noise=0.35, seed=5)),
)
PATIENCE = 5  # the checkpoints without improvement after which the "patience" slip stops


def cloud_split():
    """The exercise's data: (X_fit, y_fit, X_val, y_val, X_test, y_test) from experiment 4's cloud."""
    from ..data import noisy_xor

    X_train, y_train, X_test, y_test = noisy_xor(**CLOUD)
    return X_train[:FIT], y_train[:FIT], X_train[FIT:], y_train[FIT:], X_test, y_test


def _cross_entropy(network, X, y):
    from ..numpy_net import forward, loss_value

    zs, outputs = forward(network, X)
    return float(loss_value("binary_crossentropy", zs[-1], outputs[-1], y))


def _output(network, X):
    from ..numpy_net import forward

    return forward(network, X)[1][-1].ravel()


def _patience_stop(losses):
    """The position a patience rule keeps: the best so far when PATIENCE checkpoints in a row did not beat it."""
    best, waited = 0, 0
    for i in range(1, len(losses)):
        if losses[i] < losses[best]:
            best, waited = i, 0
        else:
            waited += 1
            if waited >= PATIENCE:
                break
    return best


def stopping_cases():
    """Yield (run, X_val, y_val, {name: the epoch it gives}) for each case, training it only when asked for:
    "right" is the epoch of the checkpoint with the lowest validation loss; the rest are the slips the hints name."""
    from ..data import noisy_xor
    from ..training import train

    X_fit, y_fit, X_held, y_held, X_test, y_test = cloud_split()
    for seed, units, epochs, every, fresh in STOPPING_CASES:
        if fresh is None:
            X_val, y_val = X_held, y_held
        else:
            X_val, y_val, _, _ = noisy_xor(**fresh, test_fraction=0)
        settings = LAB_START | dict(hidden_units=units, epochs=epochs, seed=seed)
        run = train(**settings, X=X_fit, y=y_fit, snapshot_every=every)
        epochs_done = [done for done, _ in run.snapshots]

        def losses(X, y, run=run):
            return np.array([_cross_entropy(network, X, y) for _, network in run.snapshots])

        validation = losses(X_val, y_val)
        best = int(np.argmin(validation))
        outputs = [_output(network, X_val) for _, network in run.snapshots]
        accuracy = [np.mean((output > 0.5) == (y_val.ravel() > 0.5)) for output in outputs]
        squared = [np.mean((output - y_val.ravel()) ** 2) for output in outputs]
        rises = [i for i in range(1, len(validation)) if validation[i] > validation[i - 1]]
        answers = {
            "right": epochs_done[best],
            "test": epochs_done[int(np.argmin(losses(X_test, y_test)))],
            "exercise_split": epochs_done[int(np.argmin(losses(X_held, y_held)))],
            "index": best,
            "next": epochs_done[min(best + 1, len(epochs_done) - 1)],
            "previous": epochs_done[max(best - 1, 0)],
            "highest": epochs_done[int(np.argmax(validation))],
            "training": epochs_done[int(np.argmin(losses(X_fit, y_fit)))],
            "last": epochs_done[-1],
            "accuracy": epochs_done[int(np.argmax(accuracy))],
            "squared": epochs_done[int(np.argmin(squared))],
            "first_rise": epochs_done[rises[0] - 1 if rises else -1],
            "patience": epochs_done[_patience_stop(validation)],
        }
        yield run, X_val, y_val, answers


STOPPING_HINTS = {
    "test": (
        "your function picks the checkpoint where the loss on the *test* points is lowest. The test set must play "
        "no part in the choice, or its loss stops being an honest estimate: use the validation points it is given, "
        "X_val and y_val"
    ),
    "exercise_split": (
        "your function gives the exercise's answer only: it ignores the X_val and y_val it is given (it uses the "
        "notebook's own 12 points). Compute the loss on the arguments, so it works for any run and validation set"
    ),
    "index": (
        "you returned the checkpoint's position in run.snapshots, not its epoch: each snapshot is an "
        "(epoch, network) pair, so read the epoch from the pair (with snapshot_every=10, position 5 is epoch 50)"
    ),
    "next": (
        "one checkpoint too late: the first snapshot is at epoch 0, not at snapshot_every. "
        "Read the epoch from the (epoch, network) pair instead of computing it"
    ),
    "previous": "one checkpoint too early: read the epoch from the (epoch, network) pair instead of computing it",
    "highest": "that is the checkpoint where the validation loss is *highest*: take the smallest (np.argmin)",
    "last": (
        "you returned the last checkpoint, where training ended and the training loss is lowest. The training loss "
        "keeps falling while the network overfits, so neither can say when to stop: choose the checkpoint with the "
        "lowest validation loss"
    ),
    "training": (
        "that is the checkpoint where the *training* loss is lowest. The training loss keeps falling while the "
        "network overfits, so it cannot say when to stop: use the validation loss"
    ),
    "accuracy": (
        "that is the checkpoint where the validation *accuracy* is highest. With a few points the accuracy moves "
        "in coarse steps and ties, and it ignores how confident each answer is: choose by the validation loss "
        "(the cross-entropy, loss_on)"
    ),
    "squared": (
        "that is the checkpoint where the mean squared error on the validation points is lowest. The network is "
        "trained on cross-entropy, and the exercise asks for its lowest cross-entropy on the validation points "
        "(loss_on)"
    ),
    "first_rise": (
        "you stopped where the validation loss first rises. A noisy loss can rise for a checkpoint and fall again "
        "lower: look at every checkpoint and take the lowest"
    ),
    "patience": (
        f"you stopped once {PATIENCE} checkpoints in a row did not improve (a patience rule, as Keras's "
        "EarlyStopping does). In one of the runs the validation loss rises for longer than that, then falls "
        "lower: the exercise asks for the lowest over all checkpoints"
    ),
}


def check_stopping_epoch(stopping_epoch):
    """Exercise 2 of notebook 07: stopping_epoch(run, X_val, y_val) -> the epoch (an int) of the checkpoint in
    run.snapshots whose network has the lowest cross-entropy on (X_val, y_val).

    Tried on the exercise's run and on two others (another seed, width, length, checkpoint spacing and
    validation set), so a hard-coded epoch or the notebook's own split does not pass.
    """
    name = getattr(stopping_epoch, "__name__", "your function")
    cases, answers = [], []
    for case in stopping_cases():  # a slip such as returning None is named after the first run, not the third
        cases.append(case)
        run, X_val, y_val, _ = case
        try:
            answer = stopping_epoch(run, X_val, y_val)
        except Exception as error:  # shown to the learner as one line, never a traceback
            return _verdict(False, f"{name} raised {type(error).__name__}: {error}")
        problem = _not_an_epoch(name, answer)
        if problem:
            return _verdict(False, problem)
        answers.append(int(answer))
        epochs_done = [done for done, _ in run.snapshots]
        if answers[-1] not in epochs_done:
            slips = [slip for slip in STOPPING_HINTS if case[3][slip] == answers[-1]]  # such as an index
            if slips:
                return _verdict(False, STOPPING_HINTS[slips[0]])
            return _verdict(
                False,
                f"{name} returned {answers[-1]}, which is not the epoch of any checkpoint of the run (they are "
                f"{epochs_done[0]}, {epochs_done[1]}, ..., {epochs_done[-1]})",
            )
    if all(answer == expected["right"] for answer, (*_, expected) in zip(answers, cases, strict=True)):
        return _verdict(
            True,
            f"{name} picks the checkpoint with the lowest validation loss on {len(cases)} runs "
            f"(epoch {answers[0]} for the exercise's split).",
        )
    for slip, hint in STOPPING_HINTS.items():
        if all(answer == expected[slip] for answer, (*_, expected) in zip(answers, cases, strict=True)):
            return _verdict(False, hint)
    wrong = next(
        i for i, (answer, (*_, expected)) in enumerate(zip(answers, cases, strict=True)) if answer != expected["right"]
    )
    seed, units, epochs, every, _ = STOPPING_CASES[wrong]
    return _verdict(
        False,
        f"for a run of {units} units over {epochs} epochs from seed {seed}, checkpoints every {every} epochs, "
        f"{name} returned epoch {answers[wrong]}, which is not the checkpoint with the lowest validation loss",
    )


def _not_an_epoch(name, answer):
    """Why answer is not an epoch (a whole number), or None if it is one."""
    if answer is None:
        return f"{name} returned None: did you forget to `return` the result?"
    if isinstance(answer, bool | np.bool_):
        return f"{name} returned {answer}, a yes/no answer: return the epoch of a checkpoint, an int such as 50"
    if isinstance(answer, list | tuple | np.ndarray):
        return (
            f"{name} returned a {type(answer).__name__}: return only the epoch, one int "
            "(if you have an (epoch, network) pair, its first item)"
        )
    if hasattr(answer, "arrays"):
        return f"{name} returned a network: return the epoch of that checkpoint, an int"
    if isinstance(answer, float | np.floating):
        if float(answer).is_integer():
            answer = int(answer)
        else:
            return (
                f"{name} returned {answer:.4g}, which looks like a loss: return the epoch where the validation loss is "
                "lowest, not the loss itself"
            )
    if not isinstance(answer, int | np.integer):
        return f"{name} returned {answer!r}, which is not an epoch (an int)"
    return None
