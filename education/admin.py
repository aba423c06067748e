from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from education import services
from education.forms import TeachBackQuestionForm
from education.models import (
    FAQ,
    Article,
    Figure,
    GlossaryTerm,
    Section,
    Surgeon,
    TeachBackQuestion,
    WarningSign,
)
from education.readability import TARGET_GRADE


def grade_badge(grade):
    if grade is None:
        return "–"
    if grade > TARGET_GRADE:
        return format_html('<strong class="grade-high">{} ⚠ {}</strong>', grade, _("above grade 8: use shorter words"))
    return format_html("{}", grade)


class SectionInline(SortableStackedInline):
    model = Section
    extra = 0
    fields = ("kind", "heading", "body", "reading_grade_display", "order")
    readonly_fields = ("reading_grade_display",)

    def get_queryset(self, request):
        # Each section's grade is measured in its article's language.
        return super().get_queryset(request).select_related("article")

    @admin.display(description=_("reading grade"))
    def reading_grade_display(self, section):
        return grade_badge(section.reading_grade) if section.pk else "–"


class FigureInline(SortableStackedInline):
    model = Figure
    extra = 0
    fields = ("caption", "description", "image", "alt_text", "section", "order")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this article's sections.
        if db_field.name == "section":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(article_id=article_id) if article_id else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WarningSignInline(SortableTabularInline):
    model = WarningSign
    extra = 0
    fields = ("urgency", "group", "text", "order")


class FAQInline(SortableStackedInline):
    model = FAQ
    extra = 0
    fields = ("question", "answer", "topic", "is_published", "order")


class TeachBackQuestionInline(SortableStackedInline):
    model = TeachBackQuestion
    form = TeachBackQuestionForm
    extra = 0
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
            stale = [
                a.pk
                for a in queryset.filter(translation_of__isnull=False).select_related("translation_of")
                if a.is_translation_out_of_date()
            ]
            return queryset.filter(pk__in=stale)
        return queryset


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, SimpleHistoryAdmin):
    change_form_template = "admin/education/article/change_form.html"
    inlines = [SectionInline, FigureInline, WarningSignInline, FAQInline, TeachBackQuestionInline]
    list_display = (
        "title",
        "language",
        "kind",
        "status",
        "medical_reviewer",
        "reviewed_on",
        "next_review_due",
        "grade",
        "translation_state",
    )
    list_filter = ("status", "language", "regions", "kind", ReviewOverdueFilter, TranslationOutOfDateFilter)
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("medical_reviewer", "translation_of")

    @admin.display(description=_("translation"))
    def translation_state(self, article):
        if article.translation_of_id is None:
            return "–"
        if article.is_translation_out_of_date():
            return format_html('<strong class="grade-high">⚠ {}</strong>', _("out of date: the English changed"))
        return _("up to date")

    @admin.display(description=_("reading grade"), ordering="reading_grade")
    def grade(self, article):
        return grade_badge(article.reading_grade)

    def has_publish_permission(self, request):
        return request.user.has_perm("education.publish_article")

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_publish"] = self.has_publish_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if services.article_after_staff_edit(article=article, user=request.user):
            messages.warning(
                request,
                _(
                    "Your change is saved. Because the article was published, it is back in review and "
                    "patients cannot see it until a medical reviewer publishes it again."
                ),
            )
        if "_submit_for_review" in request.POST:
            self._run(request, [article], services.article_submit_for_review, _("Sent to a medical reviewer."))
        elif "_publish" in request.POST:
            self._run(request, [article], self._publish_one(request), _("Published. Patients can read it now."))

    def _publish_one(self, request):
        return lambda *, article: services.article_publish(article=article, user=request.user)

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
                translation = services.translation_start(article=article, language="es")
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
        self._run(request, queryset, services.article_submit_for_review, _("Sent to a medical reviewer."))

    @admin.action(description=_("Publish (medical reviewers)"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, self._publish_one(request), _("Published. Patients can read it now."))

    @admin.action(description=_("Take off the portal (back to draft)"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        step = lambda *, article: services.article_return_to_draft(article=article, user=request.user)  # noqa: E731
        self._run(request, queryset, step, _("Back to draft. Patients no longer see it."))


@admin.register(Surgeon)
class SurgeonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "approves_content", "user")
    list_filter = ("approves_content",)
    search_fields = ("name", "specialties")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)


@admin.register(FAQ)
class FAQAdmin(SimpleHistoryAdmin):
    list_display = ("question", "article", "topic", "is_published")
    list_filter = ("is_published", "topic", "article")
    search_fields = ("question", "answer")


@admin.register(WarningSign)
class WarningSignAdmin(SimpleHistoryAdmin):
    list_display = ("text", "group", "urgency", "article")
    list_filter = ("urgency", ("article", admin.EmptyFieldListFilter))
    search_fields = ("text", "group")


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    """Sections are edited inside their article; this page is for history and undo."""

    list_display = ("display_heading", "article", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("heading", "body", "article__title")
    list_select_related = ("article",)


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ("caption", "article", "order")
    search_fields = ("caption", "description")
    list_select_related = ("article",)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ("term", "also_known_as", "definition")
    search_fields = ("term", "also_known_as", "definition")
    prepopulated_fields = {"slug": ("term",)}
