"""Helpers shared by the export tests."""

import csv
import io

import pytest
from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"
INJECTIONS = [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    (" =1", "' =1"),
    ("-2+3", "'-2+3"),
    ("'quoted", "''quoted"),
    ("Plain headline", "Plain headline"),
    ("", ""),
]


def read_csv(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))


# Every events-CSV test runs on both paths where both exist: the Python writer and PostgreSQL's COPY.
COPY_PATHS = [False, pytest.param(True, marks=pytest.mark.skipif(not ON_POSTGRES, reason="COPY"))]
