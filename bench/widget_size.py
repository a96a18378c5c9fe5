"""Size of what a website loads for the chat widget: the script and its style sheet, raw and gzipped.

Usage: ``python -m bench.widget_size`` (part of ``make bench``). The issue's aim: the script at most 30 KB gzipped.
"""

from __future__ import annotations

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "bot" / "web" / "static"
FILES = ("widget.js", "widget.css", "kiosk.js", "kiosk.css")
AIM_KB = 30.0


def sizes() -> dict[str, tuple[int, int]]:
    """File name -> (bytes, gzipped bytes)."""
    result = {}
    for name in FILES:
        data = (STATIC / name).read_bytes()
        result[name] = (len(data), len(gzip.compress(data, compresslevel=9)))
    return result


def main() -> None:
    print("==> Widget size (what a website loads; the kiosk adds kiosk.js/css)")
    print(f"  {'file':12} {'raw KB':>8} {'gzip KB':>8}")
    for name, (raw, packed) in sizes().items():
        print(f"  {name:12} {raw / 1024:8.1f} {packed / 1024:8.1f}")
    script = sizes()["widget.js"][1] / 1024
    print(f"  widget.js gzipped {script:.1f} KB of the {AIM_KB:.0f} KB aim ({script / AIM_KB:.0%}).")


if __name__ == "__main__":
    main()
