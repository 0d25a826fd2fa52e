"""The interactive lab, driven the way the browser drives it: by changing control values."""

import threading

import matplotlib.pyplot as plt
import pytest

import xorutils
from xorutils import widgets as lab


@pytest.fixture
def playground():
    return xorutils.playground(epochs=100)


def change(playground, **values):
    for name, value in values.items():
        playground.controls[name].value = value
    playground.wait()


def test_opens_with_every_view_drawn_and_a_summary(playground):
    assert playground.runs_drawn == 1
    for image in playground.images.values():
        assert bytes(image.value).startswith(b"\x89PNG")
    assert "final loss" in playground.summary.value and "solved: all right from epoch" in playground.summary.value
    assert repr(playground).startswith("Playground")


def test_moving_hidden_units_and_learning_rate_retrains_and_redraws(playground):
    before = {name: image.value for name, image in playground.images.items()}
    summary = playground.summary.value
    change(playground, units_1=2)
    assert playground.runs_drawn == 2
    assert playground.images["output"].value != before["output"]
    change(playground, learning_rate=0.5)
    assert playground.runs_drawn == 3 and playground.summary.value != summary
    assert playground.result.settings["hidden_units"] == (2,)
    assert playground.result.settings["learning_rate"] == pytest.approx(0.5)


def test_a_linear_output_offers_only_mean_squared_error(playground):
    change(playground, output_activation="linear")
    assert [value for _, value in playground.controls["loss"].options] == ["mse"]
    assert playground.result.settings["loss"] == "mse"
    change(playground, output_activation="sigmoid")
    assert len(playground.controls["loss"].options) == 2


def test_divergence_shows_the_engines_message(playground):
    change(playground, activation="linear", output_activation="linear", optimizer="sgd", learning_rate=10.0)
    assert "Diverged" in playground.summary.value and "smaller learning rate" in playground.summary.value


def test_any_failure_becomes_a_message_not_a_traceback(playground, monkeypatch):
    def broken(**settings):
        raise RuntimeError("out of ideas")

    monkeypatch.setattr(lab, "train", broken)
    change(playground, seed=5)
    assert "Could not train with these settings: RuntimeError: out of ideas" in playground.summary.value


def test_replay_redraws_a_snapshot_without_training(playground, monkeypatch):
    calls = []
    monkeypatch.setattr(lab, "train", lambda **settings: calls.append(settings))
    last = playground.frame.value
    assert last == playground.frame.max > 10
    final_picture = playground.images["output"].value
    playground.frame.value = 0
    assert playground.images["output"].value != final_picture
    assert calls == [] and playground.runs_drawn == 1


def test_a_superseded_run_is_not_drawn(playground, monkeypatch):
    release, started = threading.Event(), threading.Event()
    real_train = lab.train

    def slow_first(**settings):
        if settings["hidden_units"] == (3,):
            started.set()
            release.wait(10)
        return real_train(**settings)

    monkeypatch.setattr(lab, "train", slow_first)
    playground.controls["units_1"].value = 3  # starts a run that will be slow
    assert started.wait(10)
    playground.controls["units_1"].value = 6  # arrives while the first run trains
    release.set()
    playground.wait()
    assert playground.runs_drawn == 2  # the first picture and the newest run only
    assert playground.result.settings["hidden_units"] == (6,)


def test_second_layer_and_noisy_cloud_controls(playground):
    assert playground.controls["units_2"].disabled and playground.controls["points"].disabled
    change(playground, layers=2, units_2=2)
    assert not playground.controls["units_2"].disabled
    assert playground.result.settings["hidden_units"] == (4, 2)
    change(playground, data="cloud", points=120)
    assert not playground.controls["points"].disabled
    assert len(playground.result.test_loss) == 100  # the held-out curve is there to plot
    assert "test" in playground.summary.value


def test_starting_values_are_used_and_checked():
    playground = xorutils.playground(hidden_units=(5, 3), activation="relu", learning_rate=0.2, epochs=50)
    assert playground.result.settings["hidden_units"] == (5, 3)
    assert playground.controls["layers"].value == 2 and playground.controls["activation"].value == "relu"
    with pytest.raises(ValueError, match=r"hidden_units must be \(\) or 1 or 2 layers of 1 to 64 units"):
        xorutils.playground(hidden_units=(4, 4, 4))
    with pytest.raises(ValueError, match="hidden_units must be .* got 65"):
        xorutils.playground(hidden_units=65)
    with pytest.raises(ValueError, match="features must be"):
        xorutils.playground(features=("x1", "x3"))
    with pytest.raises(ValueError, match=r"l2 must be one of the lab's steps .*; got 0.5"):
        xorutils.playground(l2=0.5)
    with pytest.raises(ValueError, match="l2 must be"):
        xorutils.playground(l2=-1)
    with pytest.raises(ValueError, match="learning_rate must be from 0.001 to 10 in the playground; got 50"):
        xorutils.playground(learning_rate=50)
    with pytest.raises(ValueError, match="data must be one of 'xor', 'cloud'; got 'moons'"):
        xorutils.playground(data="moons")


def test_the_lab_opens_no_pyplot_figures(playground):
    before = plt.get_fignums()
    change(playground, units_1=7)
    assert plt.get_fignums() == before


def test_a_burst_of_changes_ends_with_the_last_one_drawn(playground):
    for units in range(1, 21):
        playground.controls["units_1"].value = units  # no waiting: changes pile up on the worker
    playground.wait()
    assert playground.result.settings["hidden_units"] == (20,)
    assert 2 <= playground.runs_drawn <= 21


def test_opening_the_lab_leaves_the_notebooks_figures_backend_alone():
    """ipympl switches Matplotlib's backend when imported; the lab must undo that for later plots."""
    import subprocess
    import sys

    code = (
        "import matplotlib; matplotlib.use('agg'); import matplotlib.pyplot as plt\n"
        "import xorutils\n"
        "xorutils.playground(epochs=10)\n"
        "print(matplotlib.get_backend())"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().lower() == "agg"
