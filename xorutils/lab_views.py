"""The lab's views: each one figure, built once, then updated in place for a run and a frame.

Clearing an axes and plotting again rebuilds its ticks, labels and legend, and drawing text is
most of what rendering costs. Here each view makes its artists once; a new run or replay frame
only changes their data (a line's points, an image's pixels, an edge's colour). And each view
keeps a rendered background (axes, ticks, labels, legend, colour bar) and redraws on it only the
artists that change (Matplotlib's blitting), until something the background shows changes.
Each view knows how to ``show_run(run)`` (what stays for every frame: the data, the curves,
the layout) and ``show_frame(frame)`` (the network at one snapshot); ``png(clock)`` renders and
encodes it.

A run here is a ``Run``: the training result, its data and the output grid's limits.
"""

import io
import time
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image  # Pillow: a dependency of Matplotlib

from . import plots
from .numpy_net import forward

UNDECIDED = 0.02  # every output this close to 0.5: which side each lands on is round-off or jitter, not learning
MAP_RESOLUTION = 60  # grid points per side of the output map and the unit maps
SURFACE_RESOLUTION = 30
MOST_UNIT_MAPS = 16
TINY_WEIGHT = 1e-3  # weights smaller than this are drawn grey: about 0
SIGN_COLOURS = {1: "tab:red", -1: "tab:blue"}  # a weight's sign, as plots.plot_network draws it
UNIT_CMAP = "RdBu_r"  # a unit's activation: blue below 0, white at 0, red above (the weights' sign colours)
DPI = 80


@dataclass
class Run:
    """A finished training run as the views need it: result, data (X, y, X_test, y_test), limits."""

    result: object
    data: tuple
    lim: tuple

    def frame(self, index):
        """(epochs done, network) of snapshot index; a run without snapshots has only its end."""
        if self.result.snapshots:
            return self.result.snapshots[index]
        return len(self.result.loss), self.result.network


class Clock:
    """Adds up where the time of one redraw goes, in seconds: "draw" (rendering) and "encode" (PNG)."""

    def __init__(self):
        self.seconds = {"draw": 0.0, "encode": 0.0}

    def add(self, part, began):
        self.seconds[part] += time.perf_counter() - began


def undecided(network, X):
    """True when every output on X is within UNDECIDED of 0.5: then no side of 0.5 means anything."""
    return bool(np.all(np.abs(network.predict(X) - 0.5) < UNDECIDED))


class Blitted:
    """A figure whose static part is rendered once and whose changing artists are drawn over it.

    A subclass lists its changing artists, in drawing order, in ``changing()`` and calls
    ``background_shows(key)`` with everything its background depends on: a new key renders the
    background again (with the changing artists hidden), an equal key reuses it.
    """

    def __init__(self, figure):
        self.figure = figure
        self._background, self._key = None, None

    def changing(self):
        return []

    def background_shows(self, key):
        """Note what the background shows; True if that changed (then lay the figure out again)."""
        if key == self._key:
            return False
        self._key, self._background = key, None
        return True

    def render(self, clock):
        began = time.perf_counter()
        canvas = self.figure.canvas
        shown = [artist for artist in self.changing() if artist.get_visible()]
        framed = {a.axes for a in shown if a.axes is not None and a.axes.axison and a.axes.name != "3d"}
        shown += [spine for ax in framed for spine in ax.spines.values() if spine.get_visible()]  # frames on top
        if self._background is None:
            for artist in shown:
                artist.set_visible(False)
            FigureCanvasAgg.draw(canvas)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist in shown:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)
        for artist in shown:
            if hasattr(artist, "do_3d_projection"):  # a 3D artist projects itself before it draws
                artist.do_3d_projection()
            self.figure.draw_artist(artist)
        clock.add("draw", began)


class View(Blitted):
    """A figure on Matplotlib's Agg canvas, rendered to PNG on demand."""

    def __init__(self, figsize):
        super().__init__(Figure(figsize=figsize, dpi=DPI))
        FigureCanvasAgg(self.figure)
        self._png = None

    def png(self, clock):
        if self._background is not None and not self.changing() and self._png is not None:
            return self._png  # nothing on it changed: the same picture (the browser keeps it, as it is equal)
        self.render(clock)
        began = time.perf_counter()
        pixels = np.asarray(self.figure.canvas.buffer_rgba())[:, :, :3]
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)  # fast; the bytes stay small
        clock.add("encode", began)
        self._png = buffer.getvalue()
        return self._png


class LossView(View):
    """Training (and held-out) loss by epoch on a log axis, the coin-flip loss, and the frame's epoch."""

    def __init__(self):
        super().__init__((4.6, 3.4))
        self.ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.17, right=0.96, bottom=0.3, top=0.91)
        self.train = self.ax.plot([], [], color="black", label="training")[0]
        self.test = self.ax.plot([], [], color=plots.SERIES_COLOURS[1], linestyle="--", label="test (held out)")[0]
        self.coin = self.ax.axhline(np.log(2), color="grey", linestyle="--", linewidth=0.8, zorder=1.9)  # under curves
        self.epoch = self.ax.axvline(1, color="grey", linestyle=":")
        self.ax.set(xlabel="epoch", ylabel="loss", title="Loss", yscale="log")
        self.ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())  # decades only: no crowded labels

    def changing(self):
        return [self.train, self.test, self.epoch]

    def show_run(self, run):
        result = run.result
        epochs = np.arange(1, len(result.loss) + 1)
        self.train.set_data(epochs, result.loss)
        self.test.set_data(epochs[: len(result.test_loss)], result.test_loss)
        self.test.set_visible(len(result.test_loss) > 0)
        penalised = result.settings.get("l2", 0) > 0  # the training loss then includes the penalty
        self.train.set_label("training (+ L2 penalty)" if penalised else "training")
        coin = np.log(2) if result.settings["loss"] == "binary_crossentropy" else 0.25
        values = np.concatenate([result.loss, result.test_loss, [coin]])
        values = values[np.isfinite(values) & (values > 0)]
        values = values if values.size else np.array([coin])  # a run that diverged at once: the coin's decade
        # whole decades around the curves: the axis (and the rendered background) rarely changes between runs
        low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
        limits = (10.0 ** max(low, high - 8), 10.0 ** max(high, low + 1))
        if not self.background_shows((limits, len(epochs), coin, len(result.test_loss) > 0, penalised)):
            return  # the curves changed, not the axes or the legend
        self.ax.set_ylim(limits)
        self.ax.set_xlim(0, max(len(epochs), 1) * 1.02)
        self.coin.set_ydata([coin, coin])
        self.coin.set_label(f"{coin:.3g}: output 0.5 everywhere")
        shown = [self.train] + ([self.test] if len(result.test_loss) else []) + [self.coin]
        self.ax.legend(  # below the axes: never over a curve
            handles=shown,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=self.figure.transFigure,
            ncol=2,
            fontsize="small",
            frameon=False,
        )

    def show_frame(self, epoch):
        self.epoch.set_xdata([max(epoch, 1)] * 2)


class OutputView(View):
    """The network's output over the plane (0 blue, 0.5 white, 1 orange), its 0.5 line and the data."""

    def __init__(self):
        super().__init__((3.9, 3.9))
        self.ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.2, right=0.8, bottom=0.27, top=0.91)
        _colorbar(self.figure, [0.84, 0.33, 0.035, 0.52], plots.OUTPUT_CMAP, Normalize(0, 1), "output", alpha=0.55)
        self.image = self.ax.imshow(
            np.zeros((2, 2)), origin="lower", cmap=plots.OUTPUT_CMAP, vmin=0, vmax=1, alpha=0.55, aspect="auto"
        )
        self.points = {
            target: self.ax.scatter([], [], color=colour, edgecolor="black", zorder=3)
            for target, colour in plots.TARGET_COLOURS.items()
        }
        self.held_out = self.ax.scatter([], [], facecolors="none", s=30, zorder=3)
        self.contour = None
        self.note = self.ax.text(0.5, 0.03, "", transform=self.ax.transAxes, ha="center", fontsize="small")
        self.ax.set(xlabel="$x_1$", ylabel="$x_2$")
        self.lim = None
        self.title = self.ax.set_title("")

    def changing(self):
        contour = [self.contour] if self.contour is not None else []
        return [self.image, *contour, self.held_out, *self.points.values(), self.note, self.title]

    def show_run(self, run):
        X, y, X_test, y_test = run.data
        self.lim, self.run = run.lim, run
        size = 90 if len(X) <= 16 else 16
        for target, points in self.points.items():
            points.set_offsets(X[y[:, 0] == target])
            points.set_sizes([size])
        if X_test is None:
            self.held_out.set_offsets(np.empty((0, 2)))
        else:
            self.held_out.set_offsets(X_test)
            self.held_out.set_edgecolors([plots.TARGET_COLOURS[int(t)] for t in y_test[:, 0] > 0.5])
        if not self.background_shows((run.lim, X_test is not None)):
            return  # the points changed (drawn each frame), not the axes or the legend
        self.image.set_extent((*run.lim, *run.lim))
        self.ax.set(xlim=run.lim, ylim=run.lim)
        handles = [_point(colour, f"target {target}") for target, colour in plots.TARGET_COLOURS.items()]
        handles.append(Line2D([], [], **plots.HALF_LINE, label="output = 0.5"))
        if X_test is not None:  # hollow points of either colour: a neutral marker names them
            handles.append(_point("none", "held out", edge="grey"))
        self.ax.legend(  # below the map, in two columns: the figure is narrow
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=self.figure.transFigure,
            ncol=2,
            fontsize="small",
            frameon=False,
        )

    def show_frame(self, epoch, network, output):
        """output: the network's output on the MAP_RESOLUTION grid over the limits."""
        self.image.set_data(np.clip(output, 0, 1))
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        no_boundary = undecided(network, self.run.data[0])
        if not no_boundary and output.min() < 0.5 < output.max():  # else a 0.5 line would trace round-off
            values = np.linspace(*self.lim, output.shape[0])
            self.contour = self.ax.contour(values, values, output, levels=[0.5], **_contour_style())
        self.note.set_text("all outputs at 0.5: no boundary" if no_boundary else "")
        self.ax.set_title(f"Output at epoch {epoch}")


class UnitsView(View):
    """What each unit of the first hidden layer computes over the plane (up to MOST_UNIT_MAPS of them).

    tanh and sigmoid units share the fixed scale -1 to 1; ReLU and linear units, unbounded, are
    scaled to the largest activation of the frame, which the figure prints.
    """

    def __init__(self):
        super().__init__((3.9, 3.9))
        self.figure.subplots_adjust(left=0.04, right=0.76, bottom=0.04, top=0.84, wspace=0.1, hspace=0.3)
        self.axes = [self.figure.add_subplot(4, 4, k + 1) for k in range(MOST_UNIT_MAPS)]
        self.norm = Normalize(-1, 1)
        self.images = []
        for index, ax in enumerate(self.axes):
            self.images.append(ax.imshow(np.zeros((2, 2)), origin="lower", cmap=UNIT_CMAP, norm=self.norm))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"$h_{{{index + 1}}}$", fontsize="small", pad=2)
        # the four XOR inputs on every map, so a learner can read where (0, 0) and (1, 1) are
        self.corners = [ax.scatter([0, 0, 1, 1], [0, 1, 0, 1], s=6, color="black") for ax in self.axes]
        self.bar = _colorbar(self.figure, [0.8, 0.2, 0.035, 0.55], UNIT_CMAP, self.norm, "activation")
        self.title = self.figure.suptitle("", fontsize="medium", y=0.985)
        self.note = self.figure.text(0.43, 0.45, "", ha="center", va="center")
        self.largest = self.figure.text(0.4, 0.9, "", ha="center", fontsize="small")
        self.shown = 0

    def changing(self):
        return [*self.images[: self.shown], *self.corners[: self.shown], self.largest]

    def show_run(self, run):
        network = run.result.network
        units = network.layers[0][0].shape[1] if len(network.layers) > 1 else 0
        self.shown = min(units, MOST_UNIT_MAPS)
        self.bounded = network.activation in ("tanh", "sigmoid")
        if not self.background_shows((self.shown, units, self.bounded, run.lim)):
            return
        for index, (ax, image) in enumerate(zip(self.axes, self.images)):
            ax.set_visible(index < self.shown)
            image.set_extent((*run.lim, *run.lim))
        self.bar.ax.set_visible(self.shown > 0)
        if self.bounded:
            self.bar.set_ticks([-1, 0, 1], labels=["-1", "0", "1"])
        else:
            self.bar.set_ticks([-1, 0, 1], labels=["-max", "0", "max"])
        more = f" (first {self.shown} of {units})" if units > self.shown else ""
        self.title.set_text(f"Hidden layer 1, unit by unit{more}" if units else "")
        self.note.set_text("" if units else "No hidden layer:\nthe output unit sees\nthe inputs directly.")

    def show_frame(self, hidden):
        """hidden: (MAP_RESOLUTION, MAP_RESOLUTION, units) activations of the first hidden layer."""
        if not self.shown:
            return
        shown = hidden[:, :, : self.shown]
        scale = 1.0
        if not self.bounded:  # one scale for every unit, so they compare
            finite = np.abs(shown[np.isfinite(shown)])
            scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        self.largest.set_text("" if self.bounded else f"scale: max = {scale:.3g}")
        for index in range(self.shown):
            self.images[index].set_data(shown[:, :, index] / scale)


class NetworkView(View):
    """The network drawn as layers of units; each edge coloured by its weight's sign, as wide as its size."""

    def __init__(self):
        super().__init__((3.9, 3.9))
        self.ax = self.figure.add_axes([0.02, 0.1, 0.96, 0.8])
        self.ax.set_axis_off()
        self.edges = LineCollection([], zorder=1)
        self.ax.add_collection(self.edges)
        self.nodes = self.ax.scatter([], [], color="white", edgecolor="black", zorder=2)
        self.labels = []
        self.title = self.figure.text(0.5, 0.95, "", ha="center", va="top", fontsize="medium")
        self.figure.legend(
            handles=[
                Line2D([], [], color=SIGN_COLOURS[1], lw=2, label="weight > 0"),
                Line2D([], [], color=SIGN_COLOURS[-1], lw=2, label="weight < 0"),
            ],
            loc="lower center",
            ncol=2,
            fontsize="small",
            frameon=False,
        )

    def changing(self):
        return [self.edges, self.nodes, self.title]

    def show_run(self, run):
        network = run.result.network
        inputs = network.features or ("x1", "x2")
        sizes = [len(inputs)] + [W.shape[1] for W, _ in network.layers]
        if not self.background_shows((tuple(sizes), tuple(inputs))):
            return  # the same layers: only the weights change, drawn each frame
        self.positions = [np.linspace(1, -1, size) * min(1, size / 6) if size > 1 else np.zeros(1) for size in sizes]
        self.nodes.set_offsets(
            np.concatenate([np.column_stack([np.full(len(p), layer), p]) for layer, p in enumerate(self.positions)])
        )
        self.nodes.set_sizes([max(3, 220 / max(1, max(sizes) / 6) ** 2)])  # dense layers: small circles
        for label in self.labels:
            label.remove()
        names = ["input"] + [f"hidden {n}" for n in range(1, len(sizes) - 1)] + ["output"]
        self.labels = [
            self.ax.text(-0.09, p, name, ha="right", va="center", fontsize="small")
            for name, p in zip(inputs, self.positions[0])
        ]
        self.labels += [
            self.ax.text(layer, -1.12, f"{name}\n{size}", ha="center", va="top", fontsize="small")
            for layer, (name, size) in enumerate(zip(names, sizes))
        ]
        self.ax.set(xlim=(-0.75, len(sizes) - 0.6), ylim=(-1.4, 1.12))
        self.sizes = sizes

    def show_frame(self, epoch, network):
        segments, weights = [], []
        for layer, (W, _) in enumerate(network.layers):
            starts, ends = self.positions[layer], self.positions[layer + 1]
            i, j = np.meshgrid(np.arange(W.shape[0]), np.arange(W.shape[1]), indexing="ij")
            segments.append(
                np.stack(
                    [
                        np.column_stack([np.full(i.size, layer), starts[i.ravel()]]),
                        np.column_stack([np.full(i.size, layer + 1), ends[j.ravel()]]),
                    ],
                    axis=1,
                )
            )
            weights.append(W.ravel())
        weights = np.concatenate(weights)
        largest = float(np.nanmax(np.abs(weights))) if np.isfinite(weights).any() else 1.0
        self.edges.set_segments(np.concatenate(segments))
        size = np.nan_to_num(np.abs(weights))
        # a weight near 0 has no sign worth showing (round-off decides it): a grey hairline
        self.edges.set_colors(
            np.where(size < TINY_WEIGHT, "0.8", np.where(weights > 0, SIGN_COLOURS[1], SIGN_COLOURS[-1]))
        )
        thin = 1 if max(self.sizes) <= 8 else 0.3
        self.edges.set_linewidths(thin * (0.3 + 3.5 * size / max(largest, 1.0)))  # as wide as |w|, up to |w| = 1
        if largest < TINY_WEIGHT:
            self.title.set_text(f"Weights at epoch {epoch}: all about 0 (largest |w| = {largest:.1g})")
        else:
            self.title.set_text(f"Weights at epoch {epoch} (largest |w| = {largest:.2g})")


class HiddenSpaceView(View):
    """Where each input lands in a 2-unit first hidden layer (plots.plot_hidden_space), or why not."""

    def __init__(self):
        super().__init__((3.9, 3.4))
        self.ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.2, right=0.96, bottom=0.15, top=0.9)
        self.active = None

    def show_run(self, run):
        layers = run.result.network.layers
        was_active, self.active = self.active, len(layers) > 1 and layers[0][0].shape[1] == 2
        self.run = run
        if not self.active and was_active is False:
            return  # the note is already there
        if not self.active:
            self.ax.clear()
            self.ax.text(0.5, 0.5, "The hidden-space view needs\n2 units in hidden layer 1.", ha="center", va="center")
            self.ax.set_axis_off()
        self.background_shows(("hidden space", id(run)) if self.active else "no hidden space")

    def show_frame(self, network):
        if self.active:
            self.ax.clear()
            self.ax.set_axis_on()
            plots.plot_hidden_space(network, *self.run.data[:2], ax=self.ax, title="Hidden space (layer 1)")
            self.background_shows(("hidden space", id(network)))  # everything changes: render it all


class SurfaceView(Blitted):
    """The output as a 3D surface on ipympl's canvas (drag to rotate), its tick labels kept inside the canvas."""

    def __init__(self, figure, canvas):
        super().__init__(figure)
        self.canvas = canvas
        self.ax = figure.add_subplot(projection="3d")
        # margins all round and labels close to their axes: turned any way, no label leaves the canvas
        self.ax.set_position([0.11, 0.15, 0.58, 0.66])
        self.ax.computed_zorder = False  # the points after the surface, so none hides under it
        for axis, ticks in ((self.ax.xaxis, [0, 1]), (self.ax.yaxis, [0, 1]), (self.ax.zaxis, [0, 0.5, 1])):
            axis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))  # the XOR inputs: no labels run together
        self.ax.tick_params(labelsize="small", pad=0)
        for axis in (self.ax.xaxis, self.ax.yaxis, self.ax.zaxis):
            axis.labelpad = -4
        self.ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="output", zlim=(0, 1))
        self.ax.set_title("Output surface (drag to rotate)", fontsize="medium")
        _colorbar(figure, [0.83, 0.4, 0.03, 0.45], plots.OUTPUT_CMAP, Normalize(0, 1), "output", alpha=0.6)
        self.points = {
            target: self.ax.scatter(
                [], [], [], color=colour, s=40, edgecolor="black", depthshade=False, zorder=3, label=f"target {target}"
            )
            for target, colour in plots.TARGET_COLOURS.items()
        }
        figure.legend(loc="lower right", bbox_to_anchor=(1.0, 0.02), fontsize="x-small", frameon=False)
        self.surface = None

    def show_run(self, run):
        X, y = run.data[:2]
        for target, points in self.points.items():
            rows = y[:, 0] == target
            points._offsets3d = (X[rows, 0], X[rows, 1], y[rows, 0])  # mplot3d's way to move 3D points
            points.set_sizes([40 if len(X) <= 16 else 8])
        if tuple(self.ax.get_xlim()) != tuple(run.lim):
            self.ax.set(xlim=run.lim, ylim=run.lim)

    def changing(self):
        surface = [self.surface] if self.surface is not None else []
        return [*surface, *self.points.values()]

    def show_frame(self, grid, output):
        if self.surface is not None:
            self.surface.remove()
        self.surface = self.ax.plot_surface(
            *grid,
            np.clip(output, -0.05, 1.05),
            cmap=plots.OUTPUT_CMAP,
            vmin=0,
            vmax=1,
            alpha=0.6,
            linewidth=0,
            antialiased=False,
            zorder=1,
        )

    def send(self, clock):
        """Render on the canvas and send the picture to the browser now (not when it asks)."""
        ax = self.ax
        self.background_shows((ax.elev, ax.azim, ax.roll, ax.get_xlim(), ax.get_ylim()))  # a rotation: new one
        self.render(clock)
        if self.canvas.syncing_data_url:
            # no browser view yet: ipympl would store this picture as the view's starting image in a
            # form the view cannot load ('broken'), and the view would never size itself; once the
            # view is up it asks for a full draw itself
            return
        began = time.perf_counter()
        self.canvas.blit()  # encodes the rendered picture and sends it to every open view of the canvas
        clock.add("encode", began)


def grid_values(network, lim, resolution):
    """((grid_x, grid_y), first hidden layer (r, r, units) or None, output (r, r)) over lim x lim."""
    values = np.linspace(*lim, resolution)
    grid_x, grid_y = np.meshgrid(values, values)
    with np.errstate(all="ignore"):
        _, activations = forward(network, network.inputs(np.column_stack([grid_x.ravel(), grid_y.ravel()])))
    hidden = activations[1].reshape(resolution, resolution, -1) if len(network.layers) > 1 else None
    return (grid_x, grid_y), hidden, activations[-1].reshape(resolution, resolution)


def _colorbar(figure, box, cmap, norm, label, alpha=1.0):
    mappable = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = figure.colorbar(mappable, cax=figure.add_axes(box), label=label, alpha=alpha)
    bar.ax.tick_params(labelsize="small")
    return bar


def _contour_style():
    return dict(colors=plots.HALF_LINE["color"], linewidths=plots.HALF_LINE["linewidth"])


def _point(colour, label, edge="black"):
    return Line2D([], [], marker="o", linestyle="", markerfacecolor=colour, markeredgecolor=edge, label=label)
