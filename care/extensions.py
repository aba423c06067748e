"""What the care app asks of the apps built on it, without importing them (issue 25: arrows point
one way). outcomes and estimates add their parts of My page from their AppConfig.ready()."""

from collections.abc import Callable

_my_page_parts: list[Callable[..., dict]] = []


def register_my_page_part(part: Callable[..., dict]) -> None:
    """`part(request=)` returns extra template context for My page (the patient is `request.user`)."""
    if part not in _my_page_parts:
        _my_page_parts.append(part)


def my_page_context(*, request) -> dict:
    context: dict = {}
    for part in _my_page_parts:
        context.update(part(request=request))
    return context
