"""The lab's new parts: inputs and L2 as controls, no hidden layer, per-unit maps and the weighted
network drawing (both following the replay), the busy line, the export, and where the time goes."""

import io
import re

import numpy as np
import pytest
from PIL import Image

import xorutils
from xorutils import export, lab_views
from xorutils import widgets as lab


def change(playground, **values):
    for name, value in values.items():
        playground.controls[name].value = value
    playground.wait()


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"))


@pytest.fixture
def playground():
    return xorutils.playground(epochs=200)


def test_with_x1_times_x2_and_no_hidden_layer_the_lab_solves_xor(playground):
    change(playground, **{"feature x1*x2": True, "layers": 0, "learning_rate": 0.5})
    settings = playground.result.settings
    assert settings["hidden_units"] == () and settings["features"] == ("x1", "x2", "x1*x2")
    assert playground.result.epochs_to_solve is not None, playground.summary.value
    # the network view draws 3 inputs straight to the output; the unit maps say there is no hidden layer
    assert len(playground.views["network"].edges.get_segments()) == 3
    assert "No hidden layer" in playground.views["units"].note.get_text()
    assert playground.controls["units_1"].disabled and playground.controls["activation"].disabled


def test_without_x1_times_x2_no_hidden_layer_cannot_solve_xor(playground):
    change(playground, layers=0, learning_rate=0.5, epochs=1000)
    assert playground.result.settings["features"] == ("x1", "x2")
    assert playground.result.epochs_to_solve is None


def test_no_input_chosen_is_a_message(playground):
    runs = playground.runs_drawn
    change(playground, **{"feature x1": False, "feature x2": False})
    assert "Choose at least one input" in playground.summary.value
    assert playground.runs_drawn == runs  # nothing trained, nothing drawn, no traceback


def test_l2_shows_in_the_summarys_test_loss_on_the_cloud():
    """On the noisy cloud the summary prints the held-out loss, where the penalty's effect shows."""
    playground = xorutils.playground(data="cloud", points=60, noise=0.35, hidden_units=64, epochs=600)
    plain = playground.result.test_loss[-1]
    assert f"(test {plain:.4g})" in playground.summary.value
    change(playground, l2=0.01)
    assert playground.result.settings["l2"] == 0.01
    penalised = playground.result.test_loss[-1]
    assert penalised < plain  # 64 units overfit this cloud by epoch 600; the penalty holds the test loss down
    assert f"(test {penalised:.4g})" in playground.summary.value


@pytest.mark.parametrize("units, shown", [(3, 3), (16, 16), (40, 16)])
def test_one_map_per_first_layer_unit_up_to_sixteen(playground, units, shown):
    change(playground, units_1=units)
    view = playground.views["units"]
    assert [ax.get_visible() for ax in view.axes] == [k < shown for k in range(lab_views.MOST_UNIT_MAPS)]
    assert ("first 16 of 40" in view.title.get_text()) == (units == 40)
    hidden = lab_views.grid_values(playground.result.network, lab.SQUARE, lab_views.MAP_RESOLUTION)[1]
    for index in range(shown):  # each map is that unit's activation over the square (tanh: on the -1..1 scale)
        np.testing.assert_allclose(view.images[index].get_array(), hidden[:, :, index], rtol=1e-6)


def test_relu_maps_are_scaled_to_the_largest_activation_and_say_so(playground):
    change(playground, activation="relu")
    view = playground.views["units"]
    hidden = lab_views.grid_values(playground.result.network, lab.SQUARE, lab_views.MAP_RESOLUTION)[1]
    largest = np.abs(hidden).max()
    assert view.largest.get_text() == f"scale: max = {largest:.3g}"
    assert np.abs(view.images[0].get_array()).max() <= 1 + 1e-6


def test_network_edges_follow_the_weights_and_the_replay(playground):
    view = playground.views["network"]
    W1, W2 = (W for W, _ in playground.result.network.layers)
    weights = np.concatenate([W1.ravel(), W2.ravel()])
    colours = view.edges.get_colors()
    red, blue = (np.array(matplotlib_rgba(c)) for c in ("tab:red", "tab:blue"))
    assert all(np.allclose(c, red if w > 0 else blue) for c, w in zip(colours, weights))
    widths = view.edges.get_linewidths()
    assert np.argmax(widths) == np.argmax(np.abs(weights))  # the widest edge carries the largest weight
    final = {name: playground.images[name].value for name in ("network", "units", "output")}
    playground.frame.value = 0  # replay: the starting weights, drawn without training
    first = playground.result.snapshots[0][1]
    assert "epoch 0" in view.title.get_text()
    start = np.concatenate([W.ravel() for W, _ in first.layers])
    assert np.argmax(view.edges.get_linewidths()) == np.argmax(np.abs(start))
    for name, picture in final.items():
        assert playground.images[name].value != picture, f"the {name} view did not follow the replay"


def matplotlib_rgba(colour):
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def test_the_busy_line_shows_while_training_and_clears_after(playground, monkeypatch):
    seen = []
    real = lab.train

    def watched(**settings):
        seen.append(playground.status.value)
        return real(**settings)

    monkeypatch.setattr(lab, "train", watched)
    change(playground, units_1=5)
    assert seen and 'class="xor-busy"' in seen[0] and "Training with NumPy" in seen[0]
    assert playground.status.value == ""


def test_the_first_tensorflow_run_warns_that_tensorflow_loads(playground, monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    assert "TensorFlow loads" in lab._first_keras_note({"backend": "keras"})
    assert lab._first_keras_note({"backend": "numpy"}) == ""


def test_the_busy_line_is_sent_before_tensorflow_first_loads(playground, monkeypatch):
    """TensorFlow's import holds the interpreter lock for up to a second at a stretch, so the kernel
    could not send the busy line meanwhile: the lab flushes its messages first (seen in CI as a busy
    line that came 1.5 s late)."""
    import sys

    events = []

    class Stdout:
        def write(self, text):
            return len(text)

        def flush(self):
            events.append(("flush", playground.status.value))

    def first_keras_run(**settings):
        events.append(("train", settings["backend"]))
        raise RuntimeError("not really training")

    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    monkeypatch.setattr(sys, "stdout", Stdout())
    monkeypatch.setattr(lab, "train", first_keras_run)
    change(playground, backend="keras")
    assert [name for name, _ in events] == ["flush", "train"], events
    assert "TensorFlow loads" in events[0][1], "the busy line should be set before it is flushed"
    events.clear()
    change(playground, backend="numpy")
    assert events == [("train", "numpy")], "NumPy runs need no flush"


def test_summary_carries_where_the_time_went(playground):
    change(playground, units_1=6)
    found = dict(re.findall(r'data-(train|draw|encode|kernel)-ms="([0-9.]+)"', playground.summary.value))
    assert set(found) == {"train", "draw", "encode", "kernel"}
    parts = {name: float(value) for name, value in found.items()}
    assert parts["kernel"] >= parts["train"] + parts["draw"] + parts["encode"] - 1  # the whole covers its parts
    assert parts["draw"] > 0 and parts["encode"] > 0


def test_export_repeats_the_labs_run_and_the_button_shows_it(playground):
    change(playground, units_1=3, seed=7, l2=0.001, **{"feature x1*x2": True})
    code = playground.to_code()
    assert code == export.to_code(playground._settings())
    first = code.split(export.KERAS_HEADING)[0]
    namespace = {}
    exec(compile(first, "export", "exec"), namespace)
    np.testing.assert_array_equal(namespace["result"].loss, playground.result.loss)
    assert playground.export.value == ""
    playground.export_button.click()
    assert "xorutils.train(" in playground.export.value and "keras.Sequential(" in playground.export.value
    change(playground, seed=8)  # an open export follows the settings
    assert "seed=8" in playground.export.value


def test_views_redraw_only_what_changes_and_still_look_the_same():
    """The blitted picture of a view equals a full redraw of the same figure."""
    playground = xorutils.playground(epochs=100)
    change(playground, units_1=5)
    for name, view in playground.views.items():
        blitted = pixels(playground.images[name].value).astype(int)
        view.figure.canvas.draw()
        full = np.asarray(view.figure.canvas.buffer_rgba())[:, :, :3].astype(int)
        differing = np.abs(blitted - full).max(axis=2) > 8  # beyond antialiasing's last shades
        assert differing.mean() < 0.001, f"the {name} view differs from a full draw in {differing.sum()} pixels"


@pytest.mark.parametrize("elevation", [0, 30, 60, 90])
def test_3d_tick_labels_stay_inside_the_canvas_when_rotated(playground, elevation):
    ax = playground._surface.ax
    canvas_box = playground._surface_figure.bbox
    for azimuth in range(0, 360, 30):
        ax.view_init(elevation, azimuth)
        renderer = playground._surface_figure.canvas.get_renderer()
        playground._surface_figure.canvas.draw()
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            low, high = sorted(axis.get_view_interval())
            drawn = [tick.label1 for tick in axis.get_major_ticks() if low <= tick.get_loc() <= high]
            for label in [*drawn, axis.label]:  # ticks outside the view are not drawn
                if label.get_visible() and label.get_text():
                    box = label.get_window_extent(renderer)
                    assert canvas_box.x0 - 1 <= box.x0 and box.x1 <= canvas_box.x1 + 1, (elevation, azimuth, label)
                    assert canvas_box.y0 - 1 <= box.y0 and box.y1 <= canvas_box.y1 + 1, (elevation, azimuth, label)


def test_weights_near_zero_are_drawn_thin_and_grey_and_the_title_says_so(playground):
    """Inputs x1, x2 and no hidden layer: every weight ends about 0 on XOR, its sign round-off."""
    change(playground, layers=0)
    view = playground.views["network"]
    assert "all about 0" in view.title.get_text()
    assert np.allclose(view.edges.get_colors()[:, :3], 0.8)  # grey
    assert np.all(np.asarray(view.edges.get_linewidths()) < 0.31)


def test_the_loss_curve_says_when_it_includes_the_penalty(playground):
    change(playground, l2=0.001)
    assert playground.views["loss"].train.get_label() == "training (+ L2 penalty)"
    assert "final loss with the L2 penalty" in playground.summary.value
    change(playground, l2=0.0)
    assert playground.views["loss"].train.get_label() == "training"


def test_on_the_cloud_the_summary_never_calls_overfitting_solved():
    playground = xorutils.playground(data="cloud", points=60, noise=0.35, hidden_units=16, epochs=1000)
    assert playground.result.epochs_to_solve is not None  # every noisy training point right...
    assert "solved" not in playground.summary.value  # ...is no success
    assert f"all training points right from epoch {playground.result.epochs_to_solve}" in playground.summary.value


def test_back_to_a_sigmoid_output_the_loss_chosen_before_returns(playground):
    change(playground, output_activation="linear")
    assert playground.controls["loss"].value == "mse"
    change(playground, output_activation="sigmoid")
    assert playground.controls["loss"].value == "binary_crossentropy"
    change(playground, loss="mse", output_activation="linear")
    change(playground, output_activation="sigmoid")
    assert playground.controls["loss"].value == "mse"  # the learner's own choice is kept


def test_the_learning_rate_is_the_number_the_slider_shows(playground):
    playground.controls["learning_rate"].value = 10**-0.7  # where the log slider lands for "0.2"
    playground.wait()
    assert playground.result.settings["learning_rate"] == 0.2


def test_a_failed_run_says_the_views_still_show_the_last_one(playground):
    change(playground, **{"feature x1": False, "feature x2": False})
    assert "views still show the last run" in playground.summary.value


def test_the_still_keeps_the_meaning_colours_exactly():
    playground = xorutils.playground(hidden_units=(), epochs=50)  # no positive edge: the legend's red is rare
    colours = {tuple(c) for c in pixels(playground.still()).reshape(-1, 3)}
    for colour in ("tab:red", "tab:blue"):
        assert tuple(round(255 * v) for v in matplotlib_rgba(colour)[:3]) in colours, colour


def test_no_3d_picture_is_stored_before_a_browser_view_exists():
    """ipympl keeps a picture sent before any view as the view's starting image, in a form the view
    cannot load; the view then never sizes its canvas and the surface stays blank (seen in JupyterLab)."""
    playground = xorutils.playground(epochs=50)
    assert playground.surface._data_url is None
    change(playground, units_1=3)
    assert playground.surface._data_url is None
