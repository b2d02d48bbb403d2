"""Operators' own history files: one row per customer, any columns (pure: no Django).

``table_read`` reads CSV (UTF-8, UTF-8 with BOM or GB18030) or Parquet;
``table_prepare`` finds the identifier and label columns, turns numbers stored as text
(``"1,234.50"``, ``"¥88"``, ``"12%"``, blanks) into numbers, keeps the other text
columns as categories, and drops identifier-like and constant columns, saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

POSITIVE_WORDS = {"1", "1.0", "true", "yes", "y", "churn", "churned", "lost", "是", "离网", "流失"}
NEGATIVE_WORDS = {
    "0",
    "0.0",
    "false",
    "no",
    "n",
    "stay",
    "stayed",
    "retained",
    "否",
    "在网",
    "留存",
}
NUMERIC_SHARE = 0.9  # a text column is numeric when 90 % of its non-blank cells parse
MAX_LEVELS = 50
_STRIP = re.compile(r"[,\s¥￥%]|元$")


class TableError(ValueError):
    """A file that cannot be used, with the column or row at fault in the message."""


@dataclass
class Prepared:
    frame: pd.DataFrame
    ids: pd.Series
    y: np.ndarray | None
    numeric: list[str] = field(default_factory=list)
    categorical: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)


def table_read(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"{path}: neither UTF-8 nor GB18030")
    from io import StringIO

    return pd.read_csv(StringIO(text), dtype="string", keep_default_na=False, na_values=[""])


def _as_number(column: pd.Series) -> pd.Series | None:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.astype("float64")
    text = column.astype("string").str.strip()
    blank = text.isna() | (text == "") | text.str.lower().isin(["na", "n/a", "null", "-", "none"])
    cleaned = text.where(~blank).str.replace(_STRIP, "", regex=True)
    numbers = pd.to_numeric(cleaned, errors="coerce")
    filled = int((~blank).sum())
    if filled == 0 or numbers.notna().sum() < NUMERIC_SHARE * filled:
        return None
    return numbers.astype("float64")


def label_values(column: pd.Series, positive: str | None, name: str) -> np.ndarray:
    text = column.astype("string").str.strip()
    if text.isna().any():
        row = int(np.flatnonzero(text.isna().to_numpy())[0]) + 2
        raise TableError(f"column {name}: row {row} has no label")
    if positive is not None:
        y = (text == positive).to_numpy()
        if not y.any():
            raise TableError(f"column {name}: no row has the positive value {positive!r}")
        return y.astype("int8")
    lowered = text.str.lower()
    unknown = ~lowered.isin(POSITIVE_WORDS | NEGATIVE_WORDS)
    if unknown.any():
        value = text[unknown].iloc[0]
        raise TableError(f"column {name}: cannot read {value!r} as churned or not; pass --positive")
    return lowered.isin(POSITIVE_WORDS).to_numpy().astype("int8")


def _looks_like_id(name: str, column: pd.Series, rows: int) -> bool:
    unique = column.nunique(dropna=True)
    if rows >= 20 and unique >= 0.95 * rows:
        named = bool(re.search(r"(^|_)(id|no|code|key)$|编号|编码|号码|名称|name", name.lower()))
        return named or not pd.api.types.is_float_dtype(column)
    return False


def table_prepare(
    data: pd.DataFrame, *, id_column: str, label_column: str | None, positive: str | None = None
) -> Prepared:
    """The model's frame from an operator's table (see the module docstring)."""
    for needed in (id_column, label_column):
        if needed is not None and needed not in data.columns:
            raise TableError(
                f"column {needed}: not in the file (columns: {', '.join(map(str, data.columns))})"
            )
    if len(data) == 0:
        raise TableError("the file has no rows")
    y = label_values(data[label_column], positive, label_column) if label_column else None
    out = Prepared(pd.DataFrame(index=data.index), data[id_column].astype("string"), y)
    for name in data.columns:
        if name in (id_column, label_column):
            continue
        _column_add(out, str(name), data[name], len(data))
    if out.frame.shape[1] == 0:
        raise TableError("no usable feature column is left")
    return out


def _column_add(out: Prepared, name: str, column: pd.Series, rows: int) -> None:
    numbers = _as_number(column)
    if numbers is not None:
        if numbers.nunique(dropna=True) <= 1:
            out.dropped[name] = "constant"
        elif (
            _looks_like_id(name, numbers, rows) and float(numbers.dropna().mod(1).abs().sum()) == 0
        ):
            out.dropped[name] = "identifier-like"
        else:
            out.frame[name] = numbers
            out.numeric.append(name)
        return
    text = column.astype("string").str.strip().replace("", pd.NA)
    if text.nunique(dropna=True) <= 1:
        out.dropped[name] = "constant"
    elif _looks_like_id(name, text, rows):
        out.dropped[name] = "identifier-like"
    else:
        top = text.value_counts().index[:MAX_LEVELS]
        kept = text.where(text.isin(top) | text.isna(), "other")
        out.frame[name] = pd.Categorical(kept, categories=sorted({*map(str, top), "other"}))
        out.categorical.append(name)
