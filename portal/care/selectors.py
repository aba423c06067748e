"""Reads of the patient's journey, each filtered by the patient."""

from education.models import Article
from estimates.models import SavedEstimate
from portal.care.models import Assignment, Bookmark, CareTeamMember
from portal.choices import Language


def my_page_data(*, patient, language: str = Language.ENGLISH) -> dict:
    """Everything on a patient's own page, each query filtered by the patient.

    Each assignment gets `reader_article`: the published translation of its article in
    `language` where there is one (reading it counts as reading the assignment)."""
    assignments = list(
        Assignment.objects.filter(patient=patient, article__status=Article.Status.PUBLISHED)
        .select_related("article", "plan")
        .order_by("order", "assigned_at")
    )
    translations = {}
    if language != Language.ENGLISH and assignments:
        translations = {
            translation.translation_of_id: translation
            for translation in Article.objects.published().filter(
                language=language, translation_of__in=[assignment.article_id for assignment in assignments]
            )
        }
    for assignment in assignments:
        assignment.reader_article = translations.get(assignment.article_id, assignment.article)
    finished = sum(1 for assignment in assignments if assignment.finished_at)
    bookmarks = list(Bookmark.objects.filter(patient=patient).select_related("article", "faq", "faq__article"))
    return {
        "assignments": assignments,
        "finished_count": finished,
        "progress_percent": round(100 * finished / len(assignments)) if assignments else 0,
        "bookmarked_articles": [b.article for b in bookmarks if b.article_id and b.article.is_published],
        "bookmarked_faqs": [b.faq for b in bookmarks if b.faq_id],
        "surgeons": [
            member.surgeon for member in CareTeamMember.objects.filter(patient=patient).select_related("surgeon")
        ],
        "estimates": list(SavedEstimate.objects.filter(patient=patient)[:20]),
    }
