"""One way to send a CSV download, used by every export of the portal.

Every export gets the same form: UTF-8 with a byte order mark (so spreadsheet programs read accents),
comma-separated, and text cells that a spreadsheet would run as a formula made inert with a leading quote
(CSV injection: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return).
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value) -> str | int | float:
    """One cell: empty for None, numbers as they are, text made inert when it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment named ``filename`` (without ``.csv``) with one header row and the rows, every cell escaped."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([cell(str(title)) for title in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return response
