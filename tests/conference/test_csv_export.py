"""The one CSV helper every export uses: same encoding, delimiter and formula escaping everywhere."""

import csv
import io

import pytest

from conference.csv_export import cell, csv_response


def _read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_response_is_an_attachment_with_a_bom_and_commas():
    response = csv_response("aanmeldingen-2027", ["Naam", "Plaats"], [["Anne", "Gent"], ["Bo", "'s-Hertogenbosch"]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aanmeldingen-2027.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines() == ["Naam,Plaats", "Anne,Gent", "Bo,'s-Hertogenbosch"]


@pytest.mark.parametrize("danger", ["=SUM(A1:A9)", "+31 6", "-2+3", "@cmd", "\tTAB", "\rCR"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(danger):
    assert cell(danger) == "'" + danger
    assert _read(csv_response("x", ["kop"], [[danger]]))[1] == ["'" + danger]


def test_the_header_is_escaped_too():
    assert _read(csv_response("x", ["=kop", "Naam"], []))[0] == ["'=kop", "Naam"]


def test_numbers_none_and_harmless_text_stay_as_they_are():
    assert [cell(-3), cell(2.5), cell(None), cell("Zwerfafval = probleem"), cell(True)] == [
        -3,
        2.5,
        "",
        "Zwerfafval = probleem",
        "True",
    ]
    assert _read(csv_response("x", ["a", "b", "c"], [[-3, None, "tekst, met komma"]]))[1] == [
        "-3",
        "",
        "tekst, met komma",
    ]


def test_rows_may_be_a_generator_and_accents_survive():
    rows = ([name] for name in ["Zoë", "Jürgen"])

    assert _read(csv_response("x", ["Naam"], rows)) == [["Naam"], ["Zoë"], ["Jürgen"]]
