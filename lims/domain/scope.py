"""Whether a test falls inside a certificate's scope (CMA or CATL) on its test date.

An ability table (能力附表) is printed for people: names carry aliases and inclusions in
brackets ("克百威（呋喃丹，包括3-羟基克百威）"), markers glued to them ("﹡△毒死蜱"), full-width
characters; a method cell holds a title and one or more identifiers with their year ("GB
23200.113-2018", "NY/T 761-2008", "农业部1077号公告-1-2008"); a limits-of-use cell restricts
the row in words ("只测甲拌磷，不测甲拌磷砜", "葡萄除外"). This module reads all of that into
comparable keys and gives one ``ScopeVerdict`` per certificate kind:

- ``in``: a row of the table in force covers the product, the parameter and the method edition;
- ``out`` with a ``Reason``: no certificate, expired, not yet valid, the product is not under
  any section holding the parameter (``category``), no row for the parameter by that method
  (``no_row``), the row names another edition of the method (``edition``), or the row's
  limits of use exclude the test (``limits_of_use``);
- ``review``: the limits of use name something the data cannot settle ("只测肌肉", "只用第一法"),
  so a person must confirm.

Names are compared through an ``AliasTable`` (呋喃丹 = 克百威, 生鲜乳 = 生乳, 畜禽肉 -> 肉类)
the lab edits. No I/O here: the services read the tables and the catalogue and pass them in."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from lims.domain.names import name_key

# NFKC turns ﹡ into "*"; the markers an ability table glues to a name, anywhere in front or behind
MARKERS = "*△▲☆★※#"
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―－~～"), "-")
_INNER_SEPARATORS = re.compile(r"[,;、]")
_ITEM_SEPARATORS = re.compile(r"[、,/]")
_CLAUSE_SEPARATORS = re.compile(r"[;。,\n]")


class Verdict(StrEnum):
    IN = "in"
    OUT = "out"
    REVIEW = "review"


class Reason(StrEnum):
    NO_CERTIFICATE = "no_certificate"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    CATEGORY = "category"
    NO_ROW = "no_row"
    EDITION = "edition"
    LIMITS_OF_USE = "limits_of_use"


class AliasKind(StrEnum):
    PARAMETER = "parameter"  # 呋喃丹 -> 克百威
    PRODUCT = "product"  # 生鲜乳 -> 生乳
    CATEGORY = "category"  # an ability table's section -> a category of the lab's product tree


# --- names ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """A name folded for comparison (lims.domain.names.name_key) with every marker dropped, also
    those between other markers and the name: "﹡△毒死蜱" -> "毒死蜱", "ＬＥＥＫ" -> "leek"."""
    return name_key(text).strip(MARKERS)


@dataclass(frozen=True)
class ParsedName:
    """A printed name read apart: "克百威（呋喃丹，包括3-羟基克百威）" -> main "克百威", aliases
    ("呋喃丹",), includes ("3-羟基克百威",). Notes such as "总量" or "以Pb计" are kept apart."""

    printed: str
    main: str
    aliases: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """The keys the row answers to as a name: main and aliases."""
        return frozenset((self.main, *self.aliases)) - {""}


def parse_name(printed: str) -> ParsedName:
    key = fold(printed)
    start = key.find("(")
    if start < 0:
        return ParsedName(printed, key)
    end = key.find(")", start)
    head = fold(key[:start])
    inner = key[start + 1:end if end > start else len(key)]
    aliases: list[str] = []
    includes: list[str] = []
    notes: list[str] = []
    including = False
    for part in (p.strip() for p in _INNER_SEPARATORS.split(inner)):
        if not part:
            continue
        if part.startswith(("包括", "包含", "含")):
            including = True
            part = part.removeprefix("包括").removeprefix("包含").removeprefix("含")
        if including:
            includes.append(fold(part))
        elif part.startswith("以") or part in {"总量", "总和", "之和"} or part.endswith("计"):
            notes.append(part)
        else:
            aliases.append(fold(part))
    if not head:  # "(速克灵)" alone: no name before the bracket
        head, aliases = (aliases[0], aliases[1:]) if aliases else ("", aliases)
    return ParsedName(printed, head, tuple(a for a in aliases if a), tuple(i for i in includes if i), tuple(notes))


def remark_includes(remark: str) -> tuple[str, ...]:
    """What a remark (说明) says the row includes: "包括3-羟基克百威" -> ("3-羟基克百威",)."""
    key = fold(remark)
    at = key.find("包括")
    if at < 0:
        return ()
    return tuple(fold(p) for p in _INNER_SEPARATORS.split(key[at + 2:]) if fold(p))


def section_names(printed: str) -> tuple[str, ...]:
    """A product section's name split into the names it lists: "蔬菜、水果" -> ("蔬菜", "水果");
    a bracketed alias counts too: "生乳（生鲜乳）" -> ("生乳", "生鲜乳")."""
    names: list[str] = []
    depth = 0
    part = ""
    for char in unicodedata.normalize("NFKC", printed):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and char in "、,;":
            names.append(part)
            part = ""
        else:
            part += char
    names.append(part)
    keys: list[str] = []
    for name in names:
        parsed = parse_name(name)
        keys.extend(k for k in (parsed.main, *parsed.aliases) if k and k not in keys)
    return tuple(keys)


@dataclass(frozen=True)
class Alias:
    kind: AliasKind
    alias: str
    canonical: str


# Shipped with the application and seeded into every database; a lab adds its own.
DEFAULT_ALIASES: tuple[Alias, ...] = tuple(Alias(AliasKind(kind), alias, canonical) for kind, alias, canonical in (
    ("parameter", "呋喃丹", "克百威"),
    ("parameter", "速克灵", "腐霉利"),
    ("parameter", "功夫菊酯", "高效氯氟氰菊酯"),
    ("parameter", "氧化乐果", "氧乐果"),
    ("parameter", "盐酸克伦特罗", "克伦特罗"),
    ("parameter", "瘦肉精", "克伦特罗"),
    ("parameter", "磺胺类药物", "磺胺类"),
    ("parameter", "Pb", "铅"),
    ("parameter", "Cd", "镉"),
    ("product", "生鲜乳", "生乳"),
    ("product", "鲜乳", "生乳"),
    ("category", "畜禽肉", "肉类"),
    ("category", "畜禽肉及副产品", "肉类"),
    ("category", "畜禽肉类", "肉类"),
    ("category", "肉及肉制品", "肉类"),
    ("category", "乳及乳制品", "乳类"),
    ("category", "乳制品", "乳类"),
    ("category", "生鲜乳", "乳类"),
    ("category", "粮食", "谷物"),
    ("category", "粮油", "谷物"),
    ("category", "粮油", "油料"),
    ("category", "果蔬", "蔬菜"),
    ("category", "果蔬", "水果"),
    ("category", "蔬菜水果", "蔬菜"),
    ("category", "蔬菜水果", "水果"),
))


class AliasTable:
    """Aliases by kind, each from a spelling to its canonical name (one spelling may point to
    several names: 粮油 -> 谷物 and 油料). Two names are the same when their expansions meet;
    pointing is one way, so 谷物 and 油料 never become the same through 粮油.

    ``products`` and ``parameters`` are the names the lab's catalogue knows: a limit of use
    naming one of them can be decided; one naming something else (肌肉) cannot."""

    def __init__(self, aliases: Iterable[Alias] = DEFAULT_ALIASES, *, products: Iterable[str] = (),
                 parameters: Iterable[str] = ()) -> None:
        self._to: dict[tuple[AliasKind, str], set[str]] = {}
        self._expanded: dict[tuple[tuple[AliasKind, ...], frozenset[str]], frozenset[str]] = {}
        for a in aliases:
            alias, canonical = fold(a.alias), fold(a.canonical)
            if alias and canonical and alias != canonical:
                self._to.setdefault((a.kind, alias), set()).add(canonical)
        self.known_products = frozenset(fold(p) for p in products) | self._spellings(
            AliasKind.PRODUCT, AliasKind.CATEGORY)
        self.known_parameters = frozenset(fold(p) for p in parameters) | self._spellings(AliasKind.PARAMETER)

    def _spellings(self, *kinds: AliasKind) -> frozenset[str]:
        found: set[str] = set()
        for (kind, alias), canonicals in self._to.items():
            if kind in kinds:
                found |= {alias, *canonicals}
        return frozenset(found)

    def expand(self, kinds: Sequence[AliasKind], keys: Iterable[str]) -> frozenset[str]:
        """The keys and every name they point to, followed to the end (a loop ends the walk).
        Remembered: a table's rows are expanded again for every test judged."""
        start = frozenset(k for k in keys if k)
        memo_key = (tuple(kinds), start)
        cached = self._expanded.get(memo_key)
        if cached is not None:
            return cached
        found: set[str] = set()
        todo = list(start)
        while todo:
            key = todo.pop()
            if key in found:
                continue
            found.add(key)
            for kind in kinds:
                todo.extend(self._to.get((kind, key), ()))
        result = self._expanded[memo_key] = frozenset(found)
        return result

    def parameters(self, keys: Iterable[str]) -> frozenset[str]:
        return self.expand((AliasKind.PARAMETER,), keys)

    def products(self, keys: Iterable[str]) -> frozenset[str]:
        return self.expand((AliasKind.PRODUCT, AliasKind.CATEGORY), keys)


# --- methods ----------------------------------------------------------------------------------

_STANDARD_ID = re.compile(
    r"(?<![A-Z])([A-Z]{1,4}(?:\d{1,3})?(?:/[A-Z])?)\s*(\d+(?:\.\d+)*)\s*-\s*(\d{4}|\d{2})(?!\d)")
_ANNOUNCEMENT = re.compile(
    r"((?:中华人民共和国)?(?:农业农村部|农业部|卫生部|国家质检总局|国家食品药品监督管理总局)?)\s*(\d+)\s*号公告\s*-\s*(\d+(?:\.\d+)*)\s*-\s*(\d{4})")


@dataclass(frozen=True)
class MethodRef:
    """A method standard's number and year: ("GB 23200.113", "2018"), ("NY/T 761", "2008"),
    ("农业部1077号公告-1", "2008")."""

    number: str
    year: str

    @property
    def key(self) -> str:
        return number_key(self.number)

    @property
    def series(self) -> str:
        """The number without its "/T" (recommended) mark: GB/T 5009.12-2003 and GB 5009.12-2017
        are editions of one standard."""
        return re.sub(r"/[TZ](?=\d)", "", self.key)

    def same_edition(self, other: MethodRef) -> bool:
        return self.key == other.key and self.year == other.year

    def same_series(self, other: MethodRef) -> bool:
        return self.series == other.series

    def __str__(self) -> str:
        return f"{self.number}-{self.year}"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DASHES).upper()


def number_key(number: str) -> str:
    """A standard number folded: no spaces, upper case, dashes unified; an announcement's issuer
    dropped (农业部 became 农业农村部: "农业部1077号公告-1" and "1077号公告-1" are one document)."""
    key = "".join(_plain(number).split())
    at = key.find("号公告")
    if at >= 0:
        digits = re.search(r"\d+$", key[:at])
        key = (digits.group(0) if digits else "") + key[at:]
    return key


def parse_methods(text: str) -> tuple[MethodRef, ...]:
    """Every standard identifier with a year in a method cell, in order."""
    plain = _plain(text)
    found: list[MethodRef] = []
    for m in _ANNOUNCEMENT.finditer(plain):
        found.append(MethodRef(f"{m.group(1)}{m.group(2)}号公告-{m.group(3)}", m.group(4)))
    rest = _ANNOUNCEMENT.sub(" ", plain)
    for m in _STANDARD_ID.finditer(rest):
        found.append(MethodRef(f"{m.group(1)} {m.group(2)}", m.group(3)))
    return tuple(found)


def method_ref(number: str, year: str) -> MethodRef:
    """The test's method as the catalogue holds it (number and year apart)."""
    return MethodRef(" ".join(_plain(number).split()), _plain(year).strip())


# --- limits of use ----------------------------------------------------------------------------

_ONLY = re.compile(r"^(?:只测定?|仅测定?|只检测?|仅检测?|仅限于?|只限于?|限于|仅适用于|只适用于|适用于)(.+)$")
_EXCLUDED = re.compile(r"^(?:不测定?|不检测?|不包括|不含|不适用于)(.+)$")
_EXCEPT = re.compile(r"^(.+?)(?:除外|不测|不检测?)$")
_OPEN_LIST = re.compile(r"等(?:\d+|[一二三四五六七八九十百]+)?(?:种|项|类|个)?(?:物质|参数|化合物)?$")


@dataclass(frozen=True)
class LimitsOfUse:
    """A limits-of-use cell understood: names the row is restricted to, names it excludes, and
    the clauses no data can settle (a restriction on the procedure, or words not understood)."""

    text: str
    only: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    open_list: bool = False  # the only-list ends in "等16种": it names some of what it covers
    undecidable: tuple[str, ...] = ()

    @property
    def understood(self) -> bool:
        return not self.undecidable


def parse_limits(text: str) -> LimitsOfUse:
    only: list[str] = []
    excluded: list[str] = []
    undecidable: list[str] = []
    open_list = False
    target: list[str] | None = None
    for clause in (c.strip() for c in _CLAUSE_SEPARATORS.split(unicodedata.normalize("NFKC", text))):
        if not clause:
            continue
        m = _ONLY.match(clause)
        if m:
            target, body = only, m.group(1)
        elif (m := _EXCLUDED.match(clause)) or (m := _EXCEPT.match(clause)):
            target, body = excluded, m.group(1)
        elif clause.startswith(("只", "仅")):
            undecidable.append(clause)  # 只做定性筛查, 只用第一法: the procedure, not the sample
            target = None
            continue
        elif target is not None:
            body = clause  # "只测A，B": the list goes on after a comma
        else:
            undecidable.append(clause)
            continue
        if target is only and _OPEN_LIST.search(body):
            open_list = True
            body = _OPEN_LIST.sub("", body)
        target.extend(k for k in (fold(p) for p in _ITEM_SEPARATORS.split(body)) if k)
    return LimitsOfUse(text, tuple(only), tuple(excluded), open_list, tuple(undecidable))


# --- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowInput:
    """One printed row of an ability table, as stored."""

    number: str  # hierarchical: "1", "1.2"
    category: str  # "product", "item" or "parameter"
    name: str
    method_text: str = ""
    limits_of_use: str = ""
    remark: str = ""
    row_id: int | None = None


@dataclass(frozen=True)
class ScopeEntry:
    """A parameter row with its product section, read for matching."""

    number: str
    printed: str
    name: ParsedName
    section: str  # the product section's printed name, "" when the table has none above the row
    section_names: tuple[str, ...]
    methods: tuple[MethodRef, ...]
    method_text: str
    limits: LimitsOfUse
    row_id: int | None = None

    @property
    def keys(self) -> frozenset[str]:
        return self.name.names | frozenset(self.name.includes)


def build_entries(rows: Sequence[RowInput]) -> tuple[ScopeEntry, ...]:
    """The parameter rows (and items with a method) of a table in order, each under the product
    row whose number begins its own ("2" for "2.3.1"), else under the product row printed last
    above it."""
    sections: dict[str, RowInput] = {}
    last: RowInput | None = None
    entries: list[ScopeEntry] = []
    for row in rows:
        if row.category == "product":
            sections[row.number.strip()] = row
            last = row
            continue
        methods = parse_methods(row.method_text)
        # an item (项目) is matched like a parameter when it carries its own method; without
        # one it only groups the parameter rows under it
        if row.category != "parameter" and not (row.category == "item" and methods):
            continue
        section = _section_of(row.number, sections) or last
        parsed = parse_name(row.name)
        includes = parsed.includes + tuple(i for i in remark_includes(row.remark) if i not in parsed.includes)
        entries.append(ScopeEntry(
            number=row.number, printed=row.name,
            name=ParsedName(parsed.printed, parsed.main, parsed.aliases, includes, parsed.notes),
            section=section.name if section else "", section_names=section_names(section.name) if section else (),
            methods=methods, method_text=row.method_text,
            limits=parse_limits(row.limits_of_use), row_id=row.row_id,
        ))
    return tuple(entries)


def _section_of(number: str, sections: dict[str, RowInput]) -> RowInput | None:
    parts = number.strip().split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = sections.get(".".join(parts[:cut]))
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class TableVersion:
    version_no: int
    approved_on: date
    entries: tuple[ScopeEntry, ...]


@dataclass(frozen=True)
class CertificateScope:
    kind: str  # "CMA" or "CATL"
    number: str
    issued_on: date
    valid_until: date
    tables: tuple[TableVersion, ...] = ()

    def table_on(self, on: date) -> TableVersion | None:
        """The version in force on ``on``: the latest approved on or before it."""
        found = [t for t in self.tables if t.approved_on <= on]
        return max(found, key=lambda t: (t.approved_on, t.version_no)) if found else None


def epoch_days(certificates: Sequence[CertificateScope]) -> tuple[date, ...]:
    """The days on which some verdict may change: a certificate takes effect or lapses, a table
    version is approved. Between two of them every test alike gets the same verdict, so a batch
    judges each (product, parameter, method) once per span (``bisect`` a test date into these)."""
    days: set[date] = set()
    for c in certificates:
        days.add(c.issued_on)
        days.add(c.valid_until + timedelta(days=1))
        days.update(t.approved_on for t in c.tables)
    return tuple(sorted(days))


# --- the verdict ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What is judged: the sample's product with its categories up to the root, the parameter's
    name then its catalogue aliases, the method, and the test date."""

    product_path: tuple[str, ...]
    parameter: tuple[str, ...]
    method: MethodRef | None  # None: by any method (what the scope covers, not one test)
    on: date
    any_product: bool = False  # True: under any product section (what a signatory may sign)


@dataclass(frozen=True)
class ScopeVerdict:
    kind: str
    verdict: Verdict
    reason: Reason | None = None  # None when in scope
    certificate: str | None = None  # its number
    row: str | None = None  # the row's hierarchical number
    row_name: str = ""  # as printed
    table_version: int | None = None
    detail: str = ""  # what decided: the row's edition, its limits of use, the validity dates

    @property
    def in_scope(self) -> bool:
        return self.verdict is Verdict.IN


@dataclass(frozen=True)
class _Keys:
    parameter: frozenset[str]
    parameter_includes: frozenset[str]
    products: frozenset[str]
    aliases: AliasTable = field(compare=False)


def _subject_keys(subject: Subject, aliases: AliasTable) -> _Keys:
    names: set[str] = set()
    includes: set[str] = set()
    for spelling in subject.parameter:
        parsed = parse_name(spelling)
        names |= parsed.names
        includes |= set(parsed.includes)
    return _Keys(aliases.parameters(names), aliases.parameters(includes),
                 aliases.products(fold(p) for p in subject.product_path), aliases)


def judge(kind: str, certificates: Sequence[CertificateScope], subject: Subject,
          aliases: AliasTable) -> ScopeVerdict:
    """The verdict of the ``kind`` certificates on ``subject``. Of several certificates of the
    kind (a renewal overlapping the old one), the best verdict counts: in, then review, then out."""
    mine = [c for c in certificates if c.kind == kind]
    if not mine:
        return ScopeVerdict(kind, Verdict.OUT, Reason.NO_CERTIFICATE)
    on = subject.on
    valid = [c for c in mine if c.issued_on <= on <= c.valid_until]
    if not valid:
        earlier = [c for c in mine if c.valid_until < on]
        if earlier:
            c = max(earlier, key=lambda c: c.valid_until)
            return ScopeVerdict(kind, Verdict.OUT, Reason.EXPIRED, c.number,
                                detail=f"{c.issued_on.isoformat()}~{c.valid_until.isoformat()}")
        c = min(mine, key=lambda c: c.issued_on)
        return ScopeVerdict(kind, Verdict.OUT, Reason.NOT_YET_VALID, c.number,
                            detail=f"{c.issued_on.isoformat()}~{c.valid_until.isoformat()}")
    keys = _subject_keys(subject, aliases)
    found = [_judge_certificate(c, subject, keys) for c in valid]
    return min(found, key=_rank)


_VERDICT_RANK = {Verdict.IN: 0, Verdict.REVIEW: 1, Verdict.OUT: 2}
# of several out reasons, the one closest to being in scope is shown
_REASON_RANK = {Reason.LIMITS_OF_USE: 0, Reason.EDITION: 1, Reason.NO_ROW: 2, Reason.CATEGORY: 3,
                Reason.NOT_YET_VALID: 4, Reason.EXPIRED: 5, Reason.NO_CERTIFICATE: 6}


def _rank(v: ScopeVerdict) -> tuple[int, int]:
    return _VERDICT_RANK[v.verdict], _REASON_RANK[v.reason] if v.reason else -1


def _judge_certificate(cert: CertificateScope, subject: Subject, keys: _Keys) -> ScopeVerdict:
    table = cert.table_on(subject.on)
    if table is None:
        first = min((t.approved_on for t in cert.tables), default=None)
        return ScopeVerdict(cert.kind, Verdict.OUT, Reason.NOT_YET_VALID, cert.number,
                            detail=f"{first.isoformat()}~" if first else "")  # its first table applies from

    def out(reason: Reason, entry: ScopeEntry | None, detail: str = "") -> ScopeVerdict:
        return ScopeVerdict(cert.kind, Verdict.OUT, reason, cert.number, entry.number if entry else None,
                            entry.printed if entry else "", table.version_no, detail)

    by_parameter = [e for e in table.entries if keys.aliases.parameters(e.keys) & keys.parameter]
    if not by_parameter:
        return out(Reason.NO_ROW, None)
    by_product = by_parameter if subject.any_product else [
        e for e in by_parameter if not e.section_names or keys.aliases.products(e.section_names) & keys.products]
    if not by_product:
        return out(Reason.CATEGORY, by_parameter[0], "; ".join(dict.fromkeys(e.section for e in by_parameter)))
    method = subject.method
    exact = by_product if method is None else [
        e for e in by_product if any(m.same_edition(method) for m in e.methods)]
    if not exact:
        assert method is not None
        other = next((e for e in by_product if any(m.same_series(method) for m in e.methods)), None)
        if other is not None:
            editions = ", ".join(str(m) for m in other.methods if m.same_series(method))
            return out(Reason.EDITION, other, editions)
        return out(Reason.NO_ROW, None, ", ".join(dict.fromkeys(str(m) for e in by_product for m in e.methods)))
    if subject.any_product:
        # the limits of use restrict products and components, which only a test settles
        entry = exact[0]
        return ScopeVerdict(cert.kind, Verdict.IN, None, cert.number, entry.number, entry.printed,
                            table.version_no, entry.limits.text)
    judged = [(e, decide_limits(e.limits, keys)) for e in exact]
    for wanted in (Verdict.IN, Verdict.REVIEW):
        for entry, verdict in judged:
            if verdict is wanted:
                return ScopeVerdict(cert.kind, verdict, None if verdict is Verdict.IN else Reason.LIMITS_OF_USE,
                                    cert.number, entry.number, entry.printed, table.version_no, entry.limits.text)
    entry = judged[0][0]
    return out(Reason.LIMITS_OF_USE, entry, entry.limits.text)


def decide_limits(limits: LimitsOfUse, keys: _Keys) -> Verdict:
    """In when the limits allow the test, out when they exclude it, review when only a person
    can tell (an exclusion of a component the parameter includes, an only-list naming nothing
    the catalogue knows, a restriction on the procedure)."""
    aliases = keys.aliases
    review = bool(limits.undecidable)
    for item in limits.excluded:
        names = aliases.parameters([item]) | aliases.products([item])
        if names & keys.parameter or names & keys.products:
            return Verdict.OUT
        if names & keys.parameter_includes:
            review = True
    if limits.only:
        covered = any((aliases.parameters([i]) & keys.parameter) or (aliases.products([i]) & keys.products)
                      for i in limits.only)
        if not covered:
            unknown = [i for i in limits.only if i not in aliases.known_products and i not in aliases.known_parameters]
            if not unknown and not limits.open_list:
                return Verdict.OUT
            review = True
    return Verdict.REVIEW if review else Verdict.IN
