"""portal/urls.py puts the estimates app first, behind a lookahead for its own paths (issue 35): a
path the app adds outside that lookahead would be unreachable (404) rather than an error. Every one of
its URLs must still lead to its own view."""

import pytest
from django.urls import resolve, reverse

from estimates import urls as estimate_urls


@pytest.mark.parametrize("pattern", estimate_urls.urlpatterns, ids=lambda pattern: pattern.name)
def test_every_estimates_url_reaches_its_view(pattern):
    kwargs = {name: 1 for name in pattern.pattern.converters}
    path = reverse(f"estimates:{pattern.name}", kwargs=kwargs)
    match = resolve(path)
    assert match.func is pattern.callback
    assert match.url_name == pattern.name
