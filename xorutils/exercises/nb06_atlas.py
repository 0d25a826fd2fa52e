"""Checkers for notebook 06, The atlas."""

import io
import warnings
from contextlib import redirect_stdout

import numpy as np

from ..stats import rate_text
from ._checking import _check, _verdict


def check_median_epochs(median_epochs):
    """Notebook 06: median_epochs(atlas, units, rate) -> the number a speed-map cell shows: the median
    epochs to solve over all the cell's seeds, a seed that never solves counted as slower than any that
    does (np.inf), so inf when half or more never solve.

    Tried on a made-up atlas (widths 2, 3, 8, so a row index is not a width; 8 seeds, so the median
    averages the two middle seeds) with cells where nobody, fewer than half, exactly half and more
    than half fail. atlas.median_epochs, stats.median_epochs and stats.epochs_or_inf are the answer
    itself and are refused.
    """
    from .. import stats

    atlas = _made_up_speed_atlas()
    cells = [(3, 0.3), (3, 1.0), (8, 0.1), (2, 1.0), (2, 0.1), (8, 1.0)]
    cases = [((atlas, units, rate), _median_of(atlas, units, rate)) for units, rate in cells]
    budget = atlas.settings["epochs"]

    def epochs(a, u, r):
        return a.epochs_to_solve[a.hidden_units.index(u), a.learning_rates.index(r)]

    slips = {
        "solved only": lambda a, u, r: np.nanmedian(epochs(a, u, r)) if np.any(~np.isnan(epochs(a, u, r))) else np.nan,
        "NaN kept": lambda a, u, r: np.median(epochs(a, u, r)),
        "budget": lambda a, u, r: np.median(np.where(np.isnan(epochs(a, u, r)), budget, epochs(a, u, r))),
        "upper middle": lambda a, u, r: np.sort(np.where(np.isnan(epochs(a, u, r)), np.inf, epochs(a, u, r)))[4],
        "lower middle": lambda a, u, r: np.sort(np.where(np.isnan(epochs(a, u, r)), np.inf, epochs(a, u, r)))[3],
        "mean": lambda a, u, r: np.mean(np.where(np.isnan(epochs(a, u, r)), np.inf, epochs(a, u, r))),
        "mean solved": lambda a, u, r: np.nanmean(epochs(a, u, r)) if np.any(~np.isnan(epochs(a, u, r))) else np.nan,
    }
    hints = {
        "solved only": "that is the median of the seeds that solved only, the one summary() prints; the speed map "
        "counts a seed that never solves as slower than any that does: replace its NaN by np.inf first",
        "NaN kept": "np.median gives NaN as soon as one seed never solves (NaN marks it): replace NaN by np.inf first",
        "budget": "that counts a seed that never solves as solving at the last epoch, so a cell where half or more "
        "fail still gets a median; count it as never (np.inf): such a cell then has none (inf, grey on the map)",
        "upper middle": "with an even number of seeds the median is the mean of the two middle values; "
        "np.median does that",
        "lower middle": "with an even number of seeds the median is the mean of the two middle values; "
        "np.median does that",
        "mean": "that is the mean; the speed map shows the median (np.median)",
        "mean solved": "that is the mean of the solved seeds; the speed map shows the median over all seeds, "
        "a seed that never solves counted as np.inf",
    }
    shortcuts = {name: getattr(stats, name) for name in ("median_epochs", "epochs_or_inf")}
    answers = []
    with warnings.catch_warnings():  # np.nanmedian of a cell nobody solved warns; the verdict says it all
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            for name in shortcuts:
                setattr(stats, name, _refuse_shortcut)
            for arguments, _ in cases:
                try:
                    answers.append(median_epochs(*arguments))
                except _Shortcut:
                    return _verdict(
                        False,
                        "atlas.median_epochs and stats.median_epochs are the map's own answer: compute it from "
                        "the cell's epochs to solve (atlas.runs(units, rate).epochs_to_solve)",
                    )
                except IndexError:
                    return _verdict(False, _WRONG_CELL)
                except Exception:  # _check reports it as one line
                    break
        finally:
            for name, function in shortcuts.items():
                setattr(stats, name, function)
        for answer in answers:
            if isinstance(answer, list | tuple | dict | set) or np.ndim(answer) > 0:
                kind = "an array" if isinstance(answer, np.ndarray) else f"a {type(answer).__name__}"
                return _verdict(False, f"median_epochs returned {kind}; return one number, the cell's median")
            if isinstance(answer, str | bytes):
                return _verdict(False, f"median_epochs returned text ({answer!r}); return the median as a number")
        if len(answers) == len(cases) and any(a is not None for a in answers):
            try:
                numbers = np.array([np.nan if a is None else float(a) for a in answers])
            except (TypeError, ValueError):
                numbers = None
        else:
            numbers = None
        if numbers is None:  # an error or None: _check words it
            return _check(median_epochs, cases, {}, {})
        expected = np.array([e for _, e in cases])
        if np.allclose(numbers, expected):
            return _verdict(
                True,
                f"median_epochs gives the speed map's number on {len(cases)} made-up cells: over all seeds, a seed "
                "that never solves counted as slower than any, and inf (a grey cell) when half or more never solve.",
            )
        for slip, wrong in slips.items():
            if all(np.allclose(n, wrong(*arguments), equal_nan=True) for n, (arguments, _) in zip(numbers, cases)):
                return _verdict(False, hints[slip])
        finite = np.isfinite(expected)
        if np.allclose(numbers[finite], expected[finite]):
            shown = [None if a is None else float(a) for a, f in zip(answers, finite) if not f]
            return _verdict(
                False,
                "where half or more of the seeds never solve there is no median: return np.inf (the grey "
                f"cells); yours gave {shown}",
            )
        if all(float(n) in {float(m) for m in atlas.true_median_epochs.ravel()} for n in numbers):
            return _verdict(False, _WRONG_CELL)
        for number, ((_, units, rate), right) in zip(numbers, cases):
            if not np.allclose(number, right):
                seeds = epochs(atlas, units, rate)
                return _verdict(
                    False,
                    f"on a made-up atlas whose cell ({units} units, rate {rate:g}) has {len(seeds)} seeds solving at "
                    f"epochs {[None if np.isnan(e) else int(e) for e in seeds]} (None: never), the speed map shows "
                    f"{right:g}; median_epochs(atlas, {units}, {rate:g}) gave {number:g}",
                )


_WRONG_CELL = (
    "that reads another cell: atlas.epochs_to_solve is indexed [row, column, seed], rows in the order of "
    "atlas.hidden_units and columns in the order of atlas.learning_rates (find them with .index), or use "
    "atlas.runs(units, rate)"
)


class _Shortcut(Exception):
    """Raised when a checked function reads the answer instead of computing it."""


def _refuse_shortcut(*arguments, **keywords):
    raise _Shortcut


def _median_of(atlas, units, rate):
    return float(atlas.true_median_epochs[atlas.hidden_units.index(units), atlas.learning_rates.index(rate)])


def _made_up_speed_atlas():
    """A made-up Atlas with varied epochs to solve, whose median_epochs refuses to answer."""
    from ..atlas import Atlas

    class SpeedAtlas(Atlas):
        @property
        def median_epochs(self):  # the exercise computes it
            raise _Shortcut

        @property
        def true_median_epochs(self):
            return Atlas.median_epochs.fget(self)

    nan = np.nan
    epochs = np.full((3, 3, 8), nan)  # widths (2, 3, 8) x rates (0.1, 0.3, 1.0) x 8 seeds
    epochs[1, 1] = [40, 12, 7, 90, 25, 33, 18, 60]  # all solve: median 29
    epochs[1, 2] = [5, nan, 9, 30, nan, 12, nan, 7]  # 3 of 8 never solve: median 21
    epochs[2, 0] = [50, nan, 70, nan, 20, nan, 95, nan]  # exactly half never solve: inf
    epochs[0, 2] = [nan, 30, nan, nan, 80, nan, nan, nan]  # 6 of 8 never solve: inf
    epochs[2, 2] = [3, 8, 4, 2, nan, 5, 6, 9]  # 1 of 8 never solves: median 5.5
    epochs[0, 1] = [15] * 8  # another cell, to tell a wrong row from a slip
    settings = dict(activation="tanh", output_activation="sigmoid", loss="binary_crossentropy", optimizer="sgd")
    diverged = np.zeros(epochs.shape, dtype=bool)
    return SpeedAtlas(settings | dict(epochs=100), (2, 3, 8), (0.1, 0.3, 1.0), np.arange(8), epochs, diverged, 0.0)


def check_good_rates(good_rates):
    """Notebook 06: good_rates(atlas, units, share) -> the learning rates where at least share of seeds solve.

    Tried on small made-up atlases whose widths are not 1, 2, 3, ... (so a row index is not a width)
    and with a rate solved by exactly the share (so > instead of >= shows).
    """
    atlas = _made_up_atlas(  # widths 2, 3, 8: neither the row index nor units // 2 finds the row
        hidden_units=(2, 3, 8), learning_rates=(0.1, 0.3, 1.0, 3.0), solved=[[0, 0, 0, 0], [19, 20, 18, 19], [20] * 4]
    )
    cases = [((atlas, 3), [0.1, 0.3, 3.0]), ((atlas, 3, 0.99), [0.3]), ((atlas, 8, 0.5), [0.1, 0.3, 1.0, 3.0])]
    cases.append(((atlas, 2), []))
    row_of = atlas.hidden_units.index

    def kept(values, a, u, share):
        return [rate for rate, value in zip(a.learning_rates, values[row_of(u)]) if value >= share]

    slips = {
        "indices": lambda a, u, share=0.95: [i for i, r in enumerate(a.success_rate[row_of(u)]) if r >= share],
        "strictly more": lambda a, u, share=0.95: [
            rate for rate, r in zip(a.learning_rates, a.success_rate[row_of(u)]) if r > share
        ],
        "success rates": lambda a, u, share=0.95: [r for r in a.success_rate[row_of(u)] if r >= share],
        "interval": lambda a, u, share=0.95: kept(a.interval[0], a, u, share),
        "200 seeds": lambda a, u, share=0.95: kept(a.solved / 200, a, u, share),
        "decreasing": lambda a, u, share=0.95: kept(a.success_rate, a, u, share)[::-1],
        "share ignored": lambda a, u, share=0.95: kept(a.success_rate, a, u, 0.95),
        "window": lambda a, u, share=0.95: _span(kept(a.success_rate, a, u, share), a.learning_rates),
    }
    hints = {
        "indices": "those are column numbers; return the learning rates themselves (atlas.learning_rates)",
        "strictly more": "a rate solved by exactly `share` of the seeds counts too: use >=, not >",
        "success rates": "those are success rates; return the learning rates at which they are high enough",
        "interval": "that keeps the rates whose 95% interval lies above `share`, the stricter test of the notebook; "
        "the exercise asks for the plain share solved, atlas.success_rate",
        "200 seeds": "that divides by 200 seeds, but an atlas can have any number (this one has "
        f"{len(atlas.seeds)}): use atlas.success_rate, or atlas.solved / len(atlas.seeds)",
        "decreasing": "those are the right rates, but return them in increasing order (the atlas' order)",
        "share ignored": "that keeps the rates solved by 95% whatever `share` is asked: compare with `share`",
        "window": "that fills in every rate between the first and the last good one; a rate in between "
        "can fall short (here 1.0, solved by 18 of 20): test each rate on its own",
    }
    answers = []
    for arguments, _ in cases:  # a slip can change the answer's length, which _check would report first
        try:
            answer = good_rates(*arguments)
        except IndexError:
            return _verdict(
                False,
                "atlas.success_rate rows are widths in the order of atlas.hidden_units: "
                "find the row with atlas.hidden_units.index(units)",
            )
        except Exception:  # _check reports it as one line
            break
        if answer is None:
            break
        if isinstance(answer, set | frozenset | dict):
            return _verdict(False, f"good_rates returned a {type(answer).__name__}; return a list, in increasing order")
        if any(isinstance(rate, str | bytes) for rate in np.ravel(np.asarray(answer, dtype=object))):
            return _verdict(False, f"good_rates returned text ({answer!r}); return the learning rates as numbers")
        try:
            answers.append(np.asarray(answer, dtype=float))
        except (TypeError, ValueError):
            break
        if answers[-1].ndim > 1:
            return _verdict(
                False,
                f"good_rates returned an array of shape {answers[-1].shape}, a list of lists; "
                "return a flat list of learning rates, e.g. [0.1, 0.3]",
            )
    if len(answers) == len(cases):
        for slip, wrong in slips.items():
            expected = [np.asarray(wrong(*arguments), dtype=float) for arguments, _ in cases]
            same = all(a.shape == e.shape and np.allclose(a, e) for a, e in zip(answers, expected))
            right = all(a.shape == np.shape(e) and np.allclose(a, e) for a, (_, e) in zip(answers, cases))
            if same and not right:
                return _verdict(False, hints[slip])
        for answer, ((_, units, *share), expected) in zip(answers, cases):
            if answer.shape != np.shape(expected) or not np.allclose(answer, expected):
                rates = dict(zip(atlas.learning_rates, atlas.solved[row_of(units)]))
                return _verdict(
                    False,
                    f"on a made-up atlas of {len(atlas.seeds)} seeds whose {units}-unit row solves "
                    + ", ".join(f"{solved} at {rate:g}" for rate, solved in rates.items())
                    + f", good_rates(atlas, {units}{', ' + str(share[0]) if share else ''}) should be "
                    f"{[float(rate) for rate in expected]}; yours gave {answer.ravel().tolist()}",
                )
    return _check(good_rates, cases, {}, {})


def _span(rates, learning_rates):
    """Every learning rate from the first of rates to the last, a window with no gaps."""
    if not rates:
        return []
    return list(learning_rates[learning_rates.index(rates[0]) : learning_rates.index(rates[-1]) + 1])


def _made_up_atlas(hidden_units, learning_rates, solved, seeds=20):
    """An Atlas whose cell (i, j) has solved[i][j] of `seeds` seeds solved (at epoch 10), for checkers."""
    from ..atlas import Atlas

    solved = np.array(solved)
    epochs = np.where(np.arange(seeds) < solved[..., None], 10.0, np.nan)
    settings = dict(activation="tanh", output_activation="sigmoid", loss="binary_crossentropy", optimizer="sgd")
    never_diverged = np.zeros(epochs.shape, dtype=bool)
    return Atlas(
        settings | dict(epochs=100), hidden_units, learning_rates, np.arange(seeds), epochs, never_diverged, 0.0
    )


MORE_EPOCHS = dict(
    hidden_units=(4,),
    activation="sigmoid",
    output_activation="sigmoid",
    loss="binary_crossentropy",
    optimizer="sgd",
    learning_rate=0.1,
)


def check_more_epochs(short, long, rescued):
    """Notebook 06: short and long are train_many studies of the atlas cell (4 sigmoid units, "sgd",
    learning rate 0.1, seeds range(200)) for 2,000 and 20,000 epochs; rescued(short, long) counts the
    seeds that fail within short's epochs but solve within long's.

    The studies are checked by their settings (each setting a learner could get wrong has its own
    hint). rescued is tried on small made-up studies whose seeds are not 0, 1, 2, ... and where some
    seeds solve in the short study but not the long one, so that a difference of totals, a count of
    all seeds the long study solves, or the reverse count each give a different number.
    """
    for name, study, epochs in (("short", short, 2000), ("long", long, 20_000)):
        problem = _study_problem(name, study, epochs, short, long)
        if problem:
            return _verdict(False, problem)
    if not callable(rescued):
        return _verdict(False, f"rescued should be a function rescued(short, long); got {rescued!r}")
    cases = []
    for short_solved, long_solved in (
        ([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]),
        ([1, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0]),
    ):
        short_solved, long_solved = np.array(short_solved, dtype=bool), np.array(long_solved, dtype=bool)
        # as in a real pair, a rescued seed first solves after the short study's 2,000 epochs; seed 1 of the
        # first pair is solved in both, but went wrong after epoch 2,000 and right again (at 2,400)
        long_epochs = np.where(short_solved, 10.0, 2100.0 + 700 * np.arange(len(long_solved)))
        if len(long_epochs) > 5:
            long_epochs[1] = 2400.0
        pair = _made_up_runs(short_solved, 2000), _made_up_runs(long_solved, 20_000, epochs_to_solve=long_epochs)
        cases.append((pair, int(np.sum(pair[1].solved & ~pair[0].solved))))
    slips = {
        "net": lambda a, b: int(b.solved.sum()) - int(a.solved.sum()),
        "all long": lambda a, b: int(b.solved.sum()),
        "failed short": lambda a, b: int((~a.solved).sum()),
        "reverse": lambda a, b: int(np.sum(a.solved & ~b.solved)),
        "either": lambda a, b: int(np.sum(a.solved != b.solved)),
        "late": lambda a, b: int(np.sum(b.epochs_to_solve > a.settings["epochs"])),
    }
    hints = {
        "net": "that is the change in the total solved; count seed by seed the seeds the long study solves and "
        "the short one does not (a seed the short study solves and the long one loses would cancel one)",
        "all long": "that counts every seed the long study solves, including those already solved within "
        "the short study's epochs; count only the seeds the short study failed",
        "failed short": "that counts every seed the short study failed; count only those the long study then solves",
        "reverse": "that counts the seeds the short study solves and the long one does not: the other way round",
        "either": "that counts the seeds where the two studies disagree either way; count only those the "
        "short study fails and the long one solves",
        "late": "that counts the seeds whose epochs to solve in the long study lie beyond the short study's "
        "budget, which can include a seed the short study solved (one can go wrong after epoch 2,000 and "
        "right again); compare the two studies' .solved seed by seed",
    }
    try:
        first = rescued(*cases[0][0])
    except Exception:  # _check reports it as one line
        first = None
    if isinstance(first, np.ndarray) and first.size > 1:
        return _verdict(False, "rescued returned an array, one entry per seed: return how many seeds (a number)")
    if isinstance(first, list | tuple | set | dict) or isinstance(first, np.ndarray) and first.ndim > 0:
        return _verdict(
            False, f"rescued returned a {type(first).__name__} ({first!r}); return a number, the count itself"
        )
    if isinstance(first, bool | np.bool_ | str) or isinstance(first, float) and not float(first).is_integer():
        return _verdict(False, f"rescued should return a whole number of seeds; it returned {first!r}")
    checked = io.StringIO()
    with redirect_stdout(checked):
        _check(rescued, cases, slips, hints)
    if checked.getvalue().startswith("Not yet: for "):  # an unnamed wrong count: say it without the studies' repr
        for pair, expected in cases:
            answer = rescued(*pair)
            if answer != expected:
                solved = [", ".join(str(seed) for seed in study.seeds[study.solved]) for study in pair]
                return _verdict(
                    False,
                    f"on two made-up studies of seeds {pair[0].seeds[0]} to {pair[0].seeds[-1]}, the short one "
                    f"solving seeds {solved[0] or 'none'} and the long one {solved[1] or 'none'}, rescued should "
                    f"give {expected}; yours gave {answer!r}",
                )
    if not checked.getvalue().startswith("Right!"):
        return print(checked.getvalue(), end="")
    try:
        answer_count = rescued(short, long)
    except Exception as error:  # shown as one line, like _check's
        return _verdict(False, f"rescued(short, long) raised {type(error).__name__}: {error}")
    count, failed = int(np.sum(long.solved & ~short.solved)), int((~short.solved).sum())
    if answer_count != count:
        return _verdict(
            False, f"rescued(short, long) gave {answer_count!r} on your studies; counted seed by seed it is {count}"
        )
    return _verdict(
        True,
        f"both studies are the atlas cell, and rescued counts seed by seed. Here it gives {count}: "
        f"{rate_text(count, failed, 'seeds that failed within 2,000 epochs') if failed else 'no seed failed'}.",
    )


def _study_problem(name, study, epochs, short, long):
    """What is wrong with one of check_more_epochs' studies, in words, or None."""
    from ..many_seeds import ManyRuns

    call = "xorutils.train_many(range(200), ...)"
    if study is None:
        return f"{name} is None: train it with {call}"
    if not isinstance(study, ManyRuns):
        return f"{name} should be what {call} returns (a ManyRuns); got {type(study).__name__}"
    settings = study.settings
    if short is not None and long is not None and name == "short" and settings.get("epochs") == 20_000:
        if getattr(long, "settings", {}).get("epochs") == 2000:
            return "short and long are swapped: short is the 2,000-epoch study, long the 20,000-epoch one"
    if settings.get("optimizer") != "sgd":
        return (
            f"{name} was trained with optimizer={settings.get('optimizer')!r}"
            + (" (train_many's default)" if settings.get("optimizer") == "adam" else "")
            + "; the atlas' maps are plain gradient descent: optimizer='sgd'"
        )
    for key in ("hidden_units", "activation", "learning_rate"):
        if settings.get(key) != MORE_EPOCHS[key]:
            shown = {"hidden_units": "4 hidden units", "activation": "the sigmoid", "learning_rate": "0.1"}[key]
            return (
                f"{name} has {key}={settings.get(key)!r}, another cell of the atlas (train_many's defaults "
                f"differ from the atlas'); the exercise's cell is {shown}"
            )
    for key in ("output_activation", "loss"):
        if settings.get(key) != MORE_EPOCHS[key]:
            return f"{name} has {key}={settings.get(key)!r}; the atlas uses {MORE_EPOCHS[key]!r}"
    if settings.get("weight_scale", 1.0) != 1:
        return (
            f"{name} was trained with weight_scale={settings['weight_scale']!r}; the atlas starts from "
            "Glorot's scale: leave weight_scale out (1.0)"
        )
    if settings.get("data", "xor") != "xor":
        return f"{name} was trained on other data (X and y); the atlas trains on XOR's four corners: leave X and y out"
    for key, default in (("features", ("x1", "x2")), ("l2", 0.0)):
        if settings.get(key, default) != default:
            return f"{name} has {key}={settings[key]!r}; the atlas uses {default!r}: leave {key} out"
    if not np.array_equal(study.seeds, np.arange(200)):
        return (
            f"{name} was trained on {len(study.seeds)} seeds; train both on range(200), the atlas' seeds, "
            "so that the two studies can be compared seed by seed"
        )
    if settings.get("epochs") != epochs:
        return f"{name} ran {settings.get('epochs'):,} epochs; it should run {epochs:,} (write {epochs:_})"
    return None


def _made_up_runs(solved, epochs, first_seed=100, epochs_to_solve=10.0):
    """A ManyRuns whose seed i solved (at epoch 10, or epochs_to_solve[i]) where solved[i], for checkers."""
    from ..many_seeds import ManyRuns

    solved = np.array(solved, dtype=bool)
    n = len(solved)
    return ManyRuns(
        settings=dict(MORE_EPOCHS, hidden_units=(4,), epochs=epochs),
        seeds=np.arange(first_seed, first_seed + n),
        loss=np.zeros((n, 1)),
        epochs_to_solve=np.where(solved, epochs_to_solve, np.nan),
        final_loss=np.zeros(n),
        final_accuracy=np.where(solved, 1.0, 0.75),
        final_output=np.zeros((n, 4)),
        diverged=np.zeros(n, dtype=bool),
    )
