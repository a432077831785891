"""Two workstations editing the same row: the second, stale write is refused, nothing is lost."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lims.db.engine import make_session_factory
from lims.db.models import Product
from lims.domain.errors import ConcurrentEditError


def test_a_stale_write_from_a_second_session_is_refused(engine):
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        s.add(Product(name="韭菜", code="LEEK", is_category=False, version=1))

    ws1, ws2 = sessions(), sessions()
    try:
        leek1 = ws1.scalar(select(Product).where(Product.code == "LEEK"))
        leek2 = ws2.scalar(select(Product).where(Product.code == "LEEK"))
        ws2.commit()  # workstation 2 has read the row and shows it; its read transaction is over
        leek1.name = "韭菜（本地）"
        ws1.commit()
        leek2.name = "韭黄"
        with pytest.raises(ConcurrentEditError, match="changed on another workstation"):
            ws2.commit()
        ws2.rollback()
    finally:
        ws1.close()
        ws2.close()

    with sessions() as s:
        leek = s.scalar(select(Product).where(Product.code == "LEEK"))
        assert (leek.name, leek.version) == ("韭菜（本地）", 2)
