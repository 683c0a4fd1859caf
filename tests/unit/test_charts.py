"""SVG charts: the numbers shown are the numbers given, labels are escaped, no data says so."""

from datetime import date
from xml.etree import ElementTree

import pytest
from flask import render_template_string

from gjestebud import create_app
from gjestebud.charts import bar_chart, format_number, line_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def chart_app(tmp_path_factory):
    """Charts need no database, only a request for the reader's language (English here)."""
    path = tmp_path_factory.mktemp("charts") / "unused.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "charts", "DATABASE_URL": f"sqlite:///{path}"})
    yield app
    app.extensions["gjestebud.engine"].dispose()


@pytest.fixture(autouse=True)
def request_context(chart_app):
    with chart_app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def parse(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def texts(svg: ElementTree.Element, cls: str) -> list[str]:
    return [el.text for el in svg.iter(f"{SVG}text") if el.get("class") == cls]


def test_bar_chart_writes_each_value_next_to_its_bar_and_bar_lengths_follow_the_values():
    items = [("Sjøvegan", 40), ("Laksvatn", 20), ("Øvre Salangen", 5)]
    svg = parse(bar_chart(items, title="Participants by area", unit="people"))
    assert texts(svg, "chart-label") == ["Sjøvegan", "Laksvatn", "Øvre Salangen"]
    assert texts(svg, "chart-value") == ["40 people", "20 people", "5 people"]
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "chart-bar"]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2) == pytest.approx(8 * widths[2], abs=0.5)


def test_chart_is_an_image_named_and_described_with_all_its_numbers():
    svg = parse(bar_chart([("Benker", 12), ("Lys", 3)], title="Top measures"))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Top measures"
    assert desc.text == "Top measures. Benker: 12; Lys: 3."


def test_labels_from_user_data_are_escaped():
    markup = str(bar_chart([("<script>alert(1)</script>", 1)], title='Areas "&" <b>'))
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert texts(parse(markup), "chart-label") == ["<script>alert(1)</script>"]


def test_charts_use_no_style_attributes_and_colours_contrast_with_white():
    markup = str(bar_chart([("A", 1)], title="t")) + str(line_chart([(date(2026, 5, 1), 1)], title="t"))
    assert "style=" not in markup

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for element in parse(bar_chart([("A", 1)], title="t")).iter():
        for attribute in ("fill", "stroke"):
            colour = element.get(attribute)
            if colour and colour.startswith("#"):
                assert 1.05 / (luminance(colour) + 0.05) >= 3, colour


def test_long_labels_are_shortened_in_the_chart_but_whole_in_its_tooltip():
    label = "Flere benker langs havna " * 5
    svg = parse(bar_chart([(label, 2)], title="t"))
    shown = texts(svg, "chart-label")[0]
    assert shown.endswith("…") and len(shown) <= 58
    assert svg.find(f"{SVG}g/{SVG}title").text.startswith(label)


@pytest.mark.parametrize("chart", [lambda: bar_chart([], title="Nothing"),
                                   lambda: line_chart([], title="Nothing")])
def test_empty_input_gives_a_clear_no_data_figure(chart):
    svg = parse(chart())
    assert svg.find(f"{SVG}title").text == "Nothing"
    assert svg.find(f"{SVG}desc").text == "No data yet."
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["No data yet."]


def test_line_chart_marks_every_point_and_states_the_last_value():
    series = [(date(2026, 5, 1), 2), (date(2026, 5, 3), 5), (date(2026, 5, 10), 9)]
    svg = parse(line_chart(series, title="Sign-ups"))
    points = [c for c in svg.iter(f"{SVG}circle")]
    assert [c.find(f"{SVG}title").text for c in points] == ["May 1, 2026: 2", "May 3, 2026: 5",
                                                             "May 10, 2026: 9"]
    xs = [float(c.get("cx")) for c in points]
    ys = [float(c.get("cy")) for c in points]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)
    # Distance along x follows the days between points (2 of 9 days, then 7 of 9).
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(2 / 9, abs=0.01)
    assert texts(svg, "chart-value") == ["9"]
    assert "0" in texts(svg, "chart-tick") and "9" in texts(svg, "chart-tick")
    assert svg.find(f"{SVG}desc").text == "Sign-ups. May 1, 2026: 2; May 3, 2026: 5; May 10, 2026: 9."


def test_a_single_day_is_drawn_without_dividing_by_zero():
    svg = parse(line_chart([(date(2026, 5, 1), 0)], title="Reports"))
    assert len(list(svg.iter(f"{SVG}circle"))) == 1


def test_numbers_follow_the_readers_locale():
    assert format_number(1234.5) == "1,234.5"
    assert format_number(3.0) == "3"


def test_chart_with_table_macro_shows_the_same_numbers_in_a_captioned_table():
    rows = [("Sjøvegan", 12), ("<b>Laksvatn</b>", 3)]
    html = render_template_string(
        '{% from "_charts.html" import chart_with_table %}'
        '{{ chart_with_table(chart, rows, "Participants by area", "Area", "Participants") }}',
        chart=bar_chart(rows, title="Participants by area"), rows=rows)
    assert html.count("<svg") == 1 and "<caption>Participants by area</caption>" in html
    assert '<th scope="row">Sjøvegan</th><td class="number">12</td>' in html
    assert "&lt;b&gt;Laksvatn&lt;/b&gt;" in html and "<b>" not in html
    dated = render_template_string(
        '{% from "_charts.html" import chart_with_table %}'
        '{{ chart_with_table(chart, rows, "Sign-ups", "Day", "Total", dates=True) }}',
        chart=line_chart([], title="Sign-ups"), rows=[(date(2026, 5, 1), 4)])
    assert '<th scope="row">May 1, 2026</th>' in dated
