"""The course's figures: loss curves, output surface, decision boundary, hidden space, network drawing.

Each function draws on the Axes it is given, or on a new figure of its own when ax is None,
and returns the Axes so a notebook can add titles, lines or annotations. None calls plt.show():
the notebook shows the figure at the end of the cell.
"""

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

from . import stats
from .data import xor_data
from .numpy_net import ACTIVATIONS, DERIVATIVES, backward, forward

TARGET_COLOURS = {0: "tab:blue", 1: "tab:orange"}
# Outputs share the targets' colours: 0 blue, 1 orange, 0.5 white (blue/orange stays apart for
# colour-blind readers), so a point sits on the fill of its own colour where the network is right.
OUTPUT_CMAP = matplotlib.colors.LinearSegmentedColormap.from_list(
    "xor_output", [TARGET_COLOURS[0], "white", TARGET_COLOURS[1]]
)
SQUARE = (-0.5, 1.5)
# One style per meaning in every figure: the line where the output equals 0.5 is solid black; the
# line where hidden unit j bends (its ReLU switches on) is black in BEND_STYLES[j] when named.
HALF_LINE = dict(color="black", linestyle="-", linewidth=1.5)
BEND_STYLES = ("--", ":", "-.")
# Several series on one plot (runs, studies): Okabe-Ito colours without its blue and orange, which
# mean the targets 0 and 1, each with its own line style, so curves differ without colour as well.
SERIES_COLOURS = ("black", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "0.55")
SERIES_STYLES = ("-", "--", "-.", ":")


def plot_loss(runs, labels=None, log=False, ax=None, title="Loss during training"):
    """Loss per epoch for one run or several on shared axes.

    runs: a TrainingResult, a sequence of them, or loss curves (arrays). labels default to each
    result's back end. log=True uses a logarithmic loss axis, where late progress stays visible.
    """
    runs = [runs] if _is_single_run(runs) else list(runs)
    if labels is None:
        labels = [getattr(run, "backend", f"run {index + 1}") for index, run in enumerate(runs)]
    if len(labels) != len(runs):
        raise ValueError(f"labels must give one name per run ({len(runs)}); got {len(labels)}: {labels!r}")
    ax = ax or _new_axes()
    for index, (run, label) in enumerate(zip(runs, labels)):
        curve = np.asarray(getattr(run, "loss", run))
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)] if len(runs) > 1 else None
        ax.plot(np.arange(1, len(curve) + 1), curve, label=label, color=colour)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="loss" + (" (log scale)" if log else ""), title=title)
    if any(labels):
        ax.legend()
    return ax


def plot_data(X=None, y=None, ax=None, lim=SQUARE, title="The XOR data"):
    """The data points on the plane, coloured by target: for XOR, the four corners of the unit square."""
    X, y = _data(X, y)
    ax = ax or _new_axes(figsize=(4.5, 4))
    _scatter_targets(ax, X, y)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=lim, ylim=lim, aspect="equal", title=title)
    return ax


def plot_epochs_to_solve(studies, ax=None, title="Epochs to solve, one dot per seed"):
    """Compare configurations trained from many seeds: a box of epochs-to-solve per configuration.

    studies: {label: ManyRuns}. Each label gains its success rate, since unsolved seeds have no
    epoch to plot and would otherwise vanish silently.
    """
    ax = ax or _new_axes(figsize=(7, 4))
    labels, solved = [], []
    for label, runs in studies.items():
        solved.append(runs.epochs_to_solve[runs.solved])
        labels.append(f"{label}\n{100 * runs.success_rate:.3g}% solved")
    # horizontal boxes, labels on the y axis: long labels never run into each other; the first on top
    ax.boxplot(solved, tick_labels=labels, showfliers=False, orientation="horizontal")
    rng = np.random.default_rng(0)  # fixed jitter, so the figure repeats exactly
    for position, values in enumerate(solved, start=1):
        ax.scatter(values, position + rng.uniform(-0.15, 0.15, len(values)), s=6, alpha=0.4, color="tab:blue")
    ax.invert_yaxis()
    ax.set(xlabel="epochs to solve", title=title)
    return ax


def plot_solved_by_epoch(studies, ax=None, log=True, title="Share of seeds solved by each epoch"):
    """Speed with failures counted: for each study, the fraction of its seeds solved by epoch t.

    studies: {label: ManyRuns}. A curve that levels off below 1 shows the seeds that never solve;
    the shaded band is the 95% Wilson interval of that fraction at each epoch.
    """
    ax = ax or _new_axes(figsize=(7, 4))
    for index, (label, runs) in enumerate(studies.items()):
        share = stats.solved_by_epoch(runs)
        epochs = np.arange(1, len(share) + 1)
        style = dict(
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)], linestyle=SERIES_STYLES[index % len(SERIES_STYLES)]
        )
        (line,) = ax.plot(epochs, share, label=f"{label} ({stats.percent(share[-1])} by the end)", **style)
        low, high = np.array([stats.wilson_interval(int(round(f * len(runs.seeds))), len(runs.seeds)) for f in share]).T
        ax.fill_between(epochs, low, high, color=line.get_color(), alpha=0.15, linewidth=0)
    if log:
        ax.set_xscale("log")
    ax.set(
        xlabel="epoch" + (" (log scale)" if log else ""), ylabel="share of seeds solved", ylim=(0, 1.02), title=title
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small")  # beside the axes: curves stay visible
    return ax


def plot_atlas(atlas, what="success", ax=None, title=None):
    """One activation's atlas as a heatmap over hidden units (rows) x learning rate (columns).

    what="success": the share of seeds solved, each cell labelled with its percentage (the 95%
    interval of a 200-seed cell is at most +-7 points). what="speed": the median epochs to solve over
    all seeds, failures counted as never, on a log colour scale from 1 to the epoch budget; grey
    cells are those where half or more never solve.
    """
    if what not in ("success", "speed"):
        raise ValueError(f"what must be 'success' or 'speed'; got {what!r}")
    ax = ax or _new_axes(figsize=(6, 4.5))
    if what == "success":
        values, label = 100 * atlas.success_rate, "seeds solved (%)"
        image = ax.imshow(values, cmap="viridis", vmin=0, vmax=100, origin="lower", aspect="auto")
        texts = [[_percent_label(v) for v in row] for row in values]
    else:
        median = atlas.median_epochs
        values, label = np.where(np.isfinite(median), median, np.nan), "median epochs to solve (log scale)"
        label += "\ngrey, -: half or more never solve"  # and the bar's grey tip, beyond the budget
        cmap = plt.get_cmap("magma_r").with_extremes(bad="lightgrey", over="lightgrey")
        norm = matplotlib.colors.LogNorm(vmin=1, vmax=atlas.settings["epochs"])  # one scale for every atlas
        image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, origin="lower", aspect="auto")
        texts = [[f"{v:.0f}" if np.isfinite(v) else "-" for v in row] for row in values]
    for (row, column), text in np.ndenumerate(np.array(texts, dtype=object)):
        shade = image.cmap(image.norm(values[row, column])) if np.isfinite(values[row, column]) else (1, 1, 1, 1)
        ink = "black" if np.dot(shade[:3], (0.299, 0.587, 0.114)) > 0.5 else "white"
        ax.text(column, row, text, ha="center", va="center", fontsize="small", color=ink)
    ax.set_xticks(range(len(atlas.learning_rates)), [f"{rate:g}" for rate in atlas.learning_rates])
    ax.set_yticks(range(len(atlas.hidden_units)), [str(units) for units in atlas.hidden_units])
    ax.set(xlabel="learning rate", ylabel="hidden units")
    ax.figure.colorbar(image, ax=ax, label=label, extend="max" if what == "speed" else "neither")
    settings = atlas.settings
    ax.set_title(title or f"{settings['activation']}: {len(atlas.seeds)} seeds a cell, {settings['epochs']:,} epochs")
    return ax


def plot_decision_boundary(
    network, X=None, y=None, ax=None, lim=SQUARE, resolution=200, title=None, colorbar=True, bends=False
):
    """The network's output over the plane as filled colour, its 0.5 contour as a line, and the data.

    bends=True also draws, dotted, the line where each first-layer ReLU unit switches on (its
    weighted input is 0): a ReLU network is linear between those lines, so its boundary can only
    turn a corner on one of them. bends=["$h_1$", "$h_2$", ...] (one name per hidden unit, up to
    3) draws each unit's line in its own style from BEND_STYLES and names it in the legend.
    The colour bar has a pointed end only on a side where the output leaves 0-1.
    """
    X, y = _data(X, y)
    ax = ax or _new_axes()
    grid_x, grid_y, output = _output_grid(network, lim, resolution)
    below, above = bool(output.min() < -1e-6), bool(output.max() > 1 + 1e-6)  # beyond round-off of 0 and 1
    extend = {(False, False): "neither", (True, False): "min", (False, True): "max"}.get((below, above), "both")
    filled = ax.contourf(  # pale, so the data points in the same colours stand out on it
        grid_x,
        grid_y,
        np.clip(output, -np.inf if below else 0, np.inf if above else 1),  # round-off past 0 or 1 is still filled
        levels=np.linspace(0, 1, 11),
        cmap=OUTPUT_CMAP,
        extend=extend,
        alpha=0.55,
    )
    if output.min() < 0.5 < output.max():  # no boundary line where the output never crosses 0.5
        ax.contour(grid_x, grid_y, output, levels=[0.5], colors=HALF_LINE["color"], linewidths=HALF_LINE["linewidth"])
        ax.plot([], [], **HALF_LINE, label="output = 0.5")  # named in the legend below the map
    if bends is not False and bends is not True:
        names = list(bends) if isinstance(bends, (list, tuple)) else None
        units = network.layers[0][0].shape[1]
        if names is None or len(names) != units or units > len(BEND_STYLES):
            raise ValueError(
                f"bends must be True, False or a list of {units} unit names (at most {len(BEND_STYLES)}); got {bends!r}"
            )
    if bends:
        if network.activation != "relu":
            raise ValueError(
                f"bends=True draws ReLU units' bend lines; this network's hidden units are {network.activation!r}"
            )
        W, b = network.layers[0]
        for index, (w1, w2) in enumerate(W.T):
            if bends is True:
                style = _bend_style("a hidden unit bends (z = 0)" if index == 0 else None)
            else:
                style = bend_style(index, f"{bends[index]} bends")
            if w2 != 0:
                ax.axline(_point_on_line(w1, w2, b[index]), slope=-w1 / w2, **style)
            elif w1 != 0:  # a vertical line; a unit with both weights 0 never bends
                ax.axvline(-b[index] / w1, **style)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label="network output")
    _scatter_targets(ax, X, y)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=lim, ylim=lim, aspect="equal")
    ax.set_title(title or "Decision boundary (black line: output = 0.5)")
    ncol = 2 if bends else 3
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.14), ncol=ncol, fontsize="small")  # below: the map stays clear
    return ax


def _percent_label(value):
    """A cell's percentage, never rounded to a misleading 0 or 100: 0.5 -> '<1', 99.5 -> '>99'."""
    if 0 < value < 1:
        return "<1"
    if 99 < value < 100:
        return ">99"
    return f"{value:.0f}" if abs(value - round(value)) < 1e-6 else f"{value:.1f}"  # 96.5 stays 96.5


def _point_on_line(w1, w2, b):
    """A point of w1 x1 + w2 x2 + b = 0 (the one nearest the origin)."""
    scale = -b / (w1 * w1 + w2 * w2)
    return (float(w1 * scale), float(w2 * scale))


def _bend_style(label):
    return dict(color="black", linestyle=":", linewidth=1.5, alpha=0.8, label=label)


def bend_style(index, label=None):
    """The line style of hidden unit index's bend, the same on every figure that names it."""
    return dict(color="black", linestyle=BEND_STYLES[index], linewidth=2, label=label)


def plot_surface(
    network, X=None, y=None, ax=None, lim=SQUARE, resolution=60, title="Network output", colorbar=False, view=None
):
    """The network's output as a 3D surface over the plane, with the data points at their targets.

    Coloured on the decision map's scale: 0 blue, 0.5 white, 1 orange, with outputs below 0 or above
    1 in the end colours (as the map's extended fill shows them). colorbar=True adds its bar;
    view=(elevation, azimuth) in degrees turns the camera.
    """
    X, y = _data(X, y)
    if ax is None:
        figure = plt.figure(figsize=(6, 5))
        ax = figure.add_subplot(projection="3d")
    grid_x, grid_y, output = _output_grid(network, lim, resolution)
    ax.computed_zorder = False  # draw the points after the surface, so none hides under it
    surface = ax.plot_surface(
        grid_x, grid_y, output, cmap=OUTPUT_CMAP, vmin=0, vmax=1, alpha=0.6, linewidth=0, antialiased=True, zorder=1
    )
    for target, colour in TARGET_COLOURS.items():
        rows = y[:, 0] == target
        ax.scatter(
            X[rows, 0], X[rows, 1], y[rows, 0], color=colour, s=60, edgecolor="black", depthshade=False, zorder=3,
            label=f"target {target}",
        )  # fmt: skip
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))  # fewer ticks: no labels running together
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    ax.zaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="output", title=title)
    if view is not None:
        ax.view_init(*view)
    if colorbar:
        extend = {(False, False): "neither", (True, False): "min", (False, True): "max"}.get(
            (bool(output.min() < 0), bool(output.max() > 1)), "both"
        )
        ax.figure.colorbar(surface, ax=ax, label="network output", shrink=0.6, pad=0.12, extend=extend)
    ax.legend(loc="upper left")
    return ax


def plot_hidden_space(network, X=None, y=None, ax=None, title="Hidden space: where the inputs land"):
    """Where each input lands in a 2-unit first hidden layer, with the output's 0.5 line there.

    For a 2-2-1 network the output is a straight line's worth of decision in this plane, so this
    is where XOR becomes linearly separable.
    """
    X, y = _data(X, y)
    (W, b), *rest = network.layers
    if not rest:
        raise ValueError("plot_hidden_space needs a first hidden layer of 2 units; this network has no hidden layer")
    if W.shape[1] != 2:
        raise ValueError(f"plot_hidden_space needs a first hidden layer of 2 units; this one has {W.shape[1]}")
    hidden = ACTIVATIONS[network.activation](network.inputs(X) @ W + b)  # the layer sees the features of X
    ax = ax or _new_axes()
    _scatter_targets(ax, hidden, y, rings=True)  # where a 0 and a 1 land together, a ring shows the one beneath
    low, high = hidden.min(axis=0), hidden.max(axis=0)
    labels = {}  # inputs that land within 2% of the view of each other share one label
    for point, (x1, x2) in zip(hidden, X):
        near = [p for p in labels if np.all(np.abs(np.array(p) - point) <= 0.02 * np.maximum(high - low, 0.5))]
        labels.setdefault(near[0] if near else tuple(point), []).append(f"({x1:g}, {x2:g})")
    for point, names in labels.items():
        ax.annotate(" and ".join(names), point, textcoords="offset points", xytext=(8, 6))
    pad = 0.25 * np.maximum(high - low, 0.5)
    lim_x, lim_y = (low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1])
    if len(rest) == 1:
        (w, c), threshold = rest[0], (0.0 if network.output_activation == "sigmoid" else 0.5)
        _draw_line(ax, w[:, 0], c[0] - threshold, lim_x, lim_y)
    ax.set(xlabel="hidden unit $h_1$", ylabel="hidden unit $h_2$", xlim=lim_x, ylim=lim_y, title=title)
    return ax


def plot_network(network, ax=None, show_weights=True, title=None, values=False, names=None):
    """A drawing of the layers and units; line width shows |weight|, colour its sign (red +, blue -).

    values=True also writes each weight on its line, a third of the way from the unit it leaves
    (where lines that cross are still apart), and each unit's bias beside it. names, one list of
    unit names per layer (e.g. [["$x_1$", "$x_2$"], ["$h_1$", "$h_2$"], ["$\\hat y$"]]), writes each
    name inside its unit's circle.
    """
    sizes = [network.layers[0][0].shape[0]] + [W.shape[1] for W, _ in network.layers]
    if max(sizes) > 32:
        raise ValueError(f"plot_network draws up to 32 units per layer; this network has layers of {sizes}")
    if names is not None and [len(layer) for layer in names] != sizes:
        raise ValueError(f"names must give one name per unit, layers of {sizes}; got {names!r}")
    unit_names = names or [[] for _ in sizes]
    ax = ax or _new_axes(figsize=(1.8 * len(sizes) + 1, 4))
    positions = [np.linspace(1, -1, size) * min(1, size / 4) for size in sizes]
    largest = max(float(np.abs(W).max()) for W, _ in network.layers) or 1.0
    for layer, (W, _) in enumerate(network.layers):
        for i, j in np.ndindex(W.shape):
            weight = W[i, j]
            width = 0.5 + 3.5 * abs(weight) / largest if show_weights else 1.0
            colour = ("tab:red" if weight > 0 else "tab:blue") if show_weights else "grey"
            ax.plot(
                [layer, layer + 1], [positions[layer][i], positions[layer + 1][j]], color=colour, lw=width, zorder=1
            )
            if values:
                start, end = np.array([layer, positions[layer][i]]), np.array([layer + 1, positions[layer + 1][j]])
                ax.text(*(start + (end - start) / 3), f"{weight:g}", **_value_style(colour))
    names = ["input"] + [f"hidden {n}" for n in range(1, len(sizes) - 1)] + ["output"]
    for layer, (size, name) in enumerate(zip(sizes, names)):
        ax.scatter(np.full(size, layer), positions[layer], s=500, color="white", edgecolor="black", zorder=2)
        for position, unit in zip(positions[layer], unit_names[layer]):
            ax.text(layer, position, unit, ha="center", va="center", zorder=5)
        ax.text(layer, -1.35, f"{name}\n{size} unit{'s' if size > 1 else ''}", ha="center", va="top")
        if values and layer > 0:
            for position, bias in zip(positions[layer], network.layers[layer - 1][1]):
                ax.text(layer, position - 0.17, f"bias {bias:g}", **_value_style("black", va_top=True))
    ax.set(xlim=(-0.5, len(sizes) - 0.5), ylim=(-1.8, 1.3))
    ax.axis("off")
    ax.set_title(title or "-".join(map(str, sizes)) + f" network ({network.parameter_count} parameters)")
    return ax


def _value_style(colour, va_top=False):
    """Text for a number on the network drawing: on a white box, so lines behind it do not cross it."""
    box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=colour, linewidth=0.8)
    return dict(ha="center", va="top" if va_top else "center", fontsize="small", color="black", bbox=box, zorder=4)


def plot_activations(names=("sigmoid", "tanh", "relu"), lim=(-6, 6), flat_below=0.05, axes=None):
    """Each activation f(z) (solid) beside its slope f'(z) (dashed), one panel per name.

    Grey shading marks where the slope is below ``flat_below``: there a unit barely passes a
    gradient back (saturation for sigmoid and tanh, the flat side for ReLU). Returns the axes.
    """
    unknown = [name for name in names if name not in ACTIVATIONS]
    if unknown:
        raise ValueError(f"names must be activations from {sorted(ACTIVATIONS)}; got {unknown!r}")
    if axes is None:
        _, axes = plt.subplots(1, len(names), figsize=(3.6 * len(names), 3.4), sharey=True, squeeze=False)
        axes = axes[0]
    z = np.linspace(*lim, 600)  # an even count: no sample lands exactly on ReLU's kink at 0
    for ax, name in zip(axes, names):
        a = ACTIVATIONS[name](z)
        slope = DERIVATIVES[name](z, a)
        ax.fill_between(z, -1.2, 2.2, where=slope < flat_below, color="0.88", label=f"slope < {flat_below}")
        ax.axhline(0, color="0.5", lw=0.8)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.plot(z, a, color="black", lw=2, label="f(z)")
        ax.plot(z, slope, color="tab:purple", lw=2, linestyle="--", label="slope f'(z)")
        ax.set(xlim=lim, ylim=(-1.2, 2.2), xlabel="z (weighted input)", title=name)
        ax.set_xticks(np.arange(np.ceil(lim[0] / 2) * 2 + 2, lim[1], 2))  # even ticks, none at a panel's edge
    axes[0].set_ylabel("value")
    axes[0].figure.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=3, frameon=False)
    axes[0].figure.subplots_adjust(bottom=0.27, wspace=0.08)
    return axes


def plot_worked_example(network, x, y, ax=None, title=None):
    """A 2-2-1 network on one example with every number backprop uses written on its graph.

    Beside each unit its bias and forward values (black) and its delta dL/dz (purple; cross-entropy
    loss, sigmoid output); on each connection its weight and that weight's gradient ("grad").
    """
    sizes = [network.layers[0][0].shape[0]] + [W.shape[1] for W, _ in network.layers]
    if sizes != [2, 2, 1]:
        raise ValueError(f"plot_worked_example draws a 2-2-1 network; network has layers of {sizes}")
    X, Y = np.asarray(x, dtype=float).reshape(1, 2), np.asarray(y, dtype=float).reshape(1, 1)
    zs, activations = forward(network, X)
    (dW1, _), (dW2, _) = backward(network, zs, activations, Y, "binary_crossentropy")
    (W1, c), (W2, b) = network.layers
    p = activations[-1][0, 0]
    delta_out = p - Y[0, 0]
    delta_hidden = delta_out * W2[:, 0] * DERIVATIVES[network.activation](zs[0], activations[1])[0]
    ax = ax or _new_axes(figsize=(11, 5.6))
    at = {"x1": (0, 1), "x2": (0, -1), "h1": (1.3, 1), "h2": (1.3, -1), "p": (2.6, 0)}
    edges = [(f"x{i + 1}", f"h{j + 1}", f"W{i + 1}{j + 1}", W1[i, j], dW1[i, j]) for i in range(2) for j in range(2)]
    edges += [(f"h{j + 1}", "p", f"w{j + 1}", W2[j, 0], dW2[j, 0]) for j in range(2)]
    for start, end, name, weight, gradient in edges:
        (x0, y0), (x1, y1) = at[start], at[end]
        ax.plot([x0, x1], [y0, y1], color="0.6", lw=1.5, zorder=1)
        t = 0.3 if start.startswith("x") else 0.5  # input weights' labels near the inputs, clear of the crossing
        label = f"${name[0]}_{{{name[1:]}}}$ = {weight:.4g}\ngrad {gradient + 0.0:+.4f}"  # + 0.0: no "-0.0000"
        box = dict(boxstyle="round", fc="white", ec="0.7")
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, ha="center", va="center", fontsize=9, bbox=box, zorder=3)
    # Each unit's labels go on the side no connection leaves from, so no line is cut by a label:
    # x1 and h1 above, x2 and h2 below, p to the right; forward values black, deltas purple.
    labels = {"x1": [(f"$x_1$ = {X[0, 0]:.4g}", "black")], "x2": [(f"$x_2$ = {X[0, 1]:.4g}", "black")]}
    for j in range(2):
        forward_values = (
            f"$c_{j + 1}$ = {c[j]:.4g}: $z_{j + 1}$ = {zs[0][0, j]:.4g}, $h_{j + 1}$ = {activations[1][0, j]:.4g}"
        )
        labels[f"h{j + 1}"] = [(forward_values, "black"), (f"$\\delta_{j + 1}$ = {delta_hidden[j]:+.4f}", "tab:purple")]
    labels["p"] = [
        (f"$b$ = {b[0]:.4g}: $z_o$ = {zs[1][0, 0]:.4g}, $p$ = {p:.4f}", "black"),
        (f"$\\delta_o$ = $p - y$ = {delta_out:+.4f}", "tab:purple"),
    ]
    box = dict(boxstyle="round,pad=0.15", fc="white", ec="none")
    for unit, lines in labels.items():
        x0, y0 = at[unit]
        ax.scatter([x0], [y0], s=900, color="white", edgecolor="black", zorder=2)
        ax.text(x0, y0, f"${unit[0]}_{unit[1]}$" if len(unit) == 2 else "$p$", ha="center", va="center", zorder=4)
        for row, (text, colour) in enumerate(lines):
            if unit == "p":
                below = row > 0
                place = dict(
                    x=x0 + 0.17, y=y0 - 0.03 if below else y0 + 0.03, ha="left", va="top" if below else "bottom"
                )
            else:
                up = unit in ("x1", "h1")
                offset = 0.2 + 0.17 * row
                place = dict(x=x0, y=y0 + offset if up else y0 - offset, ha="center", va="bottom" if up else "top")
            ax.text(s=text, fontsize=9.5, color=colour, bbox=box, zorder=4, **place)
    ax.set(xlim=(-0.3, 3.85), ylim=(-1.6, 1.6))
    ax.axis("off")
    example = f"x = ({X[0, 0]:.4g}, {X[0, 1]:.4g}), target {Y[0, 0]:.4g}"
    ax.set_title(title or f"One example, {example}: forward values in black, deltas in purple")
    return ax


def _is_single_run(runs):
    return hasattr(runs, "loss") or (isinstance(runs, np.ndarray) and runs.ndim == 1)


def _new_axes(figsize=(6, 4)):
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _data(X, y):
    if X is None and y is None:
        return xor_data()
    return np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.float32).reshape(-1, 1)


def _output_grid(network, lim, resolution):
    values = np.linspace(*lim, resolution)
    grid_x, grid_y = np.meshgrid(values, values)
    output = network.predict(np.column_stack([grid_x.ravel(), grid_y.ravel()]))
    return grid_x, grid_y, output.reshape(grid_x.shape)


def _scatter_targets(ax, points, y, rings=False):
    """Points coloured by target; rings=True draws a 0 larger where a 1 lands on it (within 2% of the
    view), so it shows as a ring around the 1 on top; points apart keep one size."""
    size = 90 if len(points) <= 16 else 25  # big markers for the truth table, small ones for a cloud
    targets = np.round(y[:, 0])
    ringed = np.zeros(len(points), dtype=bool)
    if rings and len(points):
        near = 0.02 * np.maximum(points.max(axis=0) - points.min(axis=0), 0.5)
        apart = np.abs(points[:, None, :] - points[None, :, :]) > near
        ringed = (targets == 0) & np.any(~apart.any(axis=2) & (targets[None, :] == 1), axis=1)
    for target, colour in TARGET_COLOURS.items():
        rows = np.flatnonzero(targets == target)
        rows = rows[np.argsort(~ringed[rows], kind="stable")]  # ringed first: larger markers drawn beneath
        label = f"target {target}" + (" (ringed: under a 1)" if ringed[rows].any() else "")
        ax.scatter(
            points[rows, 0],
            points[rows, 1],
            color=colour,
            s=np.where(ringed[rows], 2.2 * size, size),
            edgecolor="black",
            zorder=3,
            label=label,
        )
    ax.legend(loc="best")


def _draw_line(ax, w, c, lim_x, lim_y):
    """The line w1 h1 + w2 h2 + c = 0, clipped to the view."""
    if abs(w[1]) > abs(w[0]):
        h1 = np.array(lim_x)
        h2 = -(w[0] * h1 + c) / w[1]
    else:
        h2 = np.array(lim_y)
        h1 = -(w[1] * h2 + c) / w[0]
    ax.plot(h1, h2, **HALF_LINE, label="output = 0.5")
    ax.legend(loc="best")
