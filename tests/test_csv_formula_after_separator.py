"""A formula after a separator is neutralised too: some spreadsheets split on semicolons or tabs (issue 28)."""

import csv
import io

import pytest

from portal.csv_safe import SafeWriter, safe_cell


@pytest.mark.parametrize("separator", [";", ",", "\t", "; ", "\n"])
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_starting_after_a_separator_gets_an_apostrophe(separator, start):
    cell = safe_cell(f"Before surgery{separator}{start}1+1")
    assert f"{separator}'{start}1+1" in cell
    for piece in cell.replace("\n", ";").replace("\t", ";").replace(",", ";").split(";"):
        assert not piece.strip().startswith(("=", "+", "-", "@"))


def test_the_pentest_cell_split_on_semicolons_holds_no_formula():
    stream = io.StringIO()
    SafeWriter(stream).writerow(["Before surgery;=1+1", 3])
    for cell in next(csv.reader(io.StringIO(stream.getvalue()), delimiter=";")):
        assert not cell.startswith("=")


def test_plain_text_with_separators_is_left_alone():
    assert safe_cell("Walk daily; rest, then walk") == "Walk daily; rest, then walk"
    assert safe_cell(-5) == -5
