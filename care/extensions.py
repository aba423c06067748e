"""What the care app asks of the apps built on it, without importing them (issue 25: arrows point
one way). outcomes and estimates add their parts of My page from their AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet


@dataclass
class MyPagePart:
    """An app's part of My page: the querysets it reads (read with the page's own, all in one query:
    care.read_together) and how it turns them, once read, into template context."""

    context: Callable[[], dict]
    querysets: list[QuerySet] = field(default_factory=list)


_my_page_parts: list[Callable[..., MyPagePart]] = []


def register_my_page_part(part: Callable[..., MyPagePart]) -> None:
    """`part(request=)` returns the app's MyPagePart for this request (the patient: care.access.patient_for)."""
    if part not in _my_page_parts:
        _my_page_parts.append(part)


def my_page_parts(*, request) -> list[MyPagePart]:
    return [part(request=request) for part in _my_page_parts]
