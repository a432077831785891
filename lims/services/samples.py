"""Sample lists, fetched page by page."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from lims.db.models import Area, Producer, Product, Sample, Task
from lims.services.dto import Page, SampleFilter, SampleRow


class SampleService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def page(self, flt: SampleFilter, offset: int = 0, limit: int = 100) -> Page[SampleRow]:
        """One page of samples, newest first, with the total that matches the filter."""
        with self._sessions() as s:
            ids = self._filtered(flt, select(Sample.id))
            total = s.scalar(select(func.count()).select_from(ids.subquery())) or 0
            prod, prodr, area, task = aliased(Product), aliased(Producer), aliased(Area), aliased(Task)
            q = (
                self._filtered(
                    flt,
                    select(
                        Sample.id, Sample.code, Sample.status, prod.name, prodr.name, area.name,
                        task.title, Sample.sampled_at, Sample.verdict,
                    )
                    .join(prod, prod.id == Sample.product_id)
                    .outerjoin(prodr, prodr.id == Sample.producer_id)
                    .outerjoin(area, area.id == Sample.area_id)
                    .outerjoin(task, task.id == Sample.task_id),
                )
                .order_by(Sample.id.desc())
                .offset(offset)
                .limit(limit)
            )
            rows = tuple(
                SampleRow(
                    id=r[0], code=r[1], status=r[2], product=r[3], producer=r[4] or "",
                    area=r[5] or "", task=r[6] or "", sampled_at=r[7], verdict=r[8],
                )
                for r in s.execute(q)
            )
        return Page(rows=rows, offset=offset, total=total)

    @staticmethod
    def _filtered(flt: SampleFilter, q: Select) -> Select:
        if flt.status:
            q = q.where(Sample.status == flt.status)
        if flt.text and flt.text.strip():
            text = flt.text.strip()
            producer_ids = select(Producer.id).where(Producer.name.contains(text, autoescape=True))
            q = q.where(
                or_(Sample.code.startswith(text, autoescape=True), Sample.producer_id.in_(producer_ids))
            )
        return q
