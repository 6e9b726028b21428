"""The examples of docs/python.md run, and print what the page says they print."""

import contextlib
import io
import os
import re

from conftest import ROOT


def test_the_worked_example_runs_as_shown(tmp_path, monkeypatch):
    page = open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert len(blocks) == 2
    os.symlink(os.path.join(ROOT, "examples"), tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    scope = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "docs/python.md", "exec"), scope)
    printed = out.getvalue().splitlines()
    # Each "# ..." comment right after a print shows that print's output line(s).
    shown = [m.group(1) for b in blocks for m in re.finditer(r"^(?:.*print\(.*\)\s+)?# (.*)$", b, re.M)
             if not m.group(1)[0].isupper() and not m.group(1).startswith("or")]
    for line in shown:
        assert any(line.strip() == p.strip() or line.rstrip(".]") in p for p in printed), (line, printed)
