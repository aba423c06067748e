import math
import uuid
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from education.readability import reading_grade
from portal.choices import BodyRegion, Language
from portal.uploads import RandomName, validate_image

REVIEW_INTERVAL_MONTHS = 24
WORDS_PER_MINUTE = 200


class Region(models.Model):
    """One of the spine's regions; articles are tagged with one or more."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=BodyRegion.choices)

    class Meta:
        verbose_name = _("body region")
        verbose_name_plural = _("body regions")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


class ShownText(NamedTuple):
    """A piece of text and the language it is written in (for the lang attribute)."""

    text: str
    language: str

    def __bool__(self):
        return bool(self.text)


class Surgeon(models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("As patients see it, e.g. “Dr. Vedant Vaksha”."))
    slug = models.SlugField(_("web address name"), unique=True)
    credentials = models.CharField(_("credentials"), max_length=120, blank=True, help_text=_("e.g. MD, FRCS"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    specialties = models.CharField(_("specialties"), max_length=300, blank=True)
    bio = models.TextField(_("biography"), blank=True, help_text=_("Markdown. Plain words, grade 8 or lower."))
    # Spanish readers see these; an empty one falls back to the English field (marked lang="en").
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    specialties_es = models.CharField(_("specialties in Spanish"), max_length=300, blank=True)
    bio_es = models.TextField(
        _("biography in Spanish"), blank=True, help_text=_("Markdown. Plain Spanish (usted), grade 8 or lower.")
    )
    photo = models.ImageField(_("photo"), upload_to=RandomName("surgeons"), validators=[validate_image], blank=True)
    locations = models.TextField(_("clinic locations"), blank=True, help_text=_("One location per line."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surgeon",
        verbose_name=_("staff user"),
        help_text=_("The surgeon's own login, so publishing records them as the reviewer."),
    )
    approves_content = models.BooleanField(_("approves content"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surgeon")
        verbose_name_plural = _("surgeons")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("education:surgeon_detail", kwargs={"slug": self.slug})

    def location_list(self) -> list[str]:
        return [line.strip() for line in self.locations.splitlines() if line.strip()]

    # The fields a reader sees in their language, with the language each is written in.
    TRANSLATED_FIELDS = ("title", "specialties", "bio")

    def in_language(self, language: str) -> dict[str, "ShownText"]:
        """{"title": ShownText(text, language it is written in), ...}: the reader's language where written."""
        shown = {}
        for name in self.TRANSLATED_FIELDS:
            translated = getattr(self, f"{name}_{language}", "") if language != Language.ENGLISH else ""
            shown[name] = ShownText(translated, language) if translated else ShownText(getattr(self, name), "en")
        return shown


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def waiting_for_review(self):
        """Never-published articles sent for review, and published ones whose changes (their latest
        revision) were sent for review."""
        return self.filter(
            models.Q(status=Article.Status.IN_REVIEW)
            | models.Q(status=Article.Status.PUBLISHED, latest_revision__kind=ArticleRevision.Kind.SUBMITTED)
        )

    def review_overdue(self, today: date | None = None):
        return self.published().filter(next_review_due__lt=today or timezone.localdate())


class PatientReadableArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """`Article.objects`: only what patients may read, the published articles (not drafts, articles in
    review or never published). A published article's pending change is a revision, never a row. Staff
    code asks for the rest through `Article.all_objects`, which is also the default and base manager, so
    the admin, related managers, form fields and Django internals see every row."""

    def get_queryset(self):
        return super().get_queryset().filter(status=Article.Status.PUBLISHED)


def normalise_text(value):
    """Text as stored: one kind of line ending, no spaces at line ends, no blank lines at the end.
    Browsers post \\r\\n; without this a section nobody touched would be listed as changed for review."""
    if not isinstance(value, str):
        return value
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n")


def normalise_instance_text(instance) -> None:
    """Normalise every free-text field of a content row before it is saved (see `normalise_text`)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            setattr(instance, field.attname, normalise_text(getattr(instance, field.attname)))


class SearchIndexed(models.Model):
    """A row with a stored `search_vector` that only the search index writes.

    Every save marks the row `search_index_dirty`; `education.search.index_dirty`, run after the
    transaction commits, writes the vectors of dirty rows and clears the mark. An ordinary save of an
    existing row leaves the vector column out, so the stale value loaded with the instance can never
    overwrite the index.
    """

    search_index_dirty = models.BooleanField(default=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalise_instance_text(self)
        self.search_index_dirty = True
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_index_dirty"}
        elif not self._state.adding and not args and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "search_vector"
            ]
        super().save(*args, **kwargs)


class Article(SearchIndexed):
    class Kind(models.TextChoices):
        CONDITION = "condition", _("Condition")
        PROCEDURE = "procedure", _("Procedure")
        RECOVERY = "recovery", _("Recovery guide")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=200, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("For a translation: the English article it translates."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONDITION)
    summary = models.TextField(_("summary"), help_text=_("Two or three plain sentences shown at the top and in lists."))
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("body regions"))
    is_post_operative = models.BooleanField(
        _("about life after surgery"),
        default=False,
        help_text=_("Shows the clinic's after-surgery warning signs on this article."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        Surgeon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_written",
        verbose_name=_("author"),
    )
    medical_reviewer = models.ForeignKey(
        Surgeon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_reviewed",
        verbose_name=_("medical reviewer"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    related_procedures = models.ManyToManyField(
        "estimates.Procedure", blank=True, related_name="articles", verbose_name=_("related procedures")
    )
    # CPT lines an imported page names, as [cpt, name, patient share]: they reach the cost calculator
    # (as procedures with fees) only when a medical reviewer publishes the revision that holds them.
    procedures_found = models.JSONField(
        _("procedures named by the imported page"), default=list, blank=True, editable=False
    )
    reading_grade = models.DecimalField(
        _("reading grade"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    quality_warnings = models.PositiveIntegerField(
        _("quality warnings"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Warnings from the content checks when the text was last saved (see education/quality.py)."),
    )
    # Title (weight A), summary (B) and section text (C); PostgreSQL only, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Revisions, as Wagtail keeps them: patients read the article's own rows, which only publishing
    # changes; a change to a published article waits as revisions, the latest being what staff edit.
    latest_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest revision"),
    )
    live_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published revision"),
    )
    source_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("translated from revision"),
        help_text=_("For a translation: the English revision it was last published against."),
    )

    all_objects = ArticleQuerySet.as_manager()
    objects = PatientReadableArticleManager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]
        permissions = [("publish_article", _("Can publish articles (medical review)"))]
        constraints = [
            models.UniqueConstraint(fields=["translation_of", "language"], name="one_translation_per_language"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        had_parts = not self._state.adding
        super().save(*args, **kwargs)
        # Its questions and warning signs are written in its language (see ArticlePartLanguage).
        for part in (self.faqs, self.warning_signs) if had_parts else ():
            part.exclude(language=self.language).update(language=self.language)

    def get_absolute_url(self):
        return reverse("education:article_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def original(self) -> "Article":
        return self.translation_of or self

    @property
    def has_unpublished_changes(self) -> bool:
        """Wagtail's flag, derived: a revision was recorded since the published one."""
        return self.latest_revision_id is not None and self.latest_revision_id != self.live_revision_id

    @property
    def changes_status(self) -> str | None:
        """The state of a published article's pending change (draft or in review), None when there is none.
        Reads the latest revision's kind (one query unless selected with it, or `latest_kind` annotated)."""
        if not (self.is_published and self.has_unpublished_changes):
            return None
        kind = getattr(self, "latest_kind", None) or self.latest_revision.kind
        return self.Status.IN_REVIEW if kind == ArticleRevision.Kind.SUBMITTED else self.Status.DRAFT

    def is_translation_out_of_date(self) -> bool:
        """A published translation is out of date when its English original was published again since."""
        source = self.translation_of
        if source is None or source.live_revision_id is None or self.live_revision_id is None:
            return False
        return self.source_revision_id != source.live_revision_id

    def is_review_overdue(self, today: date | None = None) -> bool:
        return bool(self.next_review_due and self.next_review_due < (today or timezone.localdate()))

    def refresh_text_stats(self) -> None:
        """Recount words, the reading grade and the search index from the summary and sections.

        Called after every staff save and import, once the sections are saved. The work is done by
        `education.signals.text_stats_refresh`: it needs the quality checks (selectors) and the search
        index (search), which import these models, so a signal keeps the imports one way.
        """
        article_text_changed.send(sender=Article, article=self)


# Sent by `Article.refresh_text_stats` (kwarg `article`); education.signals recounts and reindexes.
article_text_changed = Signal()


class ArticleRevision(models.Model):
    """A snapshot of an article and all its parts (JSON), recorded at every save, submission,
    publication and restore. The published one is the article's `live_revision`; a change to a
    published article exists only as revisions (the newest is its `latest_revision`)."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Draft saved")
        SUBMITTED = "submitted", _("Sent for review")
        SENT_BACK = "sent_back", _("Sent back to the editor")
        PUBLISHED = "published", _("Published")
        RESTORED = "restored", _("Restored as a new draft")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article"))
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    content = models.JSONField(_("content"))
    reading_grade = models.DecimalField(_("reading grade"), max_digits=4, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored from"),
    )
    # Who sent it for review and who published it (Wagtail's task state: approving acts on this revision).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent for review by"),
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    red_flag_override = models.TextField(
        _("why it was published with a red flag"),
        blank=True,
        help_text=_("The medical reviewer's reason for publishing with an emergency sign under “call the clinic”."),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Revision %(number)s of “%(title)s”") % {"number": self.pk, "title": self.content.get("title", "")}


class ReviewComment(models.Model):
    """A note between reviewers and editors on an article, e.g. why a change was sent back."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_comments", verbose_name=_("article")
    )
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("about revision"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("comment"))
    sent_back = models.BooleanField(_("sent back to the editor"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


class Section(SearchIndexed):
    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Overview")
        EPIDEMIOLOGY = "epidemiology", _("How common it is")
        CAUSES = "causes", _("Causes")
        ANATOMY = "anatomy", _("How the spine works")
        SYMPTOMS = "symptoms", _("Symptoms")
        DIAGNOSIS = "diagnosis", _("How doctors find the problem")
        CLASSIFICATION = "classification", _("Types")
        DIFFERENTIAL = "differential", _("Other problems that feel similar")
        NON_SURGICAL = "non_surgical", _("Treatment without surgery")
        SURGICAL = "surgical", _("Surgery")
        RECOVERY = "recovery", _("Recovery")
        COMPLICATIONS = "complications", _("Risks and side effects")
        RISK_FACTORS = "risk_factors", _("Who has a higher risk")
        PROGNOSIS = "prognosis", _("Long-term outlook")
        COSTS = "costs", _("What it costs you")
        EXAMPLE = "example", _("An example")
        SUMMARY = "summary", _("Summary")
        CARE_TEAM = "care_team", _("Your care team")
        PREVENTION = "prevention", _("Prevention")
        NUTRITION = "nutrition", _("Food and bone health")
        ACTIVITY = "activity", _("Activity and daily life")
        OTHER = "other", _("More information")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections", verbose_name=_("article"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("Leave empty to use the standard heading for the type.")
    )
    body = models.TextField(
        _("text"), help_text=_("Markdown: a blank line between paragraphs, “- ” for a list, “### ” for a sub-heading.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Stays the same across revisions, so publishing updates a part in place.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    # Heading (weight A) and text (C) in the article's language; PostgreSQL only, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.display_heading

    def save(self, *args, **kwargs):
        if not self.heading:
            self.heading = self.get_kind_display()
        super().save(*args, **kwargs)

    @property
    def display_heading(self) -> str:
        return self.heading or self.get_kind_display()

    @property
    def anchor(self) -> str:
        return slugify(self.display_heading) or f"section-{self.pk}"

    @property
    def template_names(self) -> list[str]:
        return [f"education/blocks/{self.kind}.html", "education/blocks/section.html"]

    @property
    def reading_grade(self):
        return reading_grade(self.body, self.article.language)


class Figure(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures", verbose_name=_("article"))
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("shown after section"),
    )
    image = models.ImageField(
        _("image"),
        upload_to=RandomName("figures"),
        validators=[validate_image],
        blank=True,
        help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB."),
    )

    class Diagram(models.TextChoices):
        """Our own simple drawings (static/education/diagrams/), for figures with no photo."""

        INCISION_SIZE = "incision-size", _("One long cut (open surgery) next to small cuts (MISS)")
        TUBE_RETRACTOR = "tube-retractor", _("A tube retractor through the back muscles")
        SCREWS_AND_ROD = "screws-and-rod", _("Screws with long extensions and a rod in two spine bones")

    caption = models.CharField(_("caption"), max_length=300)
    diagram = models.CharField(
        _("diagram"),
        max_length=30,
        choices=Diagram.choices,
        blank=True,
        help_text=_("One of the portal's own drawings, shown when there is no image."),
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the image or diagram shows, for people who cannot see it. Required with either."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Stays the same across revisions, so publishing updates a part in place.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption

    def save(self, *args, **kwargs):
        normalise_instance_text(self)
        super().save(*args, **kwargs)

    def clean(self):
        if (self.image or self.diagram) and not self.alt_text.strip():
            raise ValidationError({"alt_text": _("Describe the image for people who cannot see it.")})
        if self.section_id and self.section.article_id != self.article_id:
            raise ValidationError({"section": _("Choose a section of this article.")})

    def diagram_url(self) -> str:
        from django.templatetags.static import static

        return static(f"education/diagrams/{self.diagram}.svg") if self.diagram else ""


class ClinicWideHistory(HistoricalRecords):
    """simple-history for a model whose rows are either part of an article (their history is the
    article's revisions) or clinic-wide (`article` empty): only clinic-wide rows are recorded."""

    def create_historical_record(self, instance, history_type, using=None):
        if instance.article_id is None:
            super().create_historical_record(instance, history_type, using=using)


class ArticlePartLanguage(SearchIndexed):
    """A part that may stand alone (its own `language`) or belong to an article (the article's)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.article_id:
            self.language = self.article.language
        super().save(*args, **kwargs)


class WarningSign(ArticlePartLanguage):
    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("Go to the emergency room or call 911")
        CALL_CLINIC = "call_clinic", _("Call the clinic")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="warning_signs",
        verbose_name=_("article"),
        help_text=_("Leave empty to show it on every after-surgery article."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("For signs without an article."),
    )
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    group = models.CharField(_("group"), max_length=120, blank=True, help_text=_("e.g. “Suspected stroke”."))
    text = models.TextField(_("sign"))
    order = models.PositiveIntegerField(_("order"), default=0)
    # Stays the same across revisions, so publishing updates a part in place.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    # Group (weight A) and sign (A) in its language; PostgreSQL only, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    # An article's signs are in its revisions; only clinic-wide signs keep a row-by-row history.
    history = ClinicWideHistory(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.group}: {self.text}" if self.group else self.text

    @property
    def is_emergency(self) -> bool:
        return self.urgency == self.Urgency.EMERGENCY


class FAQQuerySet(models.QuerySet):
    def published(self):
        """FAQs patients may see: published, and their article (if any) published."""
        return self.filter(is_published=True).filter(
            models.Q(article__isnull=True) | models.Q(article__status=Article.Status.PUBLISHED)
        )


class FAQ(ArticlePartLanguage):
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="faqs", verbose_name=_("article")
    )
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("For questions without an article."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    # Question (weight A) and answer (C); PostgreSQL only, GIN-indexed (see search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    # Stays the same across revisions, so publishing updates a part in place.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)

    # An article's questions are in its revisions; only clinic-wide ones keep a row-by-row history.
    history = ClinicWideHistory(excluded_fields=["search_vector"])
    objects = FAQQuerySet.as_manager()

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.question

    @property
    def anchor(self) -> str:
        return f"faq-{self.pk}"


class TeachBackQuestion(models.Model):
    """A question patients answer after reading, to show what they understood (“teach-back”).

    Part of its article: written, reviewed, published and translated with it. `options`
    holds the answer options as a list of {"key", "text", "correct", "why"}; at least one is correct.
    Each option's `key` is stable: editing its wording keeps it, so patients' answers (recorded by
    key) keep one history per option.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="teach_back_questions", verbose_name=_("article")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    question = models.CharField(_("question"), max_length=300)
    options = models.JSONField(_("answer options"), default=list)
    section_anchor = models.CharField(
        _("section that explains it"),
        max_length=200,
        blank=True,
        help_text=_("The section's web address name after “#”, e.g. “recovery”. Shown after a wrong answer."),
    )
    # Stays the same across revisions, so publishing updates a part in place.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("teach-back question")
        verbose_name_plural = _("teach-back questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        normalise_instance_text(self)
        self.options = options_with_keys(self.options)
        super().save(*args, **kwargs)

    def clean(self):
        options = self.options if isinstance(self.options, list) else []
        if len(options) < 2 or not all(isinstance(option, dict) and option.get("text") for option in options):
            raise ValidationError({"options": _("Write at least two answers.")})
        if not any(option.get("correct") for option in options):
            raise ValidationError({"options": _("Mark at least one answer as right.")})

    def option(self, key: str) -> dict | None:
        return next((option for option in self.options if option.get("key") == key), None)

    def is_correct(self, key: str) -> bool:
        return bool((self.option(key) or {}).get("correct"))


def new_option_key() -> str:
    return uuid.uuid4().hex[:12]


def options_with_keys(options, previous=()) -> list:
    """`options`, each with a key: its own, else the key of the `previous` option with the same text,
    else of the previous option in the same place (its wording was edited), else a new one."""
    if not isinstance(options, list):
        return options
    previous = [option for option in previous if isinstance(option, dict) and option.get("key")]
    taken = {option["key"] for option in options if isinstance(option, dict) and option.get("key")}
    by_text = {option.get("text"): option["key"] for option in previous}
    keyed = []
    for index, option in enumerate(options):
        if isinstance(option, dict) and not option.get("key"):
            key = by_text.get(option.get("text"))
            if key is None or key in taken:
                key = previous[index]["key"] if index < len(previous) else None
            if key is None or key in taken:
                key = new_option_key()
            taken.add(key)
            option = {"key": key, **option}
        keyed.append(option)
    return keyed


class GlossaryTerm(SearchIndexed):
    term = models.CharField(_("term"), max_length=100)
    slug = models.SlugField(_("web address name"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    definition = models.TextField(_("plain definition"), help_text=_("One or two short sentences, grade 8 or lower."))
    also_known_as = models.CharField(
        _("also known as"), max_length=300, blank=True, help_text=_("Other words for it, separated by commas.")
    )
    # Term and other names (weight A), definition (C); PostgreSQL only, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]
        # "Vértebra" and "Vertebra" share a slug; each language's glossary page has its own anchors.
        constraints = [
            models.UniqueConstraint(fields=["term", "language"], name="glossary_term_once_per_language"),
            models.UniqueConstraint(fields=["slug", "language"], name="glossary_slug_once_per_language"),
        ]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("education:glossary") + f"#{self.slug}"

    def names(self) -> list[str]:
        """The term and its other names, longest first so 'herniated disc' wins over 'disc'."""
        others = [name.strip() for name in self.also_known_as.split(",") if name.strip()]
        return sorted([self.term, *others], key=len, reverse=True)


class PematRating(models.Model):
    """A reviewer's PEMAT-P answers for an article and the two scores they give (education/quality.py)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="pemat", verbose_name=_("article"))
    # {"1": "agree" | "disagree" | "na", …}, keyed by AHRQ's item number.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    understandability = models.PositiveSmallIntegerField(
        _("understandability (%)"), null=True, blank=True, editable=False
    )
    actionability = models.PositiveSmallIntegerField(_("actionability (%)"), null=True, blank=True, editable=False)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
        editable=False,
    )
    rated_at = models.DateTimeField(_("rated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PEMAT rating")
        verbose_name_plural = _("PEMAT ratings")
        ordering = ["article__title"]

    def __str__(self):
        return str(self.article)


class SearchWord(models.Model):
    """Words of published content, for “did you mean …?” suggestions."""

    word = models.CharField(_("word"), max_length=60)
    # Suggestions come from the reader's language: a Spanish word is no help to an English search.
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["word"]
        constraints = [models.UniqueConstraint(fields=["word", "language"], name="search_word_once_per_language")]

    def __str__(self):
        return self.word


class SearchSynonym(models.Model):
    """Words patients use for the same thing, so a search for one finds the others.

    The glossary's “also known as” names count as synonyms too, without a row here.
    """

    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    words = models.CharField(
        _("words that mean the same"),
        max_length=300,
        help_text=_("Two or more words or short phrases, separated by commas, e.g. “stitches, incision, cut”."),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "words"]

    def __str__(self):
        return self.words

    def clean(self):
        if len(self.phrases()) < 2:
            raise ValidationError({"words": _("Give at least two words or phrases, separated by commas.")})

    def phrases(self) -> list[str]:
        return [phrase.strip().lower() for phrase in self.words.split(",") if phrase.strip()]
