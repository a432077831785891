"""The lab's catalogue as the use cases read it: the product tree, the names people type for
products and parameters, methods, and the limits as the domain's ``LimitTable``.

One ``Catalogue`` is opened per session (per user action or batch) and kept in the session's
``info``: entering a result, judging a batch, looking up a limit, importing a table or
generating the demo all walk the same tree and choose limits by the same rule
(``lims.domain.judgment``). What it reads is kept across sessions while the database's
reference stamp says it still holds (``lims.services.snapshots``). A use case that changes
the catalogue calls ``forget``.

Names are matched as people type them and as the ability tables print them (see
``lims.domain.names``): a product answers to its name and its code; a parameter to its name,
aliases, English name and CAS number."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lims.db.models import Limit, Method, Panel, Parameter, Product, Standard
from lims.domain.enums import LimitKind
from lims.domain.errors import NotFound, ValidationError
from lims.domain.judgment import LimitCandidate, LimitTable, MethodInfo
from lims.domain.names import NameIndex
from lims.services import snapshots

_INFO_KEY = "lims.catalogue"


@dataclass(frozen=True)
class ProductNode:
    id: int
    parent_id: int | None
    name: str
    code: str | None
    is_category: bool


class Catalogue:
    """What one session knows of the catalogue, each part read on first use."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._limits_by_parameter: dict[int, LimitTable] = {}
        self._methods: dict[int, MethodInfo] = {}

    # --- the product tree -------------------------------------------------------------------

    @cached_property
    def nodes(self) -> dict[int, ProductNode]:
        return snapshots.part(self._s, "catalogue.nodes", lambda: {
            r.id: ProductNode(r.id, r.parent_id, r.name, r.code, r.is_category) for r in self._s.execute(
                select(Product.id, Product.parent_id, Product.name, Product.code, Product.is_category))})

    def path(self, product_id: int) -> tuple[int, ...]:
        """The product, then its parent category and so on up to the root. A loop in the tree
        ends the walk; an unknown product gives a path of itself alone."""
        path: list[int] = []
        node: int | None = product_id
        while node is not None and node not in path:
            path.append(node)
            found = self.nodes.get(node)
            node = found.parent_id if found is not None else None
        return tuple(path)

    def paths(self) -> dict[int, tuple[int, ...]]:
        """Every product's path, for batches."""
        return {node_id: self.path(node_id) for node_id in self.nodes}

    def panel_for(self, product_id: int) -> Panel | None:
        """The panel of the product or of its nearest category that has one."""
        path = self.path(product_id)
        panels = {p.product_id: p for p in self._s.scalars(
            select(Panel).where(Panel.product_id.in_(path)).order_by(Panel.id.desc()))}
        return next((panels[node] for node in path if node in panels), None)

    # --- names ------------------------------------------------------------------------------

    @cached_property
    def products(self) -> NameIndex:
        return snapshots.part(self._s, "catalogue.products", self._product_index)

    def _product_index(self) -> NameIndex:
        index = NameIndex()
        aliases = dict(self._s.execute(select(Product.id, Product.aliases).where(Product.aliases != "")).all())
        for node in self.nodes.values():
            names = unicodedata.normalize("NFKC", aliases.get(node.id, "")).split(";")
            index.add(node.id, f"{node.name} ({node.code})" if node.code else node.name,
                      (node.name, node.code, *(n for n in names if n)))
        return index

    @cached_property
    def parameter_names(self) -> dict[int, str]:
        return {p.id: p.name for p in self._parameter_rows}

    @cached_property
    def parameters(self) -> NameIndex:
        return snapshots.part(self._s, "catalogue.parameters", self._parameter_index)

    def _parameter_index(self) -> NameIndex:
        index = NameIndex()
        for p in self._parameter_rows:
            aliases = unicodedata.normalize("NFKC", p.aliases or "").split(";")
            index.add(p.id, p.name, (p.name, p.name_en, p.cas_no, *aliases))
        return index

    @cached_property
    def _parameter_rows(self) -> list:
        return snapshots.part(self._s, "catalogue.parameter_rows", lambda: list(self._s.execute(
            select(Parameter.id, Parameter.name, Parameter.name_en, Parameter.aliases, Parameter.cas_no))))

    def product_id(self, text: str) -> int:
        """The one product (or category) ``text`` names, or why not."""
        found = self.products.matches(text)
        if len(found) == 1:
            return found.pop()
        if found:
            raise ValidationError(
                "The product name '{text}' fits several catalogue entries ({matches}): type its code",
                field="product", text=text, matches=", ".join(sorted(self.products.display[i] for i in found)),
            )
        close = self.products.suggestions(text)
        if close:
            raise NotFound("No product '{text}' in the catalogue; did you mean {suggestions}?",
                           text=text, suggestions=", ".join(close))
        raise NotFound("No product '{text}' in the catalogue", text=text)

    def parameter_id(self, text: str) -> int:
        """The one parameter ``text`` names (name, alias, English name or CAS number), or why not."""
        found = self.parameters.matches(text)
        if len(found) == 1:
            return found.pop()
        if found:
            raise ValidationError(
                "The parameter name '{text}' fits several parameters ({matches}): type the full name",
                field="parameter", text=text,
                matches=", ".join(sorted(self.parameters.display[i] for i in found)),
            )
        close = self.parameters.suggestions(text)
        if close:
            raise NotFound("No parameter '{text}' in the catalogue; did you mean {suggestions}?",
                           text=text, suggestions=", ".join(close))
        raise NotFound("No parameter '{text}' in the catalogue", text=text)

    # --- methods and limits -----------------------------------------------------------------

    @cached_property
    def _method_rows(self) -> dict[int, Any]:
        return snapshots.part(self._s, "catalogue.methods", lambda: {m.id: m for m in self._s.execute(
            select(Method.id, Method.unit, Method.reporting_digits, Method.lod, Method.loq, Standard.number,
                   Standard.year).outerjoin(Standard, Standard.id == Method.standard_id))})

    def method_label(self, method_id: int) -> tuple[str, str]:
        """The method as a person reads it ("GB 23200.113-2018") and its unit as stored."""
        m = self._method_rows.get(method_id)
        if m is None:
            raise NotFound("Method {id} does not exist", id=method_id)
        return (f"{m.number}-{m.year}" if m.number else "", m.unit)

    def method(self, method_id: int) -> MethodInfo:
        info = self._methods.get(method_id)
        if info is None:
            m = self._method_rows.get(method_id)
            if m is None:
                raise NotFound("Method {id} does not exist", id=method_id)
            info = self._methods[method_id] = MethodInfo(unit=m.unit, reporting_digits=m.reporting_digits,
                                                         lod=m.lod, loq=m.loq, method_id=m.id)
        return info

    def limits_for(self, parameter_id: int) -> LimitTable:
        """The limits of one parameter (every node, every edition)."""
        table = self._limits_by_parameter.get(parameter_id)
        if table is None:
            table = self._limits_by_parameter[parameter_id] = snapshots.part(
                self._s, f"catalogue.limits.{parameter_id}",
                lambda: LimitTable(list(self._candidates(Limit.parameter_id == parameter_id))))
        return table

    @cached_property
    def limit_table(self) -> LimitTable:
        """Every limit of the catalogue, for batches that judge many parameters."""
        return snapshots.part(self._s, "catalogue.limit_table", lambda: LimitTable(list(self._candidates())))

    def _candidates(self, *where) -> Iterable[LimitCandidate]:
        rows = self._s.execute(
            select(Limit.id, Limit.product_id, Limit.parameter_id, Limit.value, Limit.unit, Limit.kind,
                   Limit.source, Limit.is_demo, Standard.number, Standard.year, Standard.in_force_from,
                   Standard.in_force_to)
            .join(Standard, Standard.id == Limit.standard_id).where(Limit.active.is_(True), *where))
        for r in rows:
            node = self.nodes.get(r.product_id)
            yield LimitCandidate(
                product_id=r.product_id, value=r.value, unit=r.unit, kind=LimitKind(r.kind),
                standard_number=r.number, standard_year=r.year, in_force_from=r.in_force_from,
                in_force_to=r.in_force_to, parameter_id=r.parameter_id, limit_id=r.id,
                product_name=node.name if node else "", source=r.source, is_demo=r.is_demo,
            )


def catalogue(s: Session) -> Catalogue:
    """The session's catalogue, read once and shared by every use case in the session."""
    found = s.info.get(_INFO_KEY)
    if found is None:
        found = s.info[_INFO_KEY] = Catalogue(s)
    return found


def forget(s: Session) -> None:
    """The catalogue changed in this session: read it again when next asked."""
    s.info.pop(_INFO_KEY, None)
    snapshots.forget(s)
