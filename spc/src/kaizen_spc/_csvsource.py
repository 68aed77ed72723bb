"""Reading a CSV file as a user's spreadsheet saved it: its separator, its encoding, its header.

Polars reads well-formed UTF-8 fast; everything here runs only to decide how to call it or, when
it fails, to say in our own words which line is at fault (never the CSV library's message).
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import polars as pl

# Bytes read to find the header line and the kind of the first period.
_HEAD_BYTES = 1 << 16
# A file is copied a block of this many bytes at a time.
_BLOCK_BYTES = 1 << 24
# The separators detected from the header line, most common first when counts tie.
SEPARATORS = (",", ";", "\t")


class InputError(Exception):
    """Input the command line cannot chart; each problem is one line for standard error."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def _at(line: int, message: str) -> InputError:
    return InputError([f"line {line}: {message}"])


def detect_separator(data: bytes) -> str:
    """The separator the header line uses most: comma, semicolon or tab (comma by default).

    >>> detect_separator(b"period;value\\n1;2,5\\n"), detect_separator(b"a\\tb\\n")
    (';', '\\t')
    """
    header = data.split(b"\n", 1)[0]
    counts = {separator: header.count(separator.encode()) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def read_text_columns(data: bytes, separator: str) -> pl.DataFrame:
    """Every column as text. A file that is not UTF-8 is read as Windows-1252 (what Excel
    saves as "CSV" on Windows) when it is that; a duplicate column name is refused."""
    try:
        return pl.read_csv(data, infer_schema=False, separator=separator)
    except pl.exceptions.PolarsError:
        pass
    text, utf8 = _decoded(data)
    if not utf8:
        try:
            return pl.read_csv(text.encode(), infer_schema=False, separator=separator)
        except pl.exceptions.PolarsError:
            pass
    raise _malformed(text, separator) from None


def header_names(head: bytes, separator: str) -> list[str]:
    """The column names of the header line; a name given twice is refused.

    >>> header_names(b"period;value\\n1;2\\n", ";")
    ['period', 'value']
    """
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first_line.decode("utf-8")
    except UnicodeDecodeError:
        text = first_line.decode("cp1252", errors="replace")
    names = next(csv.reader([text], delimiter=separator), [])
    repeated = [name for name, count in Counter(names).items() if count > 1]
    if repeated:
        raise _at(
            1,
            f"the column name {repeated[0]!r} appears more than once in the header; "
            "give every column its own name",
        )
    return names


def read_head(source: bytes | Path) -> bytes:
    """The start of the input: enough for its header line and its first rows."""
    if isinstance(source, bytes):
        return without_bom(source[:_HEAD_BYTES])
    try:
        with source.open("rb") as file:
            return without_bom(file.read(_HEAD_BYTES))
    except OSError as error:
        raise InputError([f"cannot read {source}: {error.strerror}"]) from None


def read_bytes(source: bytes | Path) -> bytes:
    if isinstance(source, bytes):
        return without_bom(source)
    try:
        return without_bom(source.read_bytes())
    except OSError as error:
        raise InputError([f"cannot read {source}: {error.strerror}"]) from None


def without_bom(data: bytes) -> bytes:
    """The data without the byte-order mark Excel puts before a "CSV UTF-8" file."""
    return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data


@contextmanager
def utf8_copy(path: Path) -> Iterator[Path | None]:
    """A Windows-1252 file copied as UTF-8 into a temporary file, a block at a time (never
    whole in memory), removed afterwards; None when the file is UTF-8 already or is not
    Windows-1252 either (a byte it does not define), for the text path to judge."""
    if _is_utf8(path):
        yield None
        return
    with tempfile.NamedTemporaryFile(suffix=".csv") as copy, path.open("rb") as file:
        try:
            # One byte is one character in Windows-1252: a block never cuts one in two.
            while block := file.read(_BLOCK_BYTES):
                copy.write(block.decode("cp1252").encode("utf-8"))
        except UnicodeDecodeError:
            yield None
            return
        copy.flush()
        yield Path(copy.name)


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as file:
        try:
            while block := file.read(_BLOCK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _decoded(data: bytes) -> tuple[str, bool]:
    """The file as text, and whether it is UTF-8 (else Windows-1252; neither is an error)."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), False
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _at(
            line,
            f"byte 0x{data[error.start]:02x} is neither UTF-8 nor Windows-1252 text; "
            "save the file as UTF-8 CSV",
        ) from None


def _malformed(text: str, separator: str) -> InputError:
    """Which line breaks the table: too many cells, or a quote that is never closed."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    width = None
    start = 1
    try:
        for row in reader:
            if width is None:
                width = len(row)
            elif len(row) > width:
                return _at(
                    start,
                    f"this line has {len(row)} cells but the header has {width}; "
                    f"is a {separator_name(separator)} inside a value that is not in quotes?",
                )
            start = reader.line_num + 1
    except csv.Error:
        return _at(
            start,
            'a value opened with a quote (") is never closed, or a quote sits inside an '
            'unquoted value; write a quote inside a value as "" and quote the whole value',
        )
    return _at(start, "the file cannot be read as a CSV table")


def separator_name(separator: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(separator, repr(separator))
