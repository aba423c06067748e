import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def working_copies_become_revisions(apps, schema_editor):
    """Each working-copy row becomes the latest revision of its live article, then the rows go.

    The working copies are found with the historical model. Their content is read with the project's
    own snapshot (education.revisions), which needs today's models: it only runs when working copies
    exist, which no database migrated from scratch has. Every save of a working copy was already recorded
    as a revision of its live article, so usually that revision is reused; a differing one is recorded.
    """
    HistoricalArticle = apps.get_model("education", "Article")
    HistoricalRevision = apps.get_model("education", "ArticleRevision")
    copies = list(
        HistoricalArticle._base_manager.filter(draft_for__isnull=False).values("pk", "draft_for_id", "status")
    )
    pending = set()  # published articles whose working copy held a change
    if copies:
        from education import revisions
        from education.models import Article

        for copy in copies:
            content = revisions.article_snapshot(Article.all_objects.get(pk=copy["pk"]))
            live = HistoricalArticle._base_manager.get(pk=copy["draft_for_id"])
            latest = HistoricalRevision.objects.filter(article=live).order_by("-created_at", "-pk").first()
            in_review = copy["status"] == "in_review"
            reusable = (
                latest is not None
                and latest.pk != live.live_revision_id
                and latest.kind != "published"
                and revisions.same_content(latest.content, content)
            )
            if reusable and (latest.kind == "submitted") == in_review:
                pending.add(live.pk)
                continue
            if reusable and latest.kind == "submitted":
                kind = "sent_back"
            elif live.live_revision_id and revisions.same_content(live.live_revision.content, content):
                continue  # a draft started and never changed: nothing is waiting
            else:
                kind = "submitted" if in_review else "saved"
            pending.add(live.pk)
            now = timezone.now()
            HistoricalRevision.objects.create(
                article=live,
                kind=kind,
                content=content,
                created_at=now,
                submitted_at=now if kind == "submitted" else None,
            )
    HistoricalArticle._base_manager.filter(draft_for__isnull=False).delete()
    for article in HistoricalArticle._base_manager.all():
        if article.status == "published" and article.pk not in pending:
            latest = article.live_revision  # nothing waits
        else:
            latest = HistoricalRevision.objects.filter(article=article).order_by("-created_at", "-pk").first()
        article.latest_revision = latest
        article.save(update_fields=["latest_revision"])
    # Check the deleted rows' foreign keys now: PostgreSQL will not index the new column while checks wait.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    """Drafts are revisions, not rows (issue 26): a published article's pending change lives only in
    `ArticleRevision` (`latest_revision`); the working-copy rows become revisions and go. Their column is
    dropped in 0033."""

    dependencies = [
        ("education", "0031_article_managers_say_what_they_return"),
        ("estimates", "0003_facility_anesthesia_advantage"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="latest_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="education.articlerevision",
                verbose_name="latest revision",
            ),
        ),
        migrations.AlterField(
            model_name="articlerevision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("saved", "Draft saved"),
                    ("submitted", "Sent for review"),
                    ("sent_back", "Sent back to the editor"),
                    ("published", "Published"),
                    ("restored", "Restored as a new draft"),
                ],
                max_length=20,
                verbose_name="what happened",
            ),
        ),
        migrations.RunPython(working_copies_become_revisions, migrations.RunPython.noop),
    ]
