"""Headless Chromium for the browser tests: serve a built site and run a check in a page."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
#: MathJax 3 from npm, where ``dev.py test`` puts it (``npm install --prefix .tools mathjax@3``)
MATHJAX = ROOT / ".tools" / "node_modules" / "mathjax" / "es5"
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
WINDOW = (1200, 900)

#: Loads PAGE in a frame of the window's size, waits until MathJax (when the page has it) has
#: typeset, runs the check's body with ``page`` (the frame's window) and ``doc`` and writes
#: what it returns as JSON into ``pre#result`` for ``--dump-dom`` to carry out.
HARNESS = """<!doctype html>
<html><head><meta charset="utf-8"><style>html, body { margin: 0; overflow: hidden; }
iframe { border: 0; width: 100vw; height: 100vh; }</style></head>
<body><pre id="result">not run</pre><iframe id="page"></iframe><script>
const frame = document.getElementById("page");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function check(page, doc) {
%(body)s
}
frame.onload = async () => {
  const out = document.getElementById("result");
  try {
    const page = frame.contentWindow;
    const doc = frame.contentDocument;
    if (doc.querySelector("script[src*='mathjax']")) {
      for (let i = 0; i < 100 && !(page.MathJax && page.MathJax.startup); i++) {
        await pause(100);
      }
      if (!page.MathJax) { throw new Error("MathJax did not load"); }
      await page.MathJax.startup.promise;
    }
    await doc.fonts.ready;
    out.textContent = JSON.stringify(await check(page, doc));
  } catch (error) {
    out.textContent = JSON.stringify({error: String(error)});
  }
};
frame.src = %(page)s;
</script></body></html>
"""


def add_mathjax(outdir: Path) -> None:
    """Make ``_static/mathjax`` of a build (``mathjax_path=mathjax/tex-mml-chtml.js``)."""
    target = outdir / "_static" / "mathjax"
    if not target.exists():
        try:
            target.symlink_to(MATHJAX, target_is_directory=True)
        except OSError:
            shutil.copytree(MATHJAX, target)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on an ephemeral port of 127.0.0.1; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


def chromium_command(url: str, profile: Path, *extra: str, dark: bool = False,
                     budget_ms: int = 20000) -> list[str]:
    """Headless Chromium opening *url* with no network of its own, *extra* flags added."""
    assert CHROMIUM is not None
    width, height = WINDOW
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},{height}",
            f"--virtual-time-budget={budget_ms}",
            # the themes follow prefers-color-scheme, which this flag turns dark
            *(["--force-dark-mode"] if dark else []), *extra, url]


def chromium(url: str, *, dark: bool = False, budget_ms: int = 20000) -> str:
    """The DOM of *url* after its scripts ran for *budget_ms* of virtual time."""
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            chromium_command(url, Path(profile), "--dump-dom", dark=dark, budget_ms=budget_ms),
            capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def run_check(site: Path, base: str, page: str, body: str, *, dark: bool = False) -> Any:
    """Run the JavaScript *body* of ``async function check(page, doc)`` in *page* of the site
    served from *site* at *base*; returns what it returned."""
    name = f"check-{abs(hash((page, body, dark))):x}.html"
    (site / name).write_text(HARNESS % {"body": body, "page": json.dumps(f"{base}/{page}")},
                             encoding="utf-8")
    dom = chromium(f"{base}/{name}", dark=dark)
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[:2000]
    result = json.loads(html.unescape(found.group(1)))
    assert not (isinstance(result, dict) and "error" in result), result
    return result


def contrast(foreground: list[int], background: list[int]) -> float:
    """WCAG contrast ratio of two sRGB colours."""

    def luminance(rgb: list[int]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: JavaScript: ``colours(el)`` is [text, background] of an element as opaque sRGB, the text
#: composited over the first ancestor background that is not transparent.
COLOURS_JS = """
function opaque(colour, under) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d");
  paint.fillStyle = under || "#fff";
  paint.fillRect(0, 0, 1, 1);
  paint.fillStyle = colour;
  paint.fillRect(0, 0, 1, 1);
  return Array.from(paint.getImageData(0, 0, 1, 1).data.slice(0, 3));
}
function colours(el) {
  const view = el.ownerDocument.defaultView;
  let background = null;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const value = view.getComputedStyle(node).backgroundColor;
    const shows = opaque(value, "#000").join() !== "0,0,0";
    if (shows || opaque(value, "#fff").join() !== "255,255,255") {
      background = value;
      break;
    }
  }
  const under = `rgb(${opaque(background || "#fff").join(",")})`;
  return [opaque(view.getComputedStyle(el).color, under), opaque(under)];
}
"""
