"""How fast the playground answers a change, measured in the browser.

    .venv/bin/python benchmarks/playground_latency.py [--changes 30]

JupyterLab and headless Chromium run as in tests/test_browser.py. The playground notebook
(notebooks/NN_playground.ipynb) is opened and run, then the "units, layer 1" and "learning
rate" sliders are changed in turn by typing into their readouts, as a learner can. For each
change the page itself records performance.now() when Enter goes down and when the summary
line changes; the summary is written after the loss, boundary and hidden-space pictures, so by
then all three are on screen (the 3D surface follows on its own canvas). Target (issue 4):
median at most 250 ms with the NumPy back end and up to 1,000 epochs; measured at the lab's
300 epochs, at 1,000, and at 1,000 on the noisy cloud (200 points, 60 of them held out).
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from jupyter_browser import Lab, find_chromium, jupyterlab_in_chromium, playground_name  # noqa: E402

WATCH = """() => {
  window.__latency = null;
  const summary = document.querySelector('.xor-summary').parentElement;
  const run = () => summary.querySelector('.xor-summary').dataset.run;
  const old = run();
  let start = null;
  const onKey = e => {
    if (e.key === 'Enter') { start = performance.now(); document.removeEventListener('keydown', onKey, true); }
  };
  document.addEventListener('keydown', onKey, true);
  const observer = new MutationObserver(() => {
    if (run() !== old && start !== null) {
      window.__latency = performance.now() - start;
      observer.disconnect();
    }
  });
  observer.observe(summary, {subtree: true, childList: true, characterData: true});
}"""


def measure(page, changes):
    """Alternate the two sliders through values that always differ from the current one.

    None of the values is the lab's starting value (4 units, learning rate 0.05), and each
    slider's values rotate, so every change really changes something and retrains.
    """
    cycles = {"units, layer 1": [3, 6, 9, 12], "learning rate": [0.02, 0.1, 0.3]}
    times = []
    for index in range(changes):
        label = list(cycles)[index % 2]
        cycles[label].append(cycles[label].pop(0))  # rotate: the value used last time goes to the back
        page.evaluate(WATCH)
        Lab.set_slider(page, label, cycles[label][0])
        page.wait_for_function("() => window.__latency !== null", timeout=30_000)
        times.append(page.evaluate("() => window.__latency"))
    return times


def main():
    changes = int(sys.argv[sys.argv.index("--changes") + 1]) if "--changes" in sys.argv else 30
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found: install Debian's chromium package (or set CHROMIUM)")
    with jupyterlab_in_chromium(chromium) as lab:
        page = lab.open_and_run(playground_name())
        print(f"change -> summary and pictures updated, NumPy back end, {changes} changes each")
        for epochs, data in ((300, "XOR truth table"), (1000, "XOR truth table"), (1000, "noisy XOR cloud")):
            Lab.set_slider(page, "epochs", epochs)
            Lab.choose(page, "data", data)
            page.wait_for_timeout(2000)
            times = measure(page, changes)
            print(
                f"{epochs:5d} epochs, {data + (' (200 points)' if 'cloud' in data else ''):28}: "
                f"median {statistics.median(times):4.0f} ms, min {min(times):4.0f}, max {max(times):4.0f}"
                "   (target: median <= 250 ms)"
            )
        page.close()


if __name__ == "__main__":
    main()
