"""Compare SVG chart makers for a burn-up (#16): import time, time per chart, bytes, and
whether the same data gives the same bytes. docs/pictures.md has the results.

Needs the libraries, which vaultgoals does not depend on; in a scratch environment:

    python -m venv /tmp/charts && /tmp/charts/bin/pip install pygal matplotlib
    /tmp/charts/bin/python benchmarks/chart_libraries.py pygal
    /tmp/charts/bin/python benchmarks/chart_libraries.py matplotlib

vaultgoals' own template is measured by benchmarks/charts_cost.py.
"""
import hashlib
import sys
import time
from datetime import date, timedelta

t0 = time.perf_counter()
lib = sys.argv[1]
if lib == "pygal":
    import pygal
    from pygal.style import Style
else:
    import matplotlib
    matplotlib.use("svg")
    matplotlib.rcParams["svg.hashsalt"] = "vaultgoals"
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt
t_import = time.perf_counter() - t0

start = date(2026, 9, 1)
deadline = date(2026, 12, 31)
today = date(2026, 11, 20)
pts = [(start + timedelta(days=i), min(1.0, i * 0.006 + (i % 7) * 0.002)) for i in range(0, 81)]

def render() -> bytes:
    if lib == "pygal":
        style = Style(background="transparent", plot_background="transparent",
                      foreground="#888", foreground_strong="#888", foreground_subtle="#888",
                      colors=("#3b82f6", "#9ca3af", "#f59e0b"))
        c = pygal.DateLine(width=640, height=260, style=style, show_dots=False,
                           x_label_rotation=0, range=(0, 100), disable_xml_declaration=True)
        c.title = "Burn-up"
        c.add("progress", [(d, v * 100) for d, v in pts])
        c.add("ideal", [(start, 0), (deadline, 100)])
        c.add("projection", [(today, pts[-1][1] * 100), (deadline, 90)])
        r = c.render()
        return r if isinstance(r, bytes) else r.encode()
    fig, ax = plt.subplots(figsize=(6.4, 2.6))
    ax.plot([d for d, _ in pts], [v * 100 for _, v in pts], color="#3b82f6")
    ax.plot([start, deadline], [0, 100], color="#9ca3af", linestyle="--")
    ax.plot([today, deadline], [pts[-1][1] * 100, 90], color="#f59e0b", linestyle=":")
    ax.axvline(deadline, color="#ef4444")
    ax.set_title("Burn-up")
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, transparent=True)
    plt.close(fig)
    return buf.getvalue()

first = render()
n = 50
t1 = time.perf_counter()
for _ in range(n):
    out = render()
per = (time.perf_counter() - t1) / n
print(f"{lib}: import {t_import*1000:.0f} ms, per chart {per*1000:.2f} ms, {len(out)} bytes, "
      f"same in-process: {out == first}, sha {hashlib.sha256(out).hexdigest()[:12]}")
