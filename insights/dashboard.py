from django.urls import reverse


def insights_index_part(request) -> dict:
    """The admin home's link to the content insights, for those who may see them."""
    user = request.user
    allowed = user.is_active and user.is_staff and user.has_perm("insights.view_content_insights")
    return {"content_insights_url": reverse("admin:insights_overview") if allowed else ""}
