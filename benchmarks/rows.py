"""What every benchmark yields (one named figure with its unit) and where the repository is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = REPO.parent / "shared" / "data" / "external"


@dataclass
class Row:
    name: str
    value: float
    unit: str
