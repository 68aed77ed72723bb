"""The one exception kaizen-spc raises for bad input."""

from __future__ import annotations


class SPCInputError(ValueError):
    """Input that cannot be charted, with the row (0-based, in input order) and column at fault.

    >>> str(SPCInputError("value is not a number", row=3, column="value"))
    'row 3, column value: value is not a number'
    """

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.message = message
        self.row = row
        self.column = column
        where = ", ".join(
            part
            for part in (
                f"row {row}" if row is not None else "",
                f"column {column}" if column is not None else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
