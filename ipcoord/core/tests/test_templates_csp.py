"""The Content-Security-Policy allows no inline style or script: no template may rely on one
(the browser would drop it silently — a progress bar stuck at zero, a form at full width)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE = re.compile(r"""\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_uses_inline_style_or_event_handlers():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE.search(line)
    ]
    assert not offenders, offenders
