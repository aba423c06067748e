import pytest

from education.markdown import markdown_to_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=q></form>',
]


@pytest.mark.parametrize("sample", HOSTILE)
def test_hostile_markdown_loses_every_active_part(sample):
    html = markdown_to_html(f"Before {sample} after").lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<svg",
        "<iframe",
        "style=",
        "<object",
        "<embed",
        "<form",
        "<input",
    ):
        assert bad not in html
    assert "before" in html


def test_ordinary_markdown_survives():
    html = markdown_to_html(
        "### Medicare\n\nYou pay **20%**.\n\n- one\n- two\n\n[MedlinePlus](https://medlineplus.gov)"
    )
    assert "<h3>Medicare</h3>" in html
    assert "<strong>20%</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://medlineplus.gov" rel="noopener noreferrer">MedlinePlus</a>' in html
