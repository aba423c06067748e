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


# SVG and MathML payloads, including the namespace-confusion (mXSS) kind.
SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="10">click</text></a></svg>',
    '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"/></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    "<svg><style>@import url(https://evil.example/x.css);</style></svg>",
    '<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/></svg>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<svg></p><style><a title="</style><img src onerror=alert(1)>">',
    '<math href="javascript:alert(1)">click</math>',
    "![x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="jAvAsCrIpT:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
]


@pytest.mark.parametrize("sample", SVG_AND_MATHML)
def test_svg_and_mathml_payloads_lose_every_active_part(sample):
    html = markdown_to_html(f"Before {sample} after").lower()
    for bad in ("<svg", "<math", "<script", "<style", "<img", "<iframe", "<use", "<animate", "<set", "xlink:", " on"):
        assert bad not in html
    for scheme in ("javascript:", "data:"):
        assert f'href="{scheme}' not in html
        assert f'src="{scheme}' not in html
    assert "before" in html
