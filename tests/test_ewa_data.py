"""Shipped temperature series and the paste/upload parser (errors name the line)."""

from __future__ import annotations

import csv

import pytest

from playground.ewa_data import DATA, SeriesError, load_series, parse_series_text, shipped_names


def test_shipped_file_matches_its_readme():
    with open(DATA / "seattle_2012_2015.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 366 + 3 * 365  # 2012 is a leap year, no missing day
    v = [float(r["temp_c"]) for r in rows]
    assert (min(v), max(v)) == (-3.8, 26.7)
    assert "seattle_2012_2015.csv" in (DATA / "README.md").read_text()


def test_load_series_and_years():
    whole = load_series("seattle_2012_2015")
    assert len(whole.values) == 1461 and whole.dates[0] == "2012-01-01"
    years = [load_series(f"seattle_{y}") for y in (2012, 2013, 2014, 2015)]
    assert [len(s.values) for s in years] == [366, 365, 365, 365]
    assert sum((s.values for s in years), ()) == whole.values
    assert set(shipped_names()) >= {"seattle_2012_2015", "seattle_2012"}
    with pytest.raises(SeriesError, match="unknown series 'x'.*seattle_2012_2015"):
        load_series("x")


def test_parse_one_column_with_header_and_blanks():
    s = parse_series_text("temp\n1.5\n\n-2\n# a comment\n3e1\n")
    assert s.values == (1.5, -2.0, 30.0) and s.dates is None


def test_parse_date_value_any_separator():
    s = parse_series_text('date,value\n2020-01-01, 4.5\n2020-01-02;5\n"2020-01-03"\t"6.25"\r\n')
    assert s.values == (4.5, 5.0, 6.25)
    assert s.dates == ("2020-01-01", "2020-01-02", "2020-01-03")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n2\nabc\n4", 'line 3: "abc" is not a number'),
        ("1\n\n\nnan", 'line 4: "nan" is not a number'),
        ("1\ninf", 'line 2: "inf" is not a number'),
        ("1\n2,3", "line 2: expected one value like the lines above; found 2 columns"),
        ("d,v\n2020-01-01,1\n5", "line 3: expected date,value like the lines above; found 1 columns"),
        ("1,2,3", "line 1: expected one value or date,value; found 3 columns"),
        ("2020-01-01,\n", 'line 1: "" is not a number'),
        ("1e999", 'line 1: "1e999" is too large'),
        ("5\n-2e12", 'line 2: "-2e12" is too large (at most 1e+12 in size)'),
        ("d,v\n2020-01-31,1\n2020-13-45,2", 'line 3: "2020-13-45" is not a date (write YYYY-MM-DD'),
        ("d,v\n2021-02-29,1", 'line 2: "2021-02-29" is not a date'),
        ("d,v\nMonday,1", 'line 2: "Monday" is not a date'),
        ("", "no values found"),
        ("header only", "no values found"),
    ],
)
def test_bad_rows_name_the_line(text, message):
    with pytest.raises(SeriesError) as info:
        parse_series_text(text)
    assert str(info.value).startswith(message)


def test_too_many_values():
    with pytest.raises(SeriesError, match="line 4: too many values: at most 3"):
        parse_series_text("1\n2\n3\n4\n", max_values=3)
