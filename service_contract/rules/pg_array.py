"""PostgreSQL's text form of an array, for set-based statements.

Not a business rule: the encoding the batch toolkit's set-based statements
use to send a column of values (``unnest(%s::date[], ...)``), kept here as
plain Python so that it is tested without Odoo.

A Python list handed to the database driver is sent as ``ARRAY[v1, v2,
...]``, an expression the server parses and plans element by element: for a
few thousand rows and columns, that costs more than the update itself.  The
same values as one text literal (``'{v1,v2,...}'``), cast to the array type,
are read by the type's input function in one pass.  :func:`array_literal`
makes that literal for the values Odoo writes (``None``, booleans, integers,
floats, decimals, naive dates and datetimes, strings) and raises
:class:`TypeError` for any other value, so that the caller sends that
column as a list, as before.
"""

import datetime
import decimal
import math

#: PostgreSQL's spellings of the special floating-point values.
_SPECIAL_FLOATS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _quoted(text):
    """``text`` as a double-quoted array element (backslash and double quote
    escaped), so that commas, braces, spaces and the word NULL stay text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def element(value):
    """The text of one array element for ``value`` (see the module)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        return _SPECIAL_FLOATS[repr(value)]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            # the driver converts an aware value to the session's time zone
            raise TypeError(f"aware datetime {value!r}")
        return _quoted(value.isoformat(sep=" "))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        if "\x00" in value:
            raise TypeError("text with a NUL character")
        # a subclass's own methods (Markup's escape their arguments) are not
        # the text's: quote a plain copy
        return _quoted(str.__str__(value))
    raise TypeError(f"no array text for {type(value).__name__}")


def array_literal(values):
    """``'{...}'``: the one-dimensional array of ``values`` as PostgreSQL
    reads it (cast it to the array type: ``%s::date[]``).

    A column often repeats a value (the day, the author, the model): each
    distinct value is spelled once, keyed by its type too (``1``, ``1.0``
    and ``True`` are equal in Python, not in an array's text)."""
    texts = {}
    parts = []
    for value in values:
        kind = type(value)
        if kind is int:
            parts.append(str(value))
            continue
        key = (kind, value)
        text = texts.get(key)
        if text is None:
            text = texts[key] = element(value)
        parts.append(text)
    return "{" + ",".join(parts) + "}"
