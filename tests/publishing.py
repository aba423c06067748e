"""Publishing as a reviewer does it: the changes are sent for review, then that revision is published."""

from education import services


def submit_and_publish(*, article, user):
    """Publish `article`'s waiting changes: the revision already in review, else one sent for review now."""
    revision = services.article_revision_in_review(article) or services.article_submit_for_review(
        article=article, user=user
    )
    return services.article_publish(revision=revision, user=user)


def review_post(article, **data):
    """The review page's form as the browser posts it: with the id of the revision the page showed."""
    revision = services.article_revision_in_review(article)
    return {"revision": revision.pk if revision else "", **data}
