"""The interactive lab: change the network, the training or the data, and watch it learn.

``xorutils.playground()`` shows controls above four views (loss curves, decision boundary,
hidden space, and a 3D output surface you can rotate) and a one-line summary. Every change
retrains in a background thread, so the controls stay responsive; a newer change supersedes
a retrain still running, which then draws nothing. A play/step control replays the recorded
snapshots of the last run without retraining. Problems appear as a message, never a traceback.

Displayed, the lab also carries a still PNG of its views (``Playground.still()``): JupyterLab
shows the live widget, readers without a kernel (GitHub, nbviewer, the course's book) the picture.
"""

import html
import io
import threading
import time

import ipywidgets as widgets
import matplotlib
import matplotlib.image
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image  # Pillow: a dependency of Matplotlib

from . import plots, validation
from .data import noisy_xor, xor_data
from .training import train

SNAPSHOTS = 60  # frames in the replay, whatever the number of epochs
DATA_SEED = 0  # the noisy cloud stays put while the network's seed changes
SQUARE = (-0.5, 1.5)
UNDECIDED = 0.02  # every output this close to 0.5: which side each lands on is round-off or jitter, not learning
STILL_NOTE = "A still of the lab: open this notebook in JupyterLab to use the controls."


class Playground(widgets.VBox):
    """The lab as one widget. Starting values:

    hidden_units: an int or a tuple of one or two ints from 1 to 64; activation,
    output_activation, loss, optimizer: as for train(); learning_rate: 0.001 to 10;
    epochs: 10 to 5000; seed; backend: "numpy", "tf" or "keras"; data: "xor" (the truth
    table) or "cloud" (noisy XOR points with a held-out test split) with points and noise.
    """

    def __init__(
        self,
        *,
        hidden_units=4,
        activation="tanh",
        output_activation="sigmoid",
        loss="binary_crossentropy",
        optimizer="adam",
        learning_rate=0.05,
        epochs=300,
        seed=0,
        backend="numpy",
        data="xor",
        points=200,
        noise=0.2,
    ):
        units = validation.hidden_units(hidden_units)
        if not 1 <= len(units) <= 2 or max(units) > 64:
            raise ValueError(
                f"hidden_units must be 1 or 2 layers of 1 to 64 units in the playground; got {hidden_units!r}"
            )
        validation.loss_for_output(
            loss, validation.choice("output_activation", output_activation, ("sigmoid", "linear"))
        )
        rate = validation.positive_number("learning_rate", learning_rate)
        if not 1e-3 <= rate <= 10:
            raise ValueError(f"learning_rate must be from 0.001 to 10 in the playground; got {learning_rate!r}")
        style, wide = {"description_width": "95px"}, widgets.Layout(width="285px")

        def slider(kind, description, **options):
            return kind(description=description, continuous_update=False, style=style, layout=wide, **options)

        def menu(description, options, value):
            return widgets.Dropdown(description=description, options=options, value=value, style=style, layout=wide)

        self.controls = {
            "layers": widgets.ToggleButtons(
                description="hidden layers", options=[1, 2], value=len(units), style=style | {"button_width": "60px"}
            ),
            "units_1": slider(widgets.IntSlider, "units, layer 1", min=1, max=64, value=units[0]),
            "units_2": slider(widgets.IntSlider, "units, layer 2", min=1, max=64, value=units[-1]),
            "activation": menu(
                "activation",
                validation.ACTIVATIONS,
                validation.choice("activation", activation, validation.ACTIVATIONS),
            ),
            "output_activation": menu("output", ("sigmoid", "linear"), output_activation),
            "loss": menu("loss", (("cross-entropy", "binary_crossentropy"), ("mean squared error", "mse")), loss),
            "optimizer": menu(
                "optimizer",
                (("Adam", "adam"), ("SGD", "sgd")),
                validation.choice("optimizer", optimizer, validation.OPTIMIZERS),
            ),
            "learning_rate": slider(
                widgets.FloatLogSlider,
                "learning rate",
                base=10,
                min=-3,
                max=1,
                step=0.1,
                value=rate,
                readout_format=".3g",
            ),
            "epochs": slider(
                widgets.IntSlider,
                "epochs",
                min=10,
                max=5000,
                step=10,
                value=validation.integer("epochs", epochs, 10, 5000),
            ),
            "seed": widgets.BoundedIntText(
                description="seed",
                min=0,
                max=99_999,
                value=validation.integer("seed", seed, 0, 99_999),
                style=style,
                layout=wide,
            ),
            "backend": menu(
                "back end",
                (("NumPy", "numpy"), ("GradientTape", "tf"), ("Keras", "keras")),
                validation.choice("backend", backend, validation.BACKENDS),
            ),
            "data": menu(
                "data",
                (("XOR truth table", "xor"), ("noisy XOR cloud", "cloud")),
                validation.choice("data", data, ("xor", "cloud")),
            ),
            "points": slider(
                widgets.IntSlider,
                "points",
                min=20,
                max=1000,
                step=10,
                value=validation.integer("points", points, 20, 1000),
            ),
            "noise": slider(
                widgets.FloatSlider,
                "noise",
                min=0.0,
                max=0.6,
                step=0.05,
                value=validation.number_in("noise", noise, 0, 0.6),
            ),
        }
        self.summary = widgets.HTML()
        self.replay = widgets.Play(min=0, max=0, interval=120, description="replay training")
        self.frame = widgets.IntSlider(description="snapshot", min=0, max=0, continuous_update=True, style=style)
        widgets.jslink((self.replay, "value"), (self.frame, "value"))
        self.images = {name: widgets.Image(format="png") for name in ("loss", "boundary", "hidden")}
        self._figures = {
            "loss": Figure(figsize=(4.6, 3.2), dpi=80),
            "boundary": Figure(figsize=(3.9, 3.9), dpi=80),  # taller: its legend goes below the map
            "hidden": Figure(figsize=(3.9, 3.4), dpi=80),
        }
        for figure in self._figures.values():
            FigureCanvasAgg(figure)
            figure.add_subplot()
            figure.subplots_adjust(left=0.2, right=0.96, bottom=0.15, top=0.9)  # fixed: no layout pass per frame
        self._figures["boundary"].subplots_adjust(bottom=0.27, top=0.91, right=0.8)
        _output_colorbar(self._figures["boundary"], [0.84, 0.33, 0.035, 0.52])  # drawn once: the scale never changes
        self._surface_figure, self.surface = _rotatable_figure(figsize=(4.2, 3.4))
        self._surface_axes = self._surface_figure.add_subplot(projection="3d")
        self._surface_axes.set_position([-0.04, 0.07, 0.8, 0.83])  # room on the right for the bar and legend
        _output_colorbar(self._surface_figure, [0.845, 0.4, 0.03, 0.45])

        self._result, self._data = None, None
        self._outcome_text = ""  # the summary line without timings, for the still picture
        self._lock = threading.Lock()  # guards the request counter and self._worker
        self._drawing = threading.Lock()  # one drawing at a time: worker thread or replay slider
        self._requested = 0  # a counter: each change asks for a newer run
        self._worker = None
        self.runs_drawn = 0  # how many training runs have reached the screen (tests read it)

        column = {"width": "295px"}
        c = self.controls
        network = widgets.VBox(
            [c["layers"], c["units_1"], c["units_2"], c["activation"], c["output_activation"]], layout=column
        )
        training = widgets.VBox(
            [c["loss"], c["optimizer"], c["learning_rate"], c["epochs"], c["seed"], c["backend"]], layout=column
        )
        dataset = widgets.VBox([c["data"], c["points"], c["noise"]], layout=column)
        views = widgets.HBox([self.images["loss"], self.images["boundary"]])
        more_views = widgets.HBox([self.images["hidden"], self.surface])
        super().__init__(
            [
                widgets.HBox([network, training, dataset]),
                self.summary,
                widgets.HBox([self.replay, self.frame]),
                views,
                more_views,
            ]
        )
        self._sync_controls()
        self.frame.observe(self._show_frame, names="value")
        self._run(self._settings())  # the first picture, drawn before the widget is shown
        for control in self.controls.values():
            control.observe(self._changed, names="value")

    def __repr__(self):
        return "Playground (open this notebook in JupyterLab to use the controls)"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a still PNG for readers that cannot run it; JupyterLab shows the widget."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = self.still()
        return bundle

    def still(self):
        """PNG bytes of the lab as it is now: its settings and result above the four views, laid out as in the lab."""
        with self._drawing:
            views = [self.images["loss"].value, self.images["boundary"].value, self.images["hidden"].value]
            buffer = io.BytesIO()
            self._surface_figure.savefig(buffer, format="png")
            views.append(buffer.getvalue())
            outcome = self._outcome_text
        pictures = [_rgb(png) for png in views]
        rows = [pictures[:2], pictures[2:]]  # as in the lab: loss and output, then hidden space and surface
        width = max(sum(picture.shape[1] for picture in row) for row in rows)
        lines = [_settings_text(self._settings()), outcome, STILL_NOTE]
        blocks = [_text_block(lines, width)]
        for row in rows:
            block = np.full((max(picture.shape[0] for picture in row), width, 3), 255, dtype=np.uint8)
            left = 0
            for picture in row:
                block[: picture.shape[0], left : left + picture.shape[1]] = picture
                left += picture.shape[1]
            blocks.append(block)
        buffer = io.BytesIO()  # 256 colours: a third of the bytes of full colour, and looks the same
        Image.fromarray(np.vstack(blocks)).quantize(256, method=Image.Quantize.MEDIANCUT).save(buffer, format="png")
        return buffer.getvalue()

    # ----- reacting to changes -------------------------------------------------------------

    def _changed(self, change):
        self._sync_controls()
        with self._lock:
            self._requested += 1
            if self._worker is None:  # else the running worker will pick this request up
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()

    def _work(self):
        """Run the newest request; if a newer one arrived meanwhile, drop this result undrawn."""
        done = None
        while True:
            with self._lock:
                if done == self._requested:
                    self._worker = None  # under the lock: a request arriving now starts a new worker
                    return
                done = self._requested
            settings = self._settings()
            outcome = self._compute(settings)
            with self._lock:
                superseded = done != self._requested
            if not superseded:
                try:
                    self._draw(settings, outcome)
                except Exception as error:  # a drawing problem also ends as a message, not a traceback
                    self.summary.value = _html(f"Could not draw: {type(error).__name__}: {error}", "#b00020")

    def wait(self, timeout=60):
        """Block until the runs asked for so far are drawn (for tests and scripts)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _run(self, settings):
        self._draw(settings, self._compute(settings))

    def _sync_controls(self):
        """Keep the controls consistent: no impossible combination can be asked for."""
        c = self.controls
        c["units_2"].disabled = c["layers"].value == 1
        c["points"].disabled = c["noise"].disabled = c["data"].value == "xor"
        if c["output_activation"].value == "linear":
            # cross-entropy compares probabilities, which only a sigmoid output gives
            c["loss"].options = (("mean squared error", "mse"),)
        elif len(c["loss"].options) == 1:
            c["loss"].options = (("cross-entropy", "binary_crossentropy"), ("mean squared error", "mse"))
            c["loss"].value = "mse"

    def _settings(self):
        c = self.controls
        units = (c["units_1"].value,) if c["layers"].value == 1 else (c["units_1"].value, c["units_2"].value)
        return dict(
            backend=c["backend"].value,
            hidden_units=units,
            activation=c["activation"].value,
            output_activation=c["output_activation"].value,
            loss=c["loss"].value,
            optimizer=c["optimizer"].value,
            learning_rate=float(c["learning_rate"].value),
            epochs=c["epochs"].value,
            seed=c["seed"].value,
            data=c["data"].value,
            points=c["points"].value,
            noise=float(c["noise"].value),
        )

    def _compute(self, settings):
        """Train; return (result, data) or an error message for the learner."""
        try:
            if settings["data"] == "xor":
                data = (*xor_data(), None, None)
            else:
                data = noisy_xor(settings["points"], settings["noise"], seed=DATA_SEED)
            options = {k: v for k, v in settings.items() if k not in ("data", "points", "noise")}
            result = train(
                X=data[0],
                y=data[1],
                X_test=data[2],
                y_test=data[3],
                snapshot_every=max(1, settings["epochs"] // SNAPSHOTS),
                **options,
            )
            return result, data
        except Exception as error:  # shown in the summary line: a learner never sees a traceback
            return f"Could not train with these settings: {type(error).__name__}: {error}"

    # ----- drawing -------------------------------------------------------------------------

    def _draw(self, settings, outcome):
        if isinstance(outcome, str):
            self.summary.value = _html(outcome, "#b00020")
            self._outcome_text = outcome
            return
        began = time.perf_counter()
        with self._drawing:
            self._result, self._data = outcome
            last = max(len(self._result.snapshots) - 1, 0)
            self.frame.unobserve(self._show_frame, names="value")  # this run's last frame is drawn below
            self.frame.max = self.replay.max = last
            self.frame.value = self.replay.value = last
            self.frame.observe(self._show_frame, names="value")
            self._draw_views(last)
        self.runs_drawn += 1
        self._outcome_text = " · ".join(_outcome_parts(self._result, self._data[0]))
        self.summary.value = _summary(
            self._result, self._data[0], settings, time.perf_counter() - began, self.runs_drawn
        )

    def _show_frame(self, change):
        """Replay: draw a recorded snapshot of the last run, without training again."""
        with self._drawing:
            if self._result is not None and self._result.snapshots:
                self._draw_views(change["new"])

    def _draw_views(self, frame):
        result, (X, y, X_test, y_test) = self._result, self._data
        epoch, network = result.snapshots[frame] if result.snapshots else (len(result.loss), result.network)
        lim = SQUARE if X_test is None else _limits(np.vstack([X, X_test]))

        ax = self._axes("loss")
        curves, labels = [result.loss], ["training"]
        if len(result.test_loss):
            curves.append(result.test_loss)
            labels.append("test (held out)")
        values = np.concatenate(curves)
        values = values[np.isfinite(values) & (values > 0)]
        wide = values.size > 0 and values.max() > 10 * values.min()  # a log axis only across a decade or more
        plots.plot_loss(curves, labels=labels, log=wide, ax=ax, title="Loss")
        ax.lines[0].set_color("black")  # the training curve is black with or without a test curve
        coin = np.log(2) if settings_loss(result) == "binary_crossentropy" else 0.25
        ax.axhline(coin, color="grey", linestyle="--", linewidth=0.8, label=f"{coin:.3g}: output 0.5 everywhere")
        ax.axvline(max(epoch, 1), color="grey", linestyle=":")
        ax.legend(fontsize="small")
        self._publish("loss")

        ax = self._axes("boundary")
        plots.plot_decision_boundary(
            network, X, y, ax=ax, lim=lim, resolution=60, colorbar=False, title=f"Output at epoch {epoch}"
        )
        undecided = _undecided(network, X)
        if undecided:  # a 0.5 contour there traces round-off: a meaningless speckle
            for contours in [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]:
                contours.remove()
            ax.text(0.5, 0.03, "all outputs at 0.5: no boundary", transform=ax.transAxes, ha="center", fontsize="small")
        if X_test is not None:
            ax.scatter(
                *X_test.T,
                facecolors="none",
                edgecolors=np.where(y_test[:, 0] > 0.5, "tab:orange", "tab:blue"),
                s=30,
            )
        handles, labels = ax.get_legend_handles_labels()
        if X_test is not None:  # hollow points of either colour: a neutral marker names them
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="grey"))
            labels.append("held out")
        if undecided:  # no 0.5 line drawn, so none in the legend
            kept = [i for i, label in enumerate(labels) if "0.5" not in label]
            handles, labels = [handles[i] for i in kept], [labels[i] for i in kept]
        ax.legend(  # below the map, in two columns: the figure is narrow
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=ax.figure.transFigure,
            ncol=2,
            fontsize="small",
            frameon=False,
        )
        self._publish("boundary")

        ax = self._axes("hidden")
        if network.layers[0][0].shape[1] == 2:
            plots.plot_hidden_space(network, X, y, ax=ax, title="Hidden space (layer 1)")
        else:
            ax.text(0.5, 0.5, "The hidden-space view needs\n2 units in hidden layer 1.", ha="center", va="center")
            ax.set_axis_off()
        self._publish("hidden")

        self._surface_axes.clear()
        plots.plot_surface(
            network, X, y, ax=self._surface_axes, lim=lim, resolution=24, title="Output surface (drag to rotate)"
        )
        legend = self._surface_axes.get_legend()  # outside the axes: inside it covered the surface or the data
        handles, labels = self._surface_axes.get_legend_handles_labels()
        legend.remove()
        for old in list(self._surface_figure.legends):
            old.remove()
        self._surface_figure.legend(
            handles, labels, loc="lower right", bbox_to_anchor=(1.0, 0.02), fontsize="x-small", frameon=False
        )
        self._surface_figure.canvas.draw_idle()

    def _axes(self, name):
        figure = self._figures[name]
        ax = figure.axes[0]
        ax.clear()
        ax.set_axis_on()
        return ax

    def _publish(self, name):
        figure = self._figures[name]
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        self.images[name].value = buffer.getvalue()


def settings_loss(result):
    return result.settings["loss"]


def _output_colorbar(figure, box):
    """A colour bar for the network's output, 0 to 1 in plots.OUTPUT_CMAP, in its own axes at box."""
    mappable = matplotlib.cm.ScalarMappable(norm=Normalize(0, 1), cmap=plots.OUTPUT_CMAP)
    bar = figure.colorbar(mappable, cax=figure.add_axes(box), label="output", alpha=0.6)  # pale, as the fills
    bar.ax.tick_params(labelsize="small")
    return bar


def _rotatable_figure(figsize):
    """A Figure on ipympl's widget canvas (mouse rotation in JupyterLab), kept out of pyplot."""
    backend = matplotlib.get_backend()
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend() != backend:  # importing ipympl switches every later plt figure to it
        matplotlib.use(backend)  # so the notebook's own figures stay inline PNGs

    figure = Figure(figsize=figsize, dpi=80)
    canvas = Canvas(figure)
    FigureManager(canvas, 0)  # gives the canvas its toolbar and message handling
    canvas.header_visible = False
    canvas.toolbar_visible = False
    return figure, canvas


def _rgb(png):
    """A PNG's pixels as an (height, width, 3) uint8 array; no picture yet: one white pixel."""
    if not png:
        return np.full((1, 1, 3), 255, dtype=np.uint8)
    pixels = matplotlib.image.imread(io.BytesIO(png))[:, :, :3]
    return (pixels * 255).round().astype(np.uint8) if pixels.dtype.kind == "f" else pixels


def _text_block(lines, width):
    """Lines of text drawn on a white strip width pixels wide, as an (height, width, 3) uint8 array."""
    line_height = 17
    figure = Figure(figsize=(width / 80, (len(lines) * line_height + 6) / 80), dpi=80)
    canvas = FigureCanvasAgg(figure)
    for number, line in enumerate(lines):
        style = {"style": "italic", "color": "dimgrey"} if line == STILL_NOTE else {}
        top = 1 - (4 + number * line_height) / figure.bbox.height
        figure.text(6 / width, top, line, va="top", fontsize=8.5, **style)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()


def _limits(points):
    low, high = points.min(), points.max()
    pad = 0.1 * (high - low)
    return (float(low - pad), float(high + pad))


def _undecided(network, X):
    """True when every output on X is within UNDECIDED of 0.5: then no side of 0.5 means anything."""
    from .numpy_net import forward

    return bool(np.all(np.abs(forward(network, X)[1][-1] - 0.5) < UNDECIDED))


def _outcome_parts(result, X):
    """The run's result as parts of the summary line (a diverged run: its message)."""
    if result.diverged:
        return [result.message]
    if _undecided(result.network, X):  # never print a count that round-off decides
        return [
            f"final loss {result.final_loss:.4g}",
            f"accuracy undecided (every output within {UNDECIDED:g} of 0.5)",
            "not solved",
        ]
    parts = [f"final loss {result.final_loss:.4g}", f"accuracy {result.accuracy[-1]:.0%}"]
    if len(result.test_accuracy):
        parts[-1] += f" (test {result.test_accuracy[-1]:.0%})"
    parts.append(f"solved: all right from epoch {result.epochs_to_solve}" if result.epochs_to_solve else "not solved")
    return parts


def _summary(result, X, settings, drawn_seconds, run):
    if result.diverged:
        return _html(result.message, "#b00020", run)
    parts = _outcome_parts(result, X)
    parts.append(
        f"{1000 * result.seconds:.0f} ms training ({settings['backend']}), {1000 * drawn_seconds:.0f} ms drawing"
    )
    return _html(" · ".join(parts), "inherit", run)


def _settings_text(settings):
    """One line naming the lab's settings, for the still picture."""
    units = " x ".join(str(count) for count in settings["hidden_units"])
    data = "XOR truth table" if settings["data"] == "xor" else f"noisy cloud of {settings['points']} points"
    loss = "cross-entropy" if settings["loss"] == "binary_crossentropy" else "squared error"
    return (
        f"{units} {settings['activation']} units, {settings['output_activation']} output, {loss}, "
        f"{settings['optimizer']} at learning rate {settings['learning_rate']:.3g}, {settings['epochs']} epochs, "
        f"seed {settings['seed']}, {settings['backend']}, {data}"
    )


def _html(text, colour, run=0):
    """The summary line; data-run counts drawn runs, so a page can tell a new result from an equal one."""
    style = f"color: {colour}; font-family: monospace"
    return f'<div class="xor-summary" data-run="{run}" style="{style}">{html.escape(text)}</div>'
