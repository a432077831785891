"""Free text bound for a column: cleaned by lims.domain.text and held to the column's length as
the model declares it (String(n)), so the limit is written once and both databases agree."""
from __future__ import annotations

from typing import Any

from lims.db.base import text_length
from lims.domain.text import clean_text


def clean(value: str, column: Any, *, field: str, multiline: bool = False) -> str:
    """``value`` cleaned for the mapped ``column`` (e.g. Sample.sampler1); ValidationError
    naming ``field`` when it cannot be stored there."""
    return clean_text(value, field=field, max_length=text_length(column), multiline=multiline)
