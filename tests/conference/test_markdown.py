from conference.markdown import render_markdown


def test_markdown_renders_lists_and_links():
    html = render_markdown("## Doel\n\n- een\n- twee\n\n[site](https://example.org)")

    assert "<h2>Doel</h2>" in html
    assert "<li>een</li>" in html
    assert 'href="https://example.org"' in html


def test_script_tags_are_removed():
    html = render_markdown("Hallo <script>alert(1)</script> wereld")

    assert "<script" not in html
    assert "alert(1)" not in html


def test_javascript_links_are_inert():
    html = render_markdown("[klik](javascript:alert(1))")

    assert "javascript:" not in html


def test_event_handler_attributes_are_removed():
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="https://example.org" onclick="x()">a</a>')

    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
