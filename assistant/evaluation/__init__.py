"""Quality evaluations: retrieval, review, answers and email, scored on labelled sets.

The labelled sets live in the repository (tests/eval_data), not in the installed package; the
optional external sets (WNC, SpamAssassin) sit beside the repository in ../shared/data/external.
Both are found from this file, so `assistant eval` works from any folder of a checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

# The two halves of every labelled set: tune on one, report the other.
Half = Literal["tune", "report"]
HALVES: tuple[str, ...] = get_args(Half)
REPOSITORY = Path(__file__).resolve().parents[2]


def eval_data_dir() -> Path:
    """tests/eval_data of the checkout this package runs from."""
    return REPOSITORY / "tests" / "eval_data"


def external_data_dir() -> Path:
    """The optional external sets beside the checkout (absent sets are named in the report)."""
    return REPOSITORY.parent / "shared" / "data" / "external"
