"""Reading THL Sotkanet's export formats: the layout only, no RDF.

Sotkanet's REST API (``https://sotkanet.fi/rest/1.1/json`` and ``…/csv``, see
``data/reference/uri-patterns.csv``) gives one flat record per indicator, region, year
and gender: ``indicator``, ``region`` (Sotkanet's own region id, not the municipality
code), ``year``, ``gender`` (``total``, ``male`` or ``female``), ``value`` and ``absValue``
(the count behind a rate). JSON is an array of such objects; CSV is ``;``-separated with a
header row (a ``,``-separated file and a decimal comma are accepted too).

Each record keeps its exact character span in the file, so the graph can cite the record
verbatim as the evidence of the observation made from it. A record whose value is absent
or empty is *missing*; one whose value is a marker Sotkanet and statistical tables print
for withheld small numbers (``..``, ``.``, ``*``, ``x``, ``-``, ``–``) is *suppressed*.
Anything else that is not a number is an error naming file, line and column.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..errors import InputError

GENDERS = ("total", "male", "female")
#: Values printed for numbers withheld for privacy (small counts) or not published.
SUPPRESSED = frozenset({"..", ".", "*", "x", "X", "-", "–"})
#: CSV header names (case-insensitive, spaces and underscores ignored) → field.
_COLUMNS = {"indicator": "indicator", "region": "region", "year": "year",
            "gender": "gender", "value": "value", "absvalue": "absValue",
            "absolutevalue": "absValue"}
REQUIRED = ("indicator", "region", "year", "gender", "value")


@dataclass(frozen=True)
class Record:
    """One exported record and where it sits in the file."""

    indicator: int
    region: int
    year: int
    gender: str
    value: Decimal | None
    abs_value: Decimal | None
    start: int
    end: int
    line: int
    #: None for a usable record; "missing" or "suppressed" when the value is not there
    skipped: str | None = None


def read_export(text: str, file: str) -> list[Record]:
    """The records of a Sotkanet JSON or CSV export (told apart by the first character)."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise InputError("the file is empty", where=file,
                         hint="export data from Sotkanet as JSON or CSV")
    if body[0] in "[{":
        return _json_records(text, file)
    return _csv_records(text, file)


# -- JSON -------------------------------------------------------------------------------


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _where(file: str, text: str, offset: int) -> str:
    line, column = _position(text, offset)
    return f"{file}:{line}:{column}"


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in "\ufeff \t\r\n":
        index += 1
    return index


def _json_records(text: str, file: str) -> list[Record]:
    decoder = json.JSONDecoder(parse_float=Decimal)
    index = _skip_space(text, 0)
    if text[index] != "[":
        raise InputError("a Sotkanet JSON export is an array of records", where=_where(
            file, text, index), hint="the /rest/1.1/json endpoint answers [{...}, {...}]")
    index = _skip_space(text, index + 1)
    records: list[Record] = []
    while True:
        if index >= len(text):
            raise InputError("the JSON array is not closed", where=_where(file, text, index))
        if text[index] == "]" and not records:
            break
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}",
                             where=f"{file}:{exc.lineno}:{exc.colno}") from None
        where = _where(file, text, index)
        if not isinstance(item, dict):
            raise InputError(f"a record must be a JSON object, not {type(item).__name__}",
                             where=where)
        records.append(_record(item, text, index, end, where))
        index = _skip_space(text, end)
        if index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
            continue
        if index < len(text) and text[index] == "]":
            break
        raise InputError("expected ',' or ']' after a record", where=_where(file, text, index))
    rest = _skip_space(text, index + 1)
    if rest < len(text):
        raise InputError("text after the JSON array", where=_where(file, text, rest))
    return records


def _integer(value: object, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{name} must be an integer, not {value!r}", where=where)
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+", value.strip()):
            raise InputError(f"{name} must be an integer, not {value!r}", where=where)
        return int(value)
    return value


def _number(value: object, name: str, where: str, comma: bool) -> tuple[Decimal | None, str | None]:
    """(value, None), or (None, "missing" | "suppressed")."""
    if value is None:
        return None, "missing"
    if isinstance(value, bool):
        raise InputError(f"{name} must be a number, not {value!r}", where=where)
    if isinstance(value, int | Decimal):
        return Decimal(value), None
    if isinstance(value, float):  # not produced by the decoder; kept for callers
        return Decimal(str(value)), None
    text = str(value).strip()
    if not text:
        return None, "missing"
    if text in SUPPRESSED:
        return None, "suppressed"
    if comma:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InputError(f"{name} {value!r} is not a number", where=where,
                         hint="a missing value is empty or null; a suppressed one is "
                              f"one of {' '.join(sorted(SUPPRESSED))}")
    return number, None


def _record(item: dict, text: str, start: int, end: int, where: str,
            comma: bool = False) -> Record:
    for name in REQUIRED[:4]:
        if name not in item or item[name] in (None, ""):
            raise InputError(f"the record has no {name!r}", where=where,
                             hint="a Sotkanet record has indicator, region, year, gender, "
                                  "value and absValue")
    gender = str(item["gender"]).strip()
    if gender not in GENDERS:
        raise InputError(f"gender {item['gender']!r} is not one of {', '.join(GENDERS)}",
                         where=where)
    year = _integer(item["year"], "year", where)
    if not 1800 <= year <= 2200:
        raise InputError(f"year {year} is not a calendar year", where=where)
    value, skipped = _number(item.get("value"), "value", where, comma)
    absolute, _ = _number(item.get("absValue"), "absValue", where, comma)
    return Record(indicator=_integer(item["indicator"], "indicator", where),
                  region=_integer(item["region"], "region", where), year=year,
                  gender=gender, value=value, abs_value=absolute, start=start, end=end,
                  line=_position(text, start)[0], skipped=skipped)


# -- CSV --------------------------------------------------------------------------------


def _csv_records(text: str, file: str) -> list[Record]:
    lines: list[tuple[int, int, str]] = []  # (start, line number, line without newline)
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        content = raw.rstrip("\r\n")
        if content.strip():
            lines.append((offset, number, content))
        offset += len(raw)
    header_start, header_line, header = lines[0]
    header_text = header.lstrip("\ufeff")
    delimiter = ";" if ";" in header_text else "," if "," in header_text else "\t"
    names = next(csv.reader([header_text], delimiter=delimiter))
    columns: dict[str, int] = {}
    for position, name in enumerate(names):
        field = _COLUMNS.get(re.sub(r"[\s_]", "", name).lower())
        if field and field not in columns:
            columns[field] = position
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(f"the CSV header lacks {', '.join(missing)}",
                         where=f"{file}:{header_line}",
                         hint="Sotkanet's CSV header is indicator;region;year;gender;value;"
                              "absValue")
    records = []
    for start, number, content in lines[1:]:
        cells = next(csv.reader([content], delimiter=delimiter))
        where = f"{file}:{number}"
        if len(cells) < len(names):
            raise InputError(f"the row has {len(cells)} cells, the header {len(names)}",
                             where=where)
        item = {field: cells[position] for field, position in columns.items()}
        records.append(_record(item, text, start, start + len(content), where,
                               comma=delimiter != ","))
    return records
