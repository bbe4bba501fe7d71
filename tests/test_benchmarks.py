"""The benchmark harness in its quick mode, so it never rots (timings are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_quick_benchmarks_run_and_write_json(tmp_path: Path):
    out = tmp_path / "latest.json"  # not into the repository
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert "kvot" in result.stdout
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["snabblage"] is True
    assert payload["maskin"]["cpus"] >= 1
    titles = [c["titel"] for c in payload["jamforelser"]]
    assert any(t.startswith("trends") for t in titles)
    assert all(c["kvot"] > 0 for c in payload["jamforelser"])
