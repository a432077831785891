"""Sample labels: the fields of each sample read in one session, laid out and drawn by
``reports.labels`` as a PDF, or handed to the GUI as page geometry to paint on a printer."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import Producer, Product, Sample, Task
from lims.domain.errors import NotFound, ValidationError
from lims.services import policy as lab_policy

MAX_COPIES = 10  # labels per sample: the sample, its backup portion, a few spares
_ID_CHUNK = 500  # ids per IN (...) list



if TYPE_CHECKING:
    from reports.labels import LabelData, LabelLayout, LabelPage


def _pdf():
    """reportlab loads only when labels are made: it costs a start-up ~0.3 s otherwise."""
    from reports import labels

    return labels

class LabelService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def layouts(self) -> tuple[LabelLayout, ...]:
        return tuple(_pdf().LAYOUTS.values())

    def layout(self, name: str) -> LabelLayout:
        try:
            return _pdf().LAYOUTS[name]
        except KeyError:
            raise NotFound("There is no label layout named {name}", name=name) from None

    def labels(self, sample_ids: Sequence[int], copies: int = 1) -> tuple[LabelData, ...]:
        """One LabelData per sample (``copies`` of each, side by side), in the order given."""
        ids = list(dict.fromkeys(sample_ids))
        if not ids:
            raise ValidationError("Choose at least one sample to print labels for", field="samples")
        if not 1 <= copies <= MAX_COPIES:
            raise ValidationError("Print between 1 and {most} labels per sample", field="copies", most=MAX_COPIES)
        with self._sessions() as s:
            policy = lab_policy.read(s)
            found: dict[int, LabelData] = {}
            for start in range(0, len(ids), _ID_CHUNK):
                rows = s.execute(
                    select(Sample.id, Sample.code, Sample.sampled_at, Sample.storage, Sample.client,
                           Product.name, Producer.name, Task.code)
                    .join(Product, Product.id == Sample.product_id)
                    .outerjoin(Producer, Producer.id == Sample.producer_id)
                    .outerjoin(Task, Task.id == Sample.task_id)
                    .where(Sample.id.in_(ids[start:start + _ID_CHUNK]))
                ).all()
                for sample_id, code, sampled_at, storage, client, product, producer, task in rows:
                    found[sample_id] = _pdf().LabelData(
                        code=code, product=product, producer=producer or client or "",
                        sampled_on=policy.day(sampled_at), task=task or "",
                        storage=storage or "", lab=policy.lab_name,
                    )
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise NotFound("Samples {ids} do not exist; no labels were made", ids=", ".join(missing))
        unprintable = [found[i].code for i in ids if not _pdf().fits_code128(found[i].code)]
        if unprintable:
            raise ValidationError(
                "The sample code {code} cannot be printed as a barcode: it may hold only letters, digits "
                "and ASCII punctuation", field="code", code=unprintable[0],
            )
        return tuple(found[i] for i in ids for _ in range(copies))

    def pages(self, sample_ids: Sequence[int], layout_name: str, skip: int = 0,
              copies: int = 1) -> tuple[LabelPage, ...]:
        """The labels laid out, for painting on a printer: the same geometry as ``pdf``.

        ``skip`` leaves that many positions of the first sheet blank (a partly used sheet)."""
        layout = self.layout(layout_name)
        if not 0 <= skip < layout.per_page:
            raise ValidationError(
                "The first label position must be between 1 and {count}", field="skip", count=layout.per_page,
            )
        return _pdf().compose_pages(self.labels(sample_ids, copies), layout, skip)

    def pdf(self, sample_ids: Sequence[int], layout_name: str, skip: int = 0, copies: int = 1) -> bytes:
        return _pdf().render_pdf(self.pages(sample_ids, layout_name, skip, copies))

    def save(self, sample_ids: Sequence[int], layout_name: str, path: str | Path, skip: int = 0,
             copies: int = 1) -> Path:
        """Write the label PDF to ``path``; a file already there is replaced only once the new
        one is complete."""
        target = Path(path)
        data = self.pdf(sample_ids, layout_name, skip, copies)
        partial = target.with_name(f".{target.name}.part")
        try:
            try:
                partial.write_bytes(data)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
        except OSError as exc:
            raise ValidationError(
                "The labels could not be saved to {path}: {reason}", field="file", path=str(target),
                reason=exc.strerror or type(exc).__name__,
            ) from exc
        return target
