"""Publishing as a reviewer does it: the changes are sent for review, then that revision is published."""

import copy

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


def save_change(article, *, user=None, edit=None):
    """A change to a published article as the draft form records it: a new revision of its draft
    (`edit` changes the snapshot in place), and no rows."""
    content = copy.deepcopy(services.draft_content(article))
    if edit is not None:
        edit(content)
    return services.article_save_changes(article=article, content=content, user=user)


def section_body(body, index=0):
    """An `edit` for `save_change`: the section at `index` says `body`."""
    return lambda content: content["sections"][index].update(body=body)
