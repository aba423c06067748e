"""Content insights in the admin (issue 34): for editors and medical reviewers, per article and
section over a chosen period. Counts for everyone with `insights.view_content_insights`; the
"what was unclear?" texts and links to patients' questions only for staff allowed to see patient
data, and every read of them is audited."""

from datetime import datetime, time, timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care.admin_scope import PatientScopedAdminMixin
from insights import charts, selectors, services
from insights.forms import PeriodForm, WriteAnswerForm
from insights.models import HelpfulVote, SummaryPreference
from portal.admin_history import ReadOnlyAdminMixin
from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.csv_safe import csv_response

INSIGHTS = "insights.view_content_insights"
UNCLEAR_TEXTS = "insights.view_helpfulvote"
PATIENT_QUESTIONS = "care.view_patientquestion"
DEFAULT_DAYS = 30


def can_see_insights(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(INSIGHTS)


def period(request) -> tuple[PeriodForm, bool, datetime, datetime]:
    """The chosen period (default: the last 30 days) as [start, end) in the clinic's time zone."""
    form = PeriodForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    today = timezone.localdate()
    last = data.get("end") or today
    first = data.get("start") or last - timedelta(days=DEFAULT_DAYS - 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    if not form.is_bound:
        form = PeriodForm(initial={"start": first, "end": last})
    return form, valid, start, end


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """ "Was this helpful?" answers with what patients found unclear: patient data, audited, and
    only of the patients the staff member may see (care teams, issue 29). The content insights
    pages hang here."""

    list_display = ("created_at", "article", "part", "helpful", "unclear")
    list_filter = ("helpful", "part", "created_at")
    list_select_related = ("article",)
    fields = ("created_at", "article", "part", "part_key", "helpful", "unclear")
    readonly_fields = fields
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return super().has_module_permission(request) or can_see_insights(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("content/", view(self.overview_view), name="insights_overview"),
            path("content/article/<int:article_id>/", view(self.article_view), name="insights_article"),
            path("content/write-answer/", view(require_POST(self.write_answer_view)), name="insights_write_answer"),
            path(
                "content/weekly-summary/", view(require_POST(self.summary_switch_view)), name="insights_summary_switch"
            ),
            *super().get_urls(),
        ]

    # Pages ------------------------------------------------------------------------------------

    def overview_view(self, request):
        if not can_see_insights(request.user):
            raise PermissionDenied
        form, valid, start, end = period(request)
        articles = selectors.article_rows(start=start, end=end)
        questions = selectors.teach_back_rows(start=start, end=end)
        searches = selectors.unanswered_searches(start=start, end=end)
        table = request.GET.get("format") == "csv" and request.GET.get("table", "")
        audit_record(
            action=AuditEvent.Action.PATIENT_DATA_READ,
            detail={"page": "content insights", "searches shown": len(searches), "format": "csv" if table else "html"},
        )
        if table == "articles":
            return csv_response(
                filename="insights-articles.csv",
                header=[_("Article"), _("Section reads"), _("Readers"), _("“I have read this”"), _("Helpful: yes"),
                        _("Helpful: no"), _("Questions sent"), _("First-try right (%)")],
                rows=([r.article.title, r.reads, r.readers, r.finished, r.helpful_yes, r.helpful_no, r.questions,
                       "" if r.rate is None else r.rate] for r in articles),
                export="insights-articles",
            )  # fmt: skip
        if table == "questions":
            return _questions_csv(questions)
        if table == "searches":
            return csv_response(
                filename="insights-searches.csv",
                header=[_("Words searched"), _("Patients"), _("Searches"), _("Found nothing"), _("Nothing opened")],
                rows=([s.query, s.patients, s.searches, s.found_nothing, s.none_opened] for s in searches),
                export="insights-searches",
            )
        worst = questions[:10]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Content insights"),
            "opts": self.model._meta,
            "form": form,
            "articles": articles,
            "questions": questions,
            "searches": searches,
            "general_faqs": selectors.general_faq_rows(start=start, end=end),
            "chart": charts.bar_chart(
                [(row.question.question, row.rate, f"{row.rate}%") for row in worst if row.rate is not None],
                highest=100,
            ),
            "chart_rows": [row for row in worst if row.rate is not None],
            "csv_query": _csv_query(request),
            "can_write_answer": request.user.has_perm("education.add_faq"),
            "weekly_summary": _wants_summary(request.user),
        }
        return TemplateResponse(request, "admin/insights/overview.html", context, status=200 if valid else 400)

    def article_view(self, request, article_id):
        if not can_see_insights(request.user):
            raise PermissionDenied
        article = get_object_or_404(selectors.live_articles(), pk=article_id)
        form, valid, start, end = period(request)
        with_texts = request.user.has_perm(UNCLEAR_TEXTS)
        parts = selectors.article_parts(
            article=article, start=start, end=end, texts_for=request.user if with_texts else None
        )
        questions = selectors.teach_back_rows(start=start, end=end, article_ids=[article.pk])
        table = request.GET.get("format") == "csv" and request.GET.get("table", "")
        shown = sum(len(part.unclear) for part in parts)
        if with_texts:
            audit_record(
                action=AuditEvent.Action.PATIENT_DATA_READ,
                target=article,
                detail={
                    "page": "content insights: what was unclear",
                    "texts": shown,
                    "format": "csv" if table else "html",
                },
            )
        if table == "parts":
            return csv_response(
                filename=f"insights-{article.slug}.csv",
                header=[_("Part"), _("Heading or question"), _("Reads"), _("Helpful: yes"), _("Helpful: no")],
                rows=([p.kind, p.title, p.reads, p.helpful_yes, p.helpful_no] for p in parts),
                export="insights-article",
            )
        if table == "questions":
            return _questions_csv(questions)
        sections = [part for part in parts if part.kind == "section"]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Content insights: %(title)s") % {"title": article.title},
            "opts": self.model._meta,
            "article": article,
            "form": form,
            "parts": parts,
            "questions": questions,
            "question_count": selectors.article_question_count(article=article, start=start, end=end),
            "questions_url": (
                reverse("admin:care_patientquestion_changelist") + f"?assignment__article__id__exact={article.pk}"
                if request.user.has_perm(PATIENT_QUESTIONS)
                else ""
            ),
            "with_texts": with_texts,
            "chart": charts.bar_chart([(part.title, part.reads, str(part.reads)) for part in sections]),
            "chart_rows": sections,
            "csv_query": _csv_query(request),
        }
        return TemplateResponse(request, "admin/insights/article.html", context, status=200 if valid else 400)

    def write_answer_view(self, request):
        """ "Write an answer": an unpublished clinic-wide question, worded as patients searched it."""
        if not (can_see_insights(request.user) and request.user.has_perm("education.add_faq")):
            raise PermissionDenied
        form = WriteAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That search could not be turned into a question. Please try again."))
            return redirect("admin:insights_overview")
        faq = services.faq_draft_from_search(
            query=form.cleaned_data["query"], language=form.cleaned_data["language"] or "en"
        )
        messages.success(
            request,
            _("A new question, not published yet, is ready. Write the answer; a medical reviewer publishes it."),
        )
        return redirect("admin:education_faq_change", faq.pk)

    def summary_switch_view(self, request):
        if not can_see_insights(request.user):
            raise PermissionDenied
        wanted = request.POST.get("weekly_summary") == "on"
        SummaryPreference.objects.update_or_create(user=request.user, defaults={"weekly_summary": wanted})
        messages.success(
            request,
            _("You will get the weekly summary email.") if wanted else _("You will not get the weekly summary email."),
        )
        return redirect("admin:insights_overview")


def _questions_csv(questions):
    return csv_response(
        filename="insights-teach-back.csv",
        header=[_("Article"), _("Question"), _("First tries"), _("Right the first time (%)"),
                _("Wrong answer chosen most"), _("Times chosen")],
        rows=([q.article.title, q.question.question, q.first_tries, "" if q.rate is None else q.rate, q.wrong_text,
               q.wrong_count] for q in questions),
        export="insights-teach-back",
    )  # fmt: skip


def _csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    query.pop("table", None)
    return query.urlencode()


def _wants_summary(user) -> bool:
    preference = SummaryPreference.objects.filter(user=user).first()
    return preference is None or preference.weekly_summary
