"""300 updates of the lab inside a real Jupyter kernel: no figure leak, no memory creep."""

import json

from jupyter_client.manager import start_new_kernel

UPDATES = 300

CODE = f"""
import gc, json, os, resource, sys
import matplotlib.pyplot as plt
import xorutils
from IPython.display import display

def memory():
    if os.path.exists("/proc/self/statm"):  # current resident size on Linux
        return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)

lab = xorutils.playground(epochs=50)
display(lab)

def update(i):
    control, values = [("units_1", (2, 5, 9)), ("learning_rate", (0.02, 0.1, 0.5))][i % 2]
    lab.controls[control].value = values[(i // 2) % 3]
    lab.wait()
    lab.surface.draw()  # render the 3D view as a browser's request would

for i in range(30):  # warm up: caches, first traces, allocator pools
    update(i)
gc.collect()
figures, start = len(plt.get_fignums()), memory()
for i in range({UPDATES}):
    update(i)
gc.collect()
print(json.dumps(dict(runs=lab.runs_drawn, figures=[figures, len(plt.get_fignums())], grown=memory() - start)))
"""


def test_three_hundred_updates_leak_no_figures_and_little_memory():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.execute_interactive(CODE, timeout=600, output_hook=collect(outputs := []))
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "".join(o["text"] for o in outputs if o.get("name") == "stdout")
    figures = json.loads(text)
    assert figures["runs"] == 1 + 30 + UPDATES
    assert figures["figures"][0] == figures["figures"][1]
    assert figures["grown"] < 50 * 2**20, f"memory grew by {figures['grown'] / 2**20:.1f} MiB"
    assert not [o for o in outputs if o.get("name") == "stderr"], "the lab wrote to stderr"


def collect(outputs):
    def hook(message):
        if message["msg_type"] == "stream":
            outputs.append(message["content"])

    return hook
