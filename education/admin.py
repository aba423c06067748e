import uuid
from dataclasses import dataclass

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from education import quality, revisions, selectors, services
from education.forms import PematRatingForm, TeachBackQuestionForm, WarningSignAdminForm, pemat_field_name
from education.models import (
    FAQ,
    Article,
    ArticleRevision,
    Figure,
    GlossaryTerm,
    PematRating,
    ReviewComment,
    SearchSynonym,
    Section,
    Surgeon,
    TeachBackQuestion,
    WarningSign,
)
from education.readability import TARGET_GRADE
from portal.admin_history import GuardedHistoryAdmin, ReadOnlyAdminMixin
from portal.admin_site import register_index_part
from portal.audit.admin import AuditedAdminMixin
from portal.audit.models import AuditEvent
from portal.uploads import IMAGE_FORMFIELD_OVERRIDES


def grade_badge(grade):
    if grade is None:
        return "–"
    if grade > TARGET_GRADE:
        return format_html('<strong class="grade-high">{} ⚠ {}</strong>', grade, _("above grade 8: use shorter words"))
    return format_html("{}", grade)


def pemat_badge(score):
    if score is None:
        return "–"
    if quality.pemat_below_target(score):
        return format_html('<strong class="grade-high">{}% ⚠</strong>', score)
    return f"{score}%"


def _pemat_of(article):
    try:
        return article.pemat
    except PematRating.DoesNotExist:
        return None


def quality_context(article, *, request, content: dict | None = None) -> dict:
    """What the article's change page shows reviewers: the content checks (of its rows, or of a revision's
    `content`) and PEMAT. Warnings only."""
    pemat = _pemat_of(article)
    if pemat is None:
        pemat_url = reverse("admin:education_pematrating_add") + f"?article={article.pk}"
    else:
        pemat_url = reverse("admin:education_pematrating_change", args=[pemat.pk])
    return {
        "quality_report": selectors.article_quality_report(article, content=content),
        "pemat": pemat,
        "pemat_url": pemat_url,
        "pemat_target": quality.PEMAT_TARGET,
        "pemat_understandability_low": quality.pemat_below_target(getattr(pemat, "understandability", None)),
        "pemat_actionability_low": quality.pemat_below_target(getattr(pemat, "actionability", None)),
        "grade_target": TARGET_GRADE,
        "long_sentence_words": quality.LONG_SENTENCE_WORDS,
        # Glossary terms reach patients, so only medical reviewers are offered "Add to glossary".
        "can_add_glossary_terms": request.user.has_perm("education.publish_article"),
    }


def article_is_locked(article) -> bool:
    """Patients read this article's rows: staff change it only through a draft (revisions), so an edit
    never reaches patients before a medical reviewer publishes it."""
    return article is not None and article.pk is not None and article.is_published


# The request attribute that holds the draft being edited (a snapshot) while `draft_view` runs the change form.
DRAFT_ATTRIBUTE = "education_article_draft"


@dataclass
class DraftEdit:
    """A published article and the snapshot its draft form shows (its latest revision, or the published text)."""

    live: Article
    content: dict


def draft_of(request) -> DraftEdit | None:
    return getattr(request, DRAFT_ATTRIBUTE, None)


class DraftPartFormSet:
    """An inline formset over a revision's parts: each part is an unsaved instance built from its row,
    found again on POST by its hidden key (the browser may remove, add or reorder rows). No form is an
    "existing object", so nothing is looked up or saved."""

    rows: list = []

    def initial_form_count(self):
        return 0

    def get_queryset(self):
        return self.model._default_manager.none()

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None:  # the empty form the browser copies for "Add another"
            return kwargs
        if self.is_bound:
            key = self.data.get(f"{self.add_prefix(index)}-part_key", "")
            row = next((row for row in self.rows if row["key"] == key), None)
        else:
            row = self.rows[index] if index < len(self.rows) else None
        if row is None:
            return kwargs
        initial = {"part_key": row["key"]}
        if self.model is Figure:
            initial["section_key"] = row.get("section") or ""
        # A part already in the draft is kept even when unchanged, so it is never "empty".
        instance = revisions.part_from_row(self.model, row, self.instance)
        return {**kwargs, "instance": instance, "initial": initial, "empty_permitted": False}


class DraftInlineAdminFormSet(helpers.InlineAdminFormSet):
    """Shows the draft's parts as saved parts (folded, with their title, sort handles and Delete box)."""

    def __iter__(self):
        for inline_admin_form in super().__iter__():
            form = inline_admin_form.form
            if "part_key" in form.fields and form["part_key"].value():
                inline_admin_form.original = form.instance
            yield inline_admin_form


def _section_choices(content: dict) -> list[tuple[str, str]]:
    kinds = dict(Section.Kind.choices)
    return [("", "---------")] + [
        (row["key"], row.get("heading") or str(kinds.get(row.get("kind"), ""))) for row in content.get("sections", [])
    ]


def draft_posted_content(draft: DraftEdit, form, formsets) -> dict:
    """The snapshot a valid draft form says: the article form's unsaved instance and many-to-many
    choices, and each inline's kept parts in their (possibly new) order. Uploaded files are stored now
    (files, not rows), so the revision can name them."""
    many_to_many = {
        f.name: [obj.pk for obj in form.cleaned_data[f.name]] if f.name in form.cleaned_data else draft.content[f.name]
        for f in Article._meta.many_to_many
    }
    parts = {}
    for formset in formsets:
        known_keys = {row["key"] for row in formset.rows}
        kept = []
        for index, part_form in enumerate(formset.forms):
            if not part_form.cleaned_data or formset._should_delete_form(part_form):
                continue
            part = part_form.instance
            for f in part._meta.concrete_fields:
                if isinstance(f, models.FileField):
                    f.pre_save(part, add=True)  # stores a new upload, as a save would
            key = part_form.cleaned_data.get("part_key") if part_form.cleaned_data.get("part_key") in known_keys else ""
            # Parts keep the order the editor gave them (sorting sets it); new ones go after them.
            place = (0, part.order or 0, index) if key else (1, 0, index)
            kept.append((place, key or str(uuid.uuid4()), part, part_form.cleaned_data.get("section_key") or None))
        ordered = [(key, part, section_key) for _place, key, part, section_key in sorted(kept, key=lambda k: k[0])]
        parts[revisions.RELATION_OF[formset.model]] = ordered
    section_keys = {key for key, _part, _section in parts.get("sections", [])}
    parts["figures"] = [
        (key, part, section if section in section_keys else None) for key, part, section in parts.get("figures", [])
    ]
    return revisions.draft_snapshot(
        article=form.instance, many_to_many=many_to_many, parts=parts, pemat=draft.content.get("pemat")
    )


class ArticlePartInline:
    """Parts are edited with their article: as rows while patients cannot see it, else in its draft."""

    def has_add_permission(self, request, obj=None):
        return (draft_of(request) or not article_is_locked(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (draft_of(request) or not article_is_locked(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (draft_of(request) or not article_is_locked(obj)) and super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if draft_of(request) is None:
            return fields
        # A figure's section may exist only in the draft: it is chosen by key, not by row.
        return [*("section_key" if name == "section" else name for name in fields), "part_key"]

    def get_formset(self, request, obj=None, **kwargs):
        draft = draft_of(request)
        if draft is None:
            return super().get_formset(request, obj, **kwargs)
        declared = {"part_key": forms.CharField(required=False, widget=forms.HiddenInput)}
        if self.model is Figure:
            declared["section_key"] = forms.ChoiceField(
                label=capfirst(Figure._meta.get_field("section").verbose_name),
                required=False,
                choices=_section_choices(draft.content),
            )
        form = type(f"Draft{self.model.__name__}Form", (self.form,), declared)
        formset = super().get_formset(request, obj, form=form, **kwargs)
        rows = draft.content.get(revisions.RELATION_OF[self.model], [])
        return type(f"Draft{formset.__name__}", (DraftPartFormSet, formset), {"rows": rows, "extra": len(rows)})


class SectionInline(ArticlePartInline, SortableStackedInline):
    model = Section
    extra = 0
    fields = ("kind", "heading", "body", "reading_grade_display", "order")
    readonly_fields = ("reading_grade_display",)
    template = "admin/education/edit_inline/collapsed_stacked.html"

    def get_queryset(self, request):
        # Each section's grade is measured in its article's language.
        return super().get_queryset(request).select_related("article")

    @admin.display(description=_("reading grade"))
    def reading_grade_display(self, section):
        # A draft's sections are unsaved instances with their article in memory: graded all the same.
        return grade_badge(section.reading_grade) if section.body else "–"


class FigureInline(ArticlePartInline, SortableStackedInline):
    model = Figure
    formfield_overrides = IMAGE_FORMFIELD_OVERRIDES  # figures are re-encoded: pixels only
    extra = 0
    fields = ("caption", "description", "image", "diagram", "alt_text", "section", "order")
    template = "admin/education/edit_inline/collapsed_stacked.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this article's sections.
        if db_field.name == "section":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(article_id=article_id) if article_id else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WarningSignInline(ArticlePartInline, SortableTabularInline):
    model = WarningSign
    extra = 0
    fields = ("urgency", "group", "text", "order")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A table row's fields are named by their column heading for screen readers too (issue 34).
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in ("urgency", "group", "text"):
            formfield.widget.attrs["aria-label"] = str(db_field.verbose_name).capitalize()
        return formfield


class FAQInline(ArticlePartInline, SortableStackedInline):
    model = FAQ
    extra = 0
    fields = ("question", "answer", "topic", "is_published", "order")
    template = "admin/education/edit_inline/collapsed_stacked.html"


class TeachBackQuestionInline(ArticlePartInline, SortableStackedInline):
    model = TeachBackQuestion
    form = TeachBackQuestionForm
    extra = 0
    template = "admin/education/edit_inline/collapsed_stacked.html"
    fields = ("question", "options", "section_anchor", "order")


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Review overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        return queryset


class TranslationOutOfDateFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("out_of_date", _("Out of date (English changed since)"))]

    def queryset(self, request, queryset):
        if self.value() == "out_of_date":
            return queryset.filter(
                translation_of__isnull=False, live_revision__isnull=False, translation_of__live_revision__isnull=False
            ).exclude(source_revision=F("translation_of__live_revision"))
        return queryset


class ReadingGradeFilter(admin.SimpleListFilter):
    title = _("reading grade")
    parameter_name = "grade"

    def lookups(self, request, model_admin):
        return [("high", _("Above grade %(grade)s") % {"grade": TARGET_GRADE})]

    def queryset(self, request, queryset):
        if self.value() == "high":
            return queryset.filter(reading_grade__gt=TARGET_GRADE)
        return queryset


class ContentWarningsFilter(admin.SimpleListFilter):
    title = _("content warnings")
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("some", _("With warnings"))]

    def queryset(self, request, queryset):
        if self.value() == "some":
            return queryset.filter(quality_warnings__gt=0)
        return queryset


class PematFilter(admin.SimpleListFilter):
    title = _("PEMAT")
    parameter_name = "pemat"

    def lookups(self, request, model_admin):
        return [("low", _("A score under %(target)s%%") % {"target": quality.PEMAT_TARGET})]

    def queryset(self, request, queryset):
        if self.value() == "low":
            target = quality.PEMAT_TARGET
            return queryset.filter(Q(pemat__understandability__lt=target) | Q(pemat__actionability__lt=target))
        return queryset


class ReviewForm(forms.Form):
    # The revision the page showed: Publish applies this one and no other.
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment for the editor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Needed when you send the changes back: say what to change."),
    )
    red_flag_override = forms.CharField(
        label=_("Why publish with a red flag"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "The checks found an emergency sign under “call the clinic”, so Publish is held. Best: send it back "
            "to move the sign. To publish as it is, write why; your reason is kept with the revision and audited."
        ),
    )

    def __init__(self, *args, red_flags: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not red_flags:
            del self.fields["red_flag_override"]


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    """An article's one history is its revisions (`revisions_view`); restoring one makes a new draft."""

    change_form_template = "admin/education/article/change_form.html"
    inlines = [SectionInline, FigureInline, WarningSignInline, FAQInline, TeachBackQuestionInline]
    # What a busy editor scans for; the rest are filters on the right (issue 34).
    list_display = ("title", "status_display", "language", "waiting_since", "next_review_due", "edit_link")
    list_filter = (
        "status",
        "language",
        "regions",
        "kind",
        ReviewOverdueFilter,
        TranslationOutOfDateFilter,
        ReadingGradeFilter,
        ContentWarningsFilter,
        PematFilter,
        "medical_reviewer",
    )
    search_fields = ("title", "summary", "sections__body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "medical_reviewer", "reviewed_on", "grade", "word_count", "created_at", "updated_at")
    filter_horizontal = ("regions", "related_procedures")
    actions = ["submit_for_review", "publish", "return_to_draft", "start_spanish_translation"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary", "regions", "is_post_operative", "author")}),
        (_("Language"), {"fields": ("language", "translation_of")}),
        (_("Review"), {"fields": ("status", "medical_reviewer", "reviewed_on", "next_review_due", "grade")}),
        (
            _("Advanced"),
            {"classes": ("collapse",), "fields": ("related_procedures", "word_count", "created_at", "updated_at")},
        ),
    )

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        related = ("medical_reviewer", "translation_of", "pemat")
        # Waiting since: when the article (or its changes) last went to a medical reviewer.
        submitted = ArticleRevision.objects.filter(
            article_id=OuterRef("pk"), kind=ArticleRevision.Kind.SUBMITTED
        ).order_by("-created_at", "-pk")
        in_review = Q(status=Article.Status.IN_REVIEW) | Q(
            status=Article.Status.PUBLISHED, latest_revision__kind=ArticleRevision.Kind.SUBMITTED
        )
        waiting_since = Case(
            When(in_review, then=Subquery(submitted.values("created_at")[:1])),
            default=None,
            output_field=models.DateTimeField(),
        )
        return (
            super()
            .get_queryset(request)
            .select_related(*related)
            # The state of a pending change (Article.changes_status) without loading the revision.
            .annotate(waiting_since=waiting_since, latest_kind=F("latest_revision__kind"))
        )

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        draft = draft_of(request)
        if article is None or draft is None:
            return article
        # The draft form edits an unsaved copy that says what the draft says; the rows stay as they are.
        return revisions.article_from_snapshot(article, draft.content)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        draft = draft_of(request)
        if draft is None:
            return form
        # Many-to-many choices come from the draft, not from the published rows.
        chosen = {f.name: draft.content.get(f.name, []) for f in Article._meta.many_to_many}

        class DraftArticleForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**chosen, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return DraftArticleForm

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        if draft_of(request) is not None:
            for inline_admin_formset in inline_admin_formsets:
                inline_admin_formset.__class__ = DraftInlineAdminFormSet  # same state, draft parts shown as saved
        return inline_admin_formsets

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):  # pickers on patient data offer only what patients may read
            queryset = queryset.published()
        return super().get_search_results(request, queryset, search_term)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if draft_of(request) is not None:
            # The address and language belong to the article patients read.
            fields = (*fields, "slug", "language", "translation_of")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if draft_of(request) is not None else super().get_prepopulated_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return (draft_of(request) or not article_is_locked(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting a published article takes it away from patients: a medical reviewer's decision.
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("education.publish_article")

    def get_list_display(self, request):
        # "Edit" only for staff who may change articles (it starts or opens the draft).
        if super().has_change_permission(request):
            return self.list_display
        return tuple(name for name in self.list_display if name != "edit_link")

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, article):
        changes = article.changes_status
        if changes is None:
            return article.get_status_display()
        return _("%(status)s, changes: %(changes)s") % {
            "status": article.get_status_display(),
            "changes": Article.Status(changes).label,
        }

    @admin.display(description=_("waiting since"), ordering="waiting_since")
    def waiting_since(self, article):
        if article.waiting_since is None:
            return "–"
        return date_format(timezone.localtime(article.waiting_since), "SHORT_DATE_FORMAT")

    @admin.display(description=_("edit"))
    def edit_link(self, article):
        # One click opens the draft (a published article's) or the article itself.
        return format_html(
            '<a href="{}" class="button">{}</a>', reverse("admin:education_article_draft", args=[article.pk]), _("Edit")
        )

    @admin.display(description=_("changes waiting"))
    def changes_waiting(self, article):
        changes = article.changes_status
        return "–" if changes is None else Article.Status(changes).label

    @admin.display(description=_("content warnings"), ordering="quality_warnings")
    def quality_warning_count(self, article):
        if article.quality_warnings is None:
            return "–"
        if article.quality_warnings:
            return format_html('<strong class="grade-high">⚠ {}</strong>', article.quality_warnings)
        return "0"

    @admin.display(description=_("PEMAT understandable"), ordering=F("pemat__understandability").asc(nulls_last=True))
    def pemat_understandability(self, article):
        return pemat_badge(getattr(_pemat_of(article), "understandability", None))

    @admin.display(description=_("PEMAT actionable"), ordering=F("pemat__actionability").asc(nulls_last=True))
    def pemat_actionability(self, article):
        return pemat_badge(getattr(_pemat_of(article), "actionability", None))

    @admin.display(description=_("translation"))
    def translation_state(self, article):
        if article.translation_of_id is None:
            return "–"
        if article.live_revision_id is None:
            return _("not reviewed yet")
        if article.is_translation_out_of_date():
            return format_html('<strong class="grade-high">⚠ {}</strong>', _("out of date: the English changed"))
        return _("up to date")

    @admin.display(description=_("reading grade"), ordering="reading_grade")
    def grade(self, article):
        return grade_badge(article.reading_grade)

    # Pages of the workflow ----------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/draft/", view(self.draft_view), name="education_article_draft"),
            path("<path:object_id>/discard/", view(self.discard_view), name="education_article_discard"),
            path("<path:object_id>/review/", view(self.review_view), name="education_article_review"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/preview/",
                view(self.revision_preview_view),
                name="education_article_revision_preview",
            ),
            path("<path:object_id>/revisions/", view(self.revisions_view), name="education_article_revisions"),
            path(
                "revisions/<int:revision_id>/restore/",
                view(self.restore_view),
                name="education_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id) -> Article:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        return article

    def draft_view(self, request, object_id):
        """A published article's draft: its change form built from the latest unpublished revision (or,
        none yet, from the published text). A valid save records a new revision and writes no row of the
        article or its parts. An article patients cannot see is edited in its own form."""
        article = self._article_or_404(request, object_id)
        if not super().has_change_permission(request, article):
            raise PermissionDenied
        if not article.is_published:
            return redirect("admin:education_article_change", article.pk)
        setattr(request, DRAFT_ATTRIBUTE, DraftEdit(live=article, content=services.draft_content(article)))
        return self.changeform_view(request, object_id)

    def discard_view(self, request, object_id):
        """Discard a draft of a published article: a confirmation page (GET), then its revisions go (POST).
        Patients keep reading the published article; only the unpublished changes are thrown away."""
        live = self._article_or_404(request, object_id)
        if not (live.is_published and live.has_unpublished_changes):
            raise Http404
        if not super().has_change_permission(request, live):
            raise PermissionDenied
        if request.method == "POST":
            services.article_discard_draft(article=live, user=request.user)
            self.message_user(
                request, _("Draft discarded. Patients keep reading the published version."), messages.SUCCESS
            )
            return redirect("admin:education_article_change", live.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Discard the draft of “%(title)s”?") % {"title": live.title},
            "opts": self.model._meta,
            "live": live,
            "changes_status": Article.Status(live.changes_status).label,
        }
        return TemplateResponse(request, "admin/education/article/discard.html", context)

    def review_view(self, request, object_id):
        """The reviewer's desk for one article: what changed, grade before and after, publish or send back.

        The page shows one revision (the one sent for review) and carries its id; Publish applies that
        revision and no other (services.article_publish)."""
        live = self._article_or_404(request, object_id)
        checks = self._review_checks(request, live)
        form = ReviewForm(request.POST or None, red_flags=bool(checks["quality_report"].red_flags))
        if request.method == "POST":
            if not self.has_publish_permission(request):
                raise PermissionDenied
            if form.is_valid():
                response = self._review_decision(request, live, form.cleaned_data)
                if response is not None:
                    return response
                live = self._article_or_404(request, object_id)  # what the refused decision left
                checks = self._review_checks(request, live)
        in_review = services.article_revision_in_review(live)
        shown, pending = self._review_content(live, in_review)
        if live.live_revision_id:
            before = live.live_revision.content
        else:
            before = revisions.article_snapshot(live) if live.is_published else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review “%(title)s”") % {"title": shown.get("title") or live.title},
            "opts": self.model._meta,
            "article": live,
            "live": live,
            "revision": in_review,
            # A published article's pending change is read whole in the revision preview (patients' page: the rows).
            "shown_revision": pending if live.is_published else None,
            "changes": revisions.snapshot_diff(before, shown),
            "grade_before": live.reading_grade if before is not None else None,
            "grade_after": pending.reading_grade if pending is not None else live.reading_grade,
            "comments": live.review_comments.select_related("author", "revision")[:20],
            "form": ReviewForm(
                initial={"revision": in_review.pk if in_review else None, "comment": request.POST.get("comment", "")},
                red_flags=bool(checks["quality_report"].red_flags),
            ),
            "can_publish": self.has_publish_permission(request),
            "waiting": in_review is not None,
            "has_changes": not live.is_published or live.has_unpublished_changes,
            "changes_label": Article.Status(live.changes_status).label if live.changes_status else "",
            **checks,
        }
        return TemplateResponse(request, "admin/education/article/review.html", context)

    @staticmethod
    def _review_content(live, in_review) -> tuple[dict, ArticleRevision | None]:
        """What the review page shows, and the revision it comes from: the one sent for review, else a
        published article's pending draft, else the article's rows."""
        if in_review is not None:
            return in_review.content, in_review
        if live.is_published and live.has_unpublished_changes:
            return live.latest_revision.content, live.latest_revision
        return revisions.article_snapshot(live), None

    def _review_checks(self, request, live) -> dict:
        """The content checks of what the review page shows (a published article's draft: its snapshot)."""
        shown, _pending = self._review_content(live, services.article_revision_in_review(live))
        return quality_context(live, request=request, content=shown if live.is_published else None)

    def _review_decision(self, request, live, data):
        comment = data["comment"]
        try:
            if "_publish" in request.POST:
                revision = live.revisions.filter(pk=data.get("revision") or 0).first()
                if revision is None:
                    raise services.DraftChanged(live)
                live = services.article_publish(
                    revision=revision, user=request.user, red_flag_override=data.get("red_flag_override", "")
                )
                if comment:
                    ReviewComment.objects.create(
                        article=live, revision=live.live_revision, author=request.user, text=comment
                    )
                self.message_user(request, _("Published. Patients can read it now."), messages.SUCCESS)
                return redirect("admin:education_article_change", live.pk)
            if "_send_back" in request.POST:
                services.article_send_back(article=live, user=request.user, comment=comment)
                self.message_user(request, _("Sent back to the editor with your comment."), messages.SUCCESS)
                return redirect("admin:index")
        except services.DraftChanged as error:
            url = reverse("admin:education_article_review", args=[live.pk])
            self.message_user(
                request, format_html('{} <a href="{}">{}</a>', error, url, _("See what changed")), messages.ERROR
            )
        except services.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        return None

    def revisions_view(self, request, object_id):
        """Every revision of an article; compare any with the published one, or restore it as a new draft."""
        live = self._article_or_404(request, object_id)
        revision_list = list(live.revisions.select_related("created_by")[:100])
        by_id = {str(revision.pk): revision for revision in revision_list}
        compared = by_id.get(request.GET.get("compare", ""))
        # Compared with the published version, or with any other revision (?against=).
        against = by_id.get(request.GET.get("against", "")) or live.live_revision
        base = against.content if against is not None else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revisions of “%(title)s”") % {"title": live.title},
            "opts": self.model._meta,
            "live": live,
            "revisions": revision_list,
            "compared": compared,
            "against": against,
            "changes": revisions.snapshot_diff(base, compared.content) if compared else [],
            "can_restore": super().has_change_permission(request, live),
        }
        return TemplateResponse(request, "admin/education/article/revisions.html", context)

    def revision_preview_view(self, request, object_id, revision_id):
        """A revision of this article as patients will read it once published: the patient's article body
        built from its snapshot (unsaved instances), so reviewers read a change to a published article
        whole. Never cached (admin_view); writes nothing."""
        article = self._article_or_404(request, object_id)
        if not super().has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions, pk=revision_id)
        context = {**revisions.preview_body_context(article, revision.content), "live": article, "revision": revision}
        return TemplateResponse(request, "education/revision_preview.html", context)

    def restore_view(self, request, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        revision = get_object_or_404(ArticleRevision.objects.select_related("article"), pk=revision_id)
        if not super().has_change_permission(request, revision.article):
            raise PermissionDenied
        article = services.article_restore_revision(revision=revision, user=request.user)
        self.message_user(
            request,
            _("Revision %(number)s is now a new draft. Check it, then send it for review.") % {"number": revision.pk},
            messages.SUCCESS,
        )
        return redirect(
            "admin:education_article_draft" if article.is_published else "admin:education_article_change", article.pk
        )

    # Saving --------------------------------------------------------------------------------
    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        draft = draft_of(request)
        context["can_publish"] = self.has_publish_permission(request)
        context["show_save_and_add_another"] = False  # one article at a time (issue 34)
        if draft is not None:
            context["show_delete"] = False  # "Discard draft" instead: the published article stays
            context["editing_draft"] = True
        if obj is not None:
            live = draft.live if draft is not None else obj
            context["live_article"] = live
            context["changes_status"] = live.changes_status
            context["changes_label"] = Article.Status(live.changes_status).label if live.changes_status else ""
            context["review_comments"] = live.review_comments.select_related("author")[:5]
            context["can_start_draft"] = article_is_locked(live) and super().has_change_permission(request, live)
            context.update(quality_context(obj, request=request, content=draft.content if draft else None))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if draft_of(request) is None:  # a draft is recorded in save_related, as a revision only
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        draft = draft_of(request)
        if draft is not None:
            article = draft.live
            content = draft_posted_content(draft, form, formsets)
            services.article_save_changes(article=article, content=content, user=request.user)
            article.refresh_from_db()
        else:
            super().save_related(request, form, formsets, change)
            article = form.instance
            services.article_save_draft(article=article, user=request.user)
        if "_submit_for_review" in request.POST:
            sent = _("Sent to a medical reviewer. Patients keep reading the published version until then.")
            self._run(request, [article], self._as_user(request, services.article_submit_for_review), sent)
        elif "_publish" in request.POST:
            # The reviewer publishes what they just saved and read: it is sent for review, then that revision published.
            self._run(request, [article], self._as_user(request, services.article_submit_and_publish),
                      _("Published. Patients can read it now."))  # fmt: skip
        elif draft is not None:
            self.message_user(
                request,
                _("Draft saved. Patients keep reading the published version until a medical reviewer publishes it."),
                messages.INFO,
            )

    def construct_change_message(self, request, form, formsets, add=False):
        # A draft's parts were not saved as rows: the log names the article's changed fields only.
        return super().construct_change_message(request, form, [] if draft_of(request) else formsets, add)

    def response_change(self, request, obj):
        if draft_of(request) is None:
            return super().response_change(request, obj)
        if "_continue" in request.POST:
            return redirect(request.path)
        if "_publish" in request.POST:
            return redirect("admin:education_article_change", obj.pk)
        return redirect("admin:education_article_changelist")

    @staticmethod
    def _as_user(request, step):
        return lambda *, article: step(article=article, user=request.user)

    def _run(self, request, articles, step, done_message):
        done = 0
        for article in articles:
            try:
                step(article=article)
                done += 1
            except (services.WorkflowError, PermissionDenied) as error:
                self.message_user(request, f"{article.title}: {error}", messages.ERROR)
        if done:
            self.message_user(request, done_message, messages.SUCCESS)

    @admin.action(description=_("Start a Spanish translation (a draft copy to translate)"), permissions=["add"])
    def start_spanish_translation(self, request, queryset):
        for article in queryset:
            try:
                translation = services.translation_start(article=article, language="es", user=request.user)
            except services.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            url = reverse("admin:education_article_change", args=[translation.pk])
            self.message_user(
                request,
                format_html(
                    '<a href="{}">{}</a> {}',
                    url,
                    translation.title,
                    _("is a Spanish draft: translate each part, then save and submit it for review."),
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Submit for medical review"))
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, self._as_user(request, services.article_submit_for_review),
                  _("Sent to a medical reviewer."))  # fmt: skip

    @admin.action(description=_("Publish (medical reviewers)"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publishes each article whose latest revision was sent for review and is unchanged since; names the others."""

        def publish_in_review(*, article):
            revision = services.article_revision_in_review(article)
            if revision is None:
                raise services.WorkflowError(_("No changes sent for review: open it and send them for review first."))
            services.article_publish(revision=revision, user=request.user)

        self._run(request, queryset, publish_in_review, _("Published. Patients can read it now."))

    @admin.action(description=_("Take off the portal (back to draft)"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._run(request, queryset, self._as_user(request, services.article_return_to_draft),
                  _("Back to draft. Patients no longer see it."))  # fmt: skip


class ReviewedContentAdmin(AuditedAdminMixin, GuardedHistoryAdmin):
    """Content patients read on its own (not part of an article): only medical reviewers add,
    change, delete or revert it, so nothing reaches patients unreviewed. Editors may view it."""

    audit_actions = {
        "add": AuditEvent.Action.CONTENT_CHANGED,
        "change": AuditEvent.Action.CONTENT_CHANGED,
        "delete": AuditEvent.Action.CONTENT_CHANGED,
    }

    @staticmethod
    def may_publish(request) -> bool:
        return request.user.has_perm("education.publish_article")

    def has_add_permission(self, request):
        return self.may_publish(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.may_publish(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_publish(request) and super().has_delete_permission(request, obj)


class ArticlePartAdmin(ReviewedContentAdmin):
    """Questions and warning signs of an article are edited inside it; here only the clinic-wide ones change."""

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.article_id is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.article_id is None) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":  # a new one here is clinic-wide or belongs to an unpublished article
            kwargs["queryset"] = Article.all_objects.exclude(status=Article.Status.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Surgeon)
class SurgeonAdmin(ReviewedContentAdmin):
    formfield_overrides = IMAGE_FORMFIELD_OVERRIDES  # photos are re-encoded: pixels only
    list_display = ("name", "title", "has_spanish", "approves_content", "user")
    list_filter = ("approves_content",)
    search_fields = ("name", "specialties")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "credentials", "title", "specialties", "bio", "photo", "locations")}),
        (
            _("In Spanish"),
            {
                "fields": ("title_es", "specialties_es", "bio_es"),
                "description": _("What Spanish readers see. Left empty, they see the English text."),
            },
        ),
        (None, {"fields": ("user", "approves_content")}),
    )

    @admin.display(description=_("Spanish"), boolean=True)
    def has_spanish(self, surgeon):
        return bool(surgeon.bio_es or surgeon.title_es)

    def get_readonly_fields(self, request, obj=None):
        # Who may approve content, and whose login publishes as this surgeon, is an administrator's call.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return (*super().get_readonly_fields(request, obj), "user", "approves_content")


@admin.register(FAQ)
class FAQAdmin(ArticlePartAdmin):
    list_display = ("question", "article", "topic", "is_published")
    list_filter = ("is_published", "topic", "article")
    search_fields = ("question", "answer")


@admin.register(WarningSign)
class WarningSignAdmin(ArticlePartAdmin):
    form = WarningSignAdminForm
    list_display = ("text", "group", "urgency", "article")
    list_filter = ("urgency", ("article", admin.EmptyFieldListFilter))
    search_fields = ("text", "group")

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("red_flag_override", "").strip() if form.red_flag_held else ""
        if reason:
            obj._change_reason = _("Red flag kept: %(reason)s") % {"reason": reason}  # shown in its history
        super().save_model(request, obj, form, change)
        if reason:
            services.publish_check_red_flags(
                signs=form.sign_texts(), language=obj.language, override_reason=reason, user=request.user, target=obj
            )


class ReadOnlyPartAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sections and figures are edited inside their article (their history is its revisions); this
    page is for finding them."""


@admin.register(Section)
class SectionAdmin(ReadOnlyPartAdmin):
    list_display = ("display_heading", "article", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("heading", "body", "article__title")
    list_select_related = ("article",)


@admin.register(Figure)
class FigureAdmin(ReadOnlyPartAdmin):
    list_display = ("caption", "article", "order")
    search_fields = ("caption", "description")
    list_select_related = ("article",)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReviewedContentAdmin):
    list_display = ("term", "language", "also_known_as", "definition")
    list_filter = ("language",)
    search_fields = ("term", "also_known_as", "definition")
    prepopulated_fields = {"slug": ("term",)}


@admin.register(PematRating)
class PematRatingAdmin(GuardedHistoryAdmin):
    """A reviewer ticks AHRQ's PEMAT-P items for an article; the portal scores them."""

    form = PematRatingForm
    list_display = ("article", "understandability_display", "actionability_display", "rated_by", "rated_at")
    list_select_related = ("article", "rated_by")
    search_fields = ("article__title",)
    readonly_fields = ("understandability_display", "actionability_display", "rated_by", "rated_at")
    fieldsets = (
        (
            None,
            {
                "fields": ("article", "understandability_display", "actionability_display", "rated_by", "rated_at"),
                "description": _(
                    "AHRQ's Patient Education Materials Assessment Tool for printable material (PEMAT-P), in our "
                    "own words. Read the whole article as a patient would, then answer each item. A score under "
                    "70% is a warning; it never stops publishing."
                ),
            },
        ),
        (
            _("Understandability"),
            {"fields": [pemat_field_name(i) for i in quality.PEMAT_ITEMS if i.domain == quality.UNDERSTANDABILITY]},
        ),
        (
            _("Actionability"),
            {"fields": [pemat_field_name(i) for i in quality.PEMAT_ITEMS if i.domain == quality.ACTIONABILITY]},
        ),
    )

    @admin.display(description=_("understandability"), ordering="understandability")
    def understandability_display(self, rating):
        return pemat_badge(rating.understandability)

    @admin.display(description=_("actionability"), ordering="actionability")
    def actionability_display(self, rating):
        return pemat_badge(rating.actionability)

    def save_model(self, request, obj, form, change):
        obj.rated_by = request.user
        super().save_model(request, obj, form, change)
        if quality.pemat_below_target(obj.understandability) or quality.pemat_below_target(obj.actionability):
            self.message_user(
                request,
                _(
                    "A score is under 70%: patients may not understand this article or know what to do. "
                    "Publishing is not blocked."
                ),
                messages.WARNING,
            )


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Lay words for search; the glossary's “also known as” names work as synonyms without a row here."""

    list_display = ("words", "language")
    list_filter = ("language",)
    search_fields = ("words",)


class PublishedContentChoicesMixin:
    """For admins of patient data (care's plans, assignments, pathway steps): a link to an article or
    one of its parts offers, and accepts, only published content. The database refuses anything else
    too (education/published_links.py); this turns a typed-in draft id into a plain form error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = selectors.published_content(db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if queryset is not None and field is not None:
            field.error_messages["invalid_choice"] = _(
                "Choose published content: a draft, or an article not published yet, cannot be given to patients."
            )
        return field


def dashboard_reviews(request) -> dict:
    """The staff dashboard's part on content: reviews overdue and articles waiting for review."""
    if not request.user.has_perm("education.view_article"):
        return {}
    return {
        "overdue_articles": Article.all_objects.review_overdue().order_by("next_review_due"),
        "waiting_for_review": list(selectors.articles_waiting_for_review()[:50]),
        "can_publish": request.user.has_perm("education.publish_article"),
    }


register_index_part(dashboard_reviews)
