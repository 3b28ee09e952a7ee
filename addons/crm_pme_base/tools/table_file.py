"""Reading a customer file as a table: CSV (encoding and delimiter guessed)
or Excel workbook (the values its cells show).

Pure functions on bytes, used by the migration check; they return the
headers and the rows and raise ``FileReadError`` on a file that cannot be
read, with a code the caller turns into a message.
"""

import csv
import io

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


class FileReadError(ValueError):
    """A file that cannot be read as a table; ``code`` says why, ``params``
    give the details the message shows."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def _non_empty(rows):
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        return [], []
    return [str(h if h is not None else "") for h in rows[0]], rows[1:]


def _looks_like_utf8(content):
    """Whether the bytes hold at least one well-formed UTF-8 sequence beyond
    ASCII ("é" written as two bytes): a file written as UTF-8."""
    text = content.decode("utf-8", errors="replace")
    return any(ord(char) > 127 and char != "\ufffd" for char in text)


def decode_text(content):
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252
    (Excel's "CSV" on a French Windows).

    A byte that is not text in the file's encoding (a UTF-8 file with one
    damaged character, or a byte Windows-1252 does not define) is never read
    as something else: FileReadError("bad_bytes", line=..., byte=...,
    encoding=...) names the line (1 is the first) and the byte."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _looks_like_utf8(content):
            raise _bad_bytes(content, error, "UTF-8") from error
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _bad_bytes(content, error, "Windows-1252") from error


def _bad_bytes(content, error, encoding):
    return FileReadError(
        "bad_bytes",
        line=content.count(b"\n", 0, error.start) + 1,
        byte=content[error.start : error.start + 1].hex(" ").upper(),
        encoding=encoding,
    )


def read_csv(content):
    """(headers, rows as lists of strings) of a CSV file's bytes.

    The delimiter (";" as a French Excel writes it, "," or tab) is sniffed
    from the start of the file, ";" when unsure. The dialect is local to this
    reading: the module-wide ``csv.excel`` is never changed."""
    text = decode_text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        reader = csv.reader(io.StringIO(text), dialect)
    except csv.Error:
        reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        return _non_empty(reader)
    except csv.Error as error:  # a NUL byte, a field past the size limit...
        raise FileReadError("not_a_table", error=str(error)) from error


def read_xlsx(content):
    """(headers, rows as lists of values) of the first sheet of an Excel
    workbook's bytes: the values the cells show, not their formulas.

    A formula cell whose result was not saved in the file (a workbook written
    by a program rather than by Excel or LibreOffice) has no value to read:
    FileReadError("formula_without_value", cells="B3, C7...") names them.
    Any other unreadable content: FileReadError("not_a_workbook", error=...).
    """
    try:
        values_book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas_book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike
        raise FileReadError("not_a_workbook", error=str(error)) from error
    try:
        values = values_book.worksheets[0].iter_rows()
        formulas = formulas_book.worksheets[0].iter_rows()
        rows, missing = [], []
        pairs = enumerate(zip(values, formulas, strict=False), 1)
        for number, (cells, sources) in pairs:
            row = []
            for column, (cell, source) in enumerate(
                zip(cells, sources, strict=False), 1
            ):
                if cell.value is None and getattr(source, "data_type", "") == "f":
                    missing.append(f"{get_column_letter(column)}{number}")
                row.append(cell.value)
            rows.append(row)
    except Exception as error:  # a damaged sheet inside a valid zip
        raise FileReadError("not_a_workbook", error=str(error)) from error
    finally:
        values_book.close()
        formulas_book.close()
    if missing:
        shown = ", ".join(missing[:5]) + ("..." if len(missing) > 5 else "")
        raise FileReadError("formula_without_value", cells=shown)
    return _non_empty(rows)


def is_xlsx(content, filename=""):
    """Whether a file is an Excel workbook (by its name or zip signature)."""
    name = (filename or "").lower()
    return name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"


def read_table(content, filename=""):
    """(headers, rows) of a CSV or Excel file."""
    if is_xlsx(content, filename):
        return read_xlsx(content)
    return read_csv(content)
