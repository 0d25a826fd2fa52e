"""The interactive lab: change the network, its inputs, the training or the data, and watch it learn.

``xorutils.playground()`` shows controls above six views (loss curves, the output map, what each
unit of the first hidden layer computes, the network with its weights, the hidden space and a 3D
output surface you can rotate), a status line and a one-line summary. Every change retrains in a
background thread, so the controls stay responsive and the status line says what is happening; a
newer change supersedes a retrain still running, which then draws nothing. A play/step control
replays the recorded snapshots of the last run without retraining. "Export as code" shows the
run as Python to paste anywhere. Problems appear as a message, never a traceback.

The parts: the controls and their layout (here), the run in the background (``_work``), and the
views (``lab_views``, each updated in place for a run and a frame).

Displayed, the lab also carries a still PNG of its views (``Playground.still()``): JupyterLab
shows the live widget, readers without a kernel (GitHub, nbviewer, the course's book) the picture.
"""

import html
import io
import sys
import threading
import time

import ipywidgets as widgets
import matplotlib
import matplotlib.image
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image  # Pillow: a dependency of Matplotlib

from . import export, lab_views, plots, validation
from .features import FEATURES, RAW
from .lab_views import UNDECIDED, undecided
from .training import train

SNAPSHOTS = 60  # frames in the replay, whatever the number of epochs
SQUARE = (-0.5, 1.5)
L2_STEPS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1)
LOSSES = (("cross-entropy", "binary_crossentropy"), ("mean squared error", "mse"))
STILL_NOTE = "A still of the lab: open this notebook in JupyterLab to use the controls."
VIEW_NAMES = ("loss", "output", "units", "network", "hidden")


class Playground(widgets.VBox):
    """The lab as one widget. Starting values:

    hidden_units: () (no hidden layer), an int, or a tuple of one or two ints from 1 to 64;
    activation, output_activation, loss, optimizer: as for train(); learning_rate: 0.001 to 10;
    epochs: 10 to 5000; seed; backend: "numpy", "tf" or "keras"; features: the inputs, as for
    train(); l2: one of L2_STEPS; data: "xor" (the truth table) or "cloud" (noisy XOR points with
    a held-out test split) with points and noise.
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
        features=RAW,
        l2=0.0,
        data="xor",
        points=200,
        noise=0.2,
    ):
        units = validation.hidden_units(hidden_units)
        if len(units) > 2 or max(units, default=1) > 64:
            raise ValueError(
                f"hidden_units must be () or 1 or 2 layers of 1 to 64 units in the playground; got {hidden_units!r}"
            )
        validation.loss_for_output(
            loss, validation.choice("output_activation", output_activation, ("sigmoid", "linear"))
        )
        rate = validation.positive_number("learning_rate", learning_rate)
        if not 1e-3 <= rate <= 10:
            raise ValueError(f"learning_rate must be from 0.001 to 10 in the playground; got {learning_rate!r}")
        features = validation.features(features)
        if validation.l2(l2) not in L2_STEPS:
            raise ValueError(f"l2 must be one of the lab's steps {L2_STEPS}; got {l2!r}")
        style, wide = {"description_width": "95px"}, widgets.Layout(width="285px")

        def slider(kind, description, **options):
            return kind(description=description, continuous_update=False, style=style, layout=wide, **options)

        def menu(description, options, value):
            return widgets.Dropdown(description=description, options=options, value=value, style=style, layout=wide)

        self.controls = {
            "layers": widgets.ToggleButtons(
                description="hidden layers",
                options=[0, 1, 2],
                value=len(units),
                style=style | {"button_width": "55px"},
            ),
            "units_1": slider(widgets.IntSlider, "units, layer 1", min=1, max=64, value=(units or (4,))[0]),
            "units_2": slider(widgets.IntSlider, "units, layer 2", min=1, max=64, value=(units or (4,))[-1]),
            "activation": menu(
                "activation",
                validation.ACTIVATIONS,
                validation.choice("activation", activation, validation.ACTIVATIONS),
            ),
            "output_activation": menu("output", ("sigmoid", "linear"), output_activation),
            "loss": menu("loss", LOSSES, loss),
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
            "l2": slider(widgets.SelectionSlider, "L2 penalty", options=L2_STEPS, value=float(l2)),
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
        for name in FEATURES:  # one toggle per input the network can be given, as in TensorFlow Playground
            self.controls[f"feature {name}"] = widgets.ToggleButton(
                description=name, value=name in features, layout=widgets.Layout(width="64px")
            )
        self._loss_before_linear = loss
        self.summary = widgets.HTML()
        self.status = widgets.HTML().add_class("xor-status")
        self.replay = widgets.Play(min=0, max=0, interval=120, description="replay training")
        self.frame = widgets.IntSlider(description="snapshot", min=0, max=0, continuous_update=True, style=style)
        widgets.jslink((self.replay, "value"), (self.frame, "value"))
        self.export_button = widgets.Button(description="Export as code", icon="code", tooltip="this run as Python")
        self.export_button.on_click(self._export)
        self.export = widgets.HTML().add_class("xor-export")

        self.views = {
            "loss": lab_views.LossView(),
            "output": lab_views.OutputView(),
            "units": lab_views.UnitsView(),
            "network": lab_views.NetworkView(),
            "hidden": lab_views.HiddenSpaceView(),
        }
        self.images = {name: widgets.Image(format="png") for name in VIEW_NAMES}
        self._drawing = threading.Lock()  # one drawing at a time: worker thread, replay slider or a 3D redraw
        self._surface_figure, self.surface = _rotatable_figure(figsize=(4.2, 3.4), lock=self._drawing)
        self._surface = lab_views.SurfaceView(self._surface_figure, self.surface)

        self._run_shown = None  # the lab_views.Run on screen
        self._outcome_text = ""  # the summary line without timings, for the still picture
        self._lock = threading.Lock()  # guards the request counter and self._worker
        self._requested = 0  # a counter: each change asks for a newer run
        self._asked_at = time.perf_counter()  # when the newest change reached the kernel
        self._worker = None
        self.runs_drawn = 0  # how many training runs have reached the screen (tests read it)

        column = {"width": "295px"}
        c = self.controls
        inputs = widgets.HBox(
            [widgets.Label("inputs", layout={"width": "95px"})]
            + [widgets.HBox([c[f"feature {name}"] for name in FEATURES], layout={"flex_flow": "row wrap"})],
            layout={"width": "590px"},
        )
        network = widgets.VBox(
            [c["layers"], c["units_1"], c["units_2"], c["activation"], c["output_activation"]], layout=column
        )
        training = widgets.VBox(
            [c["loss"], c["optimizer"], c["learning_rate"], c["epochs"], c["seed"], c["backend"]], layout=column
        )
        dataset = widgets.VBox([c["data"], c["points"], c["noise"], c["l2"]], layout=column)
        super().__init__(
            [
                widgets.HBox([network, training, dataset]),
                inputs,
                self.status,
                self.summary,
                widgets.HBox([self.replay, self.frame, self.export_button]),
                self.export,
                widgets.HBox([self.images["loss"], self.images["output"]]),
                widgets.HBox([self.images["units"], self.images["network"]]),
                widgets.HBox([self.images["hidden"], self.surface]),
            ]
        )
        self._sync_controls()
        self.frame.observe(self._show_frame, names="value")
        self._draw(self._settings(), self._compute(self._settings()), lab_views.Clock())  # drawn before it is shown
        for control in self.controls.values():
            control.observe(self._changed, names="value")

    def __repr__(self):
        return "Playground (open this notebook in JupyterLab to use the controls)"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a still PNG for readers that cannot run it; JupyterLab shows the widget."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = self.still()
        return bundle

    @property
    def result(self):
        """The TrainingResult on screen (None before the first run is drawn)."""
        run = self._run_shown
        return run.result if run is not None else None

    def to_code(self):
        """This run as Python: the xorutils.train call that repeats it, and the same network in plain Keras."""
        return export.to_code(self._settings())

    def still(self):
        """PNG bytes of the lab as it is now: its settings and result above the views, laid out as in the lab."""
        with self._drawing:
            views = [self.images[name].value for name in VIEW_NAMES]
            buffer = io.BytesIO()
            self._surface_figure.savefig(buffer, format="png")
            views.append(buffer.getvalue())
            outcome = self._outcome_text
        pictures = [_rgb(png) for png in views]
        rows = [pictures[:2], pictures[2:4], pictures[4:]]  # as in the lab
        width = max(sum(picture.shape[1] for picture in row) for row in rows)
        lines = [*_settings_text(self._settings()).split("\n"), outcome, STILL_NOTE]
        blocks = [_text_block(lines, width)]
        for row in rows:
            block = np.full((max(picture.shape[0] for picture in row), width, 3), 255, dtype=np.uint8)
            left = 0
            for picture in row:
                block[: picture.shape[0], left : left + picture.shape[1]] = picture
                left += picture.shape[1]
            blocks.append(block)
        buffer = io.BytesIO()  # 256 colours: a third of the bytes of full colour, and looks the same
        _in_256_colours(Image.fromarray(np.vstack(blocks))).save(buffer, format="png")
        return buffer.getvalue()

    # ----- reacting to changes -------------------------------------------------------------

    def _changed(self, change):
        self._sync_controls()
        settings = self._settings()
        self._busy(f"Training with {_BACKEND_NAMES[settings['backend']]}" + _first_keras_note(settings))
        with self._lock:
            self._requested += 1
            self._asked_at = time.perf_counter()
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
                    self.status.value = ""  # idle: nothing is training or drawing
                    return
                done, asked_at = self._requested, self._asked_at
            settings = self._settings()
            if _first_keras_note(settings):
                _send_queued_messages()  # the busy line, before TensorFlow's import holds the interpreter
            outcome = self._compute(settings)
            with self._lock:
                superseded = done != self._requested
            if not superseded:
                self._busy("Drawing")
                try:
                    self._draw(settings, outcome, lab_views.Clock(), asked_at)
                except Exception as error:  # a drawing problem also ends as a message, not a traceback
                    self.summary.value = _html(f"Could not draw: {type(error).__name__}: {error}", "#b00020")

    def wait(self, timeout=60):
        """Block until the runs asked for so far are drawn (for tests and scripts)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _busy(self, doing):
        self.status.value = f'<span class="xor-busy" style="color: #555">&#9203; {html.escape(doing)}…</span>'

    def _export(self, button=None):
        try:
            code = self.to_code()
        except Exception as error:  # as everywhere in the lab: a message, not a traceback
            self.export.value = _html(f"Could not export: {type(error).__name__}: {error}", "#b00020")
            return
        self.export.value = (
            "<div>Copy this into any notebook cell: the first part repeats this run with xorutils, "
            "the second builds the same network in plain Keras.</div>"
            f'<pre style="font-size: 85%; max-height: 24em; overflow: auto">{html.escape(code)}</pre>'
        )

    def _sync_controls(self):
        """Keep the controls consistent: no impossible combination can be asked for."""
        c = self.controls
        c["units_1"].disabled = c["layers"].value == 0
        c["units_2"].disabled = c["layers"].value < 2
        c["activation"].disabled = c["layers"].value == 0
        c["points"].disabled = c["noise"].disabled = c["data"].value == "xor"
        if c["output_activation"].value == "linear":
            # cross-entropy compares probabilities, which only a sigmoid output gives
            if len(c["loss"].options) == 2:
                self._loss_before_linear = c["loss"].value  # given back when the output is a sigmoid again
                c["loss"].options = (("mean squared error", "mse"),)
        elif len(c["loss"].options) == 1:
            c["loss"].options = LOSSES
            c["loss"].value = self._loss_before_linear

    def _settings(self):
        c = self.controls
        units = (c["units_1"].value, c["units_2"].value)[: c["layers"].value]
        return dict(
            backend=c["backend"].value,
            hidden_units=units,
            activation=c["activation"].value,
            output_activation=c["output_activation"].value,
            loss=c["loss"].value,
            optimizer=c["optimizer"].value,
            learning_rate=float(f"{c['learning_rate'].value:.3g}"),  # the slider's 10**-0.7 is the 0.2 it shows
            epochs=c["epochs"].value,
            seed=c["seed"].value,
            features=tuple(name for name in FEATURES if c[f"feature {name}"].value),
            l2=float(c["l2"].value),
            data=c["data"].value,
            points=c["points"].value,
            noise=float(c["noise"].value),
        )

    def _compute(self, settings):
        """Train; return (result, data) or an error message for the learner."""
        try:
            if not settings["features"]:
                return "Choose at least one input: the network needs something to see."
            data = export.lab_data(settings)
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

    def _draw(self, settings, outcome, clock, asked_at=None):
        """Show a finished run: every view at its last frame, then the summary (written last)."""
        if isinstance(outcome, str):
            if self._run_shown is not None:
                outcome += " (The views still show the last run.)"
            self.summary.value = _html(outcome, "#b00020")
            self._outcome_text = outcome
            return
        result, data = outcome
        lim = SQUARE if data[2] is None else _limits(np.vstack([data[0], data[2]]))
        run = lab_views.Run(result, data, lim)
        with self._drawing:
            self._run_shown = run
            for view in self.views.values():
                view.show_run(run)
            self._surface.show_run(run)
            last = max(len(result.snapshots) - 1, 0)
            self.frame.unobserve(self._show_frame, names="value")  # this run's last frame is drawn below
            self.frame.max = self.replay.max = last
            self.frame.value = self.replay.value = last
            self.frame.observe(self._show_frame, names="value")
            self._draw_frame(last, clock)
        self.runs_drawn += 1
        self._outcome_text = " · ".join(_outcome_parts(result, data[0]))
        if self.export.value:  # an open export follows the settings
            self._export()
        kernel = time.perf_counter() - asked_at if asked_at is not None else None
        self.summary.value = _summary(result, data, settings, clock, kernel, self.runs_drawn)

    def _show_frame(self, change):
        """Replay: draw a recorded snapshot of the last run, without training again."""
        with self._drawing:
            if self._run_shown is not None:
                self._draw_frame(change["new"], lab_views.Clock())

    def _draw_frame(self, index, clock):
        """Every view at snapshot index of the run shown; the caller holds self._drawing."""
        run = self._run_shown
        epoch, network = run.frame(index)
        began = time.perf_counter()
        grid, hidden, output = lab_views.grid_values(network, run.lim, lab_views.MAP_RESOLUTION)
        small = lab_views.grid_values(network, run.lim, lab_views.SURFACE_RESOLUTION)
        clock.add("draw", began)
        self.views["loss"].show_frame(epoch)
        self.views["output"].show_frame(epoch, network, output)
        self.views["units"].show_frame(hidden)
        self.views["network"].show_frame(epoch, network)
        self.views["hidden"].show_frame(network)
        self._surface.show_frame(small[0], small[2])
        for name, view in self.views.items():
            self.images[name].value = view.png(clock)
        self._surface.send(clock)


_BACKEND_NAMES = {"numpy": "NumPy", "tf": "GradientTape", "keras": "Keras"}


def _first_keras_note(settings):
    """A warning that TensorFlow is about to load, the first time a TensorFlow back end runs."""
    if settings["backend"] != "numpy" and "tensorflow" not in sys.modules:
        return " (the first time, TensorFlow loads: a few seconds)"
    return ""


def _send_queued_messages():
    """Return once the kernel has sent the widget updates queued so far.

    TensorFlow's first import holds the interpreter lock for up to a second at a stretch (0.5 s
    here, more on a slower machine), and ipykernel's sending thread needs that lock to send the
    busy line. ipykernel sends its queue in order, and flushing stdout waits until the sending
    thread has reached the flush, so everything queued before it is out. Outside a kernel this
    is an ordinary flush.
    """
    sys.stdout.flush()


def _rotatable_figure(figsize, lock):
    """A Figure on ipympl's widget canvas (mouse rotation in JupyterLab), kept out of pyplot.

    lock: held while the canvas renders a redraw the browser asked for (after a rotation), so it
    never renders at the same time as the lab's own drawing thread.
    """
    backend = matplotlib.get_backend()
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend() != backend:  # importing ipympl switches every later plt figure to it
        matplotlib.use(backend)  # so the notebook's own figures stay inline PNGs

    class LockedCanvas(Canvas):
        def handle_draw(self, event):
            with lock:
                super().handle_draw(event)

    figure = Figure(figsize=figsize, dpi=lab_views.DPI)
    canvas = LockedCanvas(figure)
    FigureManager(canvas, 0)  # gives the canvas its toolbar and message handling
    canvas.header_visible = False
    canvas.toolbar_visible = False
    return figure, canvas


def _limits(points):
    low, high = points.min(), points.max()
    pad = 0.1 * (high - low)
    return (float(low - pad), float(high + pad))


def _in_256_colours(image):
    """The picture in 256 colours, the course's meaning colours among them exactly.

    A palette fitted to the picture alone can merge a colour used by a few pixels (a legend's
    red swatch) into a common one near it (the targets' orange), and change what it means.
    """
    keep = [plots.TARGET_COLOURS[0], plots.TARGET_COLOURS[1], *lab_views.SIGN_COLOURS.values(), "black", "white"]
    keep = [round(255 * channel) for colour in keep for channel in matplotlib.colors.to_rgb(colour)]
    fitted = image.quantize(256 - len(keep) // 3, method=Image.Quantize.MEDIANCUT).getpalette()[: 3 * 256]
    palette = Image.new("P", (1, 1))
    palette.putpalette((keep + fitted)[: 3 * 256])
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


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


def _outcome_parts(result, X):
    """The run's result as parts of the summary line (a diverged run: its message)."""
    if result.diverged:
        return [result.message]
    if undecided(result.network, X):  # never print a count that round-off decides
        return [
            f"final loss {result.final_loss:.4g}",
            f"accuracy undecided (every output within {UNDECIDED:g} of 0.5)",
            "not solved",
        ]
    penalty = " with the L2 penalty" if result.settings.get("l2", 0) > 0 else ""
    parts = [f"final loss{penalty} {result.final_loss:.4g}", f"accuracy {result.accuracy[-1]:.0%}"]
    if len(result.test_accuracy):  # noisy data: the held-out loss is where an L2 penalty shows its effect
        parts[0] += f" (test {result.test_loss[-1]:.4g})"
        parts[-1] += f" (test {result.test_accuracy[-1]:.0%})"
        # every noisy training point right is no success (it is how overfitting ends): no "solved" here
        right = result.epochs_to_solve
        parts.append(f"all training points right from epoch {right}" if right else "some training points wrong")
        return parts
    parts.append(f"solved: all right from epoch {result.epochs_to_solve}" if result.epochs_to_solve else "not solved")
    return parts


def _summary(result, data, settings, clock, kernel_seconds, run):
    """The summary line, with where the time went; its data- attributes carry the same in ms for benchmarks."""
    timings = {
        "train": result.seconds,
        "draw": clock.seconds["draw"],
        "encode": clock.seconds["encode"],
        "kernel": kernel_seconds,
    }
    if result.diverged:
        return _html(result.message, "#b00020", run, timings)
    parts = _outcome_parts(result, data[0])
    parts.append(
        f"{1000 * result.seconds:.0f} ms training ({settings['backend']}), "
        f"{1000 * (clock.seconds['draw'] + clock.seconds['encode']):.0f} ms drawing"
    )
    return _html(" · ".join(parts), "inherit", run, timings)


def _settings_text(settings):
    """Two lines naming the lab's settings (the network, then its training), for the still picture."""
    units = " x ".join(str(count) for count in settings["hidden_units"])
    network = f"{units} {settings['activation']} units" if units else "no hidden layer"
    data = "XOR truth table" if settings["data"] == "xor" else f"noisy cloud of {settings['points']} points"
    loss = "cross-entropy" if settings["loss"] == "binary_crossentropy" else "squared error"
    penalty = f", L2 penalty {settings['l2']:g}" if settings["l2"] else ""
    inputs = ", ".join(settings["features"]) or "none"
    return (
        f"{network}, inputs {inputs}, {settings['output_activation']} output; {data}\n"
        f"{loss}, {settings['optimizer']} at learning rate {settings['learning_rate']:.3g}{penalty}, "
        f"{settings['epochs']} epochs, seed {settings['seed']}, {settings['backend']}"
    )


def _html(text, colour, run=0, timings=None):
    """The summary line; data-run counts drawn runs, so a page can tell a new result from an equal one.

    timings: seconds spent on "train", "draw", "encode" and in the kernel in all ("kernel", from the
    change reaching it to the summary), written as data-train-ms and so on for the browser benchmark.
    """
    style = f"color: {colour}; font-family: monospace"
    times = "".join(
        f' data-{part}-ms="{1000 * seconds:.1f}"' for part, seconds in (timings or {}).items() if seconds is not None
    )
    return f'<div class="xor-summary" data-run="{run}"{times} style="{style}">{html.escape(text)}</div>'
