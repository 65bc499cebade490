"""Reads the first sheet of an .xlsx file back into rows of text, with the standard library only (tests have
no spreadsheet library; the app only writes)."""

import io
import re
import zipfile
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def column_index(reference: str) -> int:
    """ "A1" → 0, "AB7" → 27."""
    letters = re.match(r"[A-Z]+", reference)[0]
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def read_xlsx(content: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        cells = {}
        for cell in row.findall("m:c", NS):
            kind, value = cell.get("t"), cell.find("m:v", NS)
            if kind == "s":
                text = shared[int(value.text)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
            else:
                text = value.text if value is not None else ""
                text = text[:-2] if text.endswith(".0") else text
            cells[column_index(cell.get("r"))] = text
        rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
    return rows


def records(content: bytes) -> list[dict]:
    header, *rows = read_xlsx(content)
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in rows]
