"""Every named URL × every persona → the expected answer, in one matrix.

Personas: anonymous, patient A (owns the assignment, bookmark and question),
patient B, editor, reviewer, billing and superuser (staff log in with
two-step login done). The URL names are read from the URLconf at test time,
so URLs added later (the estimates app) are checked too:

- a patient-facing URL with no parameters and no entry in PAGES gets the
  default rule: anonymous visitors go to the login page, nobody gets a 5xx,
  and patients A and B get the same answer;
- a patient-facing URL that needs an object (an id or a slug) must have an
  entry in PAGES, or the matrix fails: that is where one patient could reach
  another's data, and the answer must be 404, never 403;
- admin URLs follow ADMIN_POLICY, the statement of what each role may do per
  model; a model the admin shows that is missing there fails the matrix.

Bookmarks and questions are only ever addressed through the patient's own
assignment or a public article, so patient B has no URL to patient A's.

Need to know (issue 29): patient A is in care team A, patient B in team B. The reviewer
and "care team, A's team" are staff of team A; "care team, another team" is staff of team B and
"reviewer, not on A's team" of no team. For them A's records answer 404 wherever their role would
otherwise let them in. Each persona's run reports its totals (requests, answers showing A's data,
refusals, leaks); the summary is printed at the end of the test run.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult, get_date_max

from care import access as care_access
from care import caregivers as care_caregivers
from care import services as care_services
from care.models import Bookmark, CaregiverGrant, CarePreference, PathwayProcedure, PatientQuestion, ReadingPlan
from education import revisions
from education.models import Article, ArticleRevision, PematRating, SearchSynonym
from estimates.models import Fee, FeeSchedule, Procedure, SavedEstimate
from insights.models import HelpfulVote
from outcomes.models import Response, ScheduledInstrument
from outcomes.services import schedule_standard
from portal.audit.models import AuditEvent
from portal.outbox.models import Reminder
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    FigureFactory,
    GlossaryTermFactory,
    PathwayStepFactory,
    SectionFactory,
    TeachBackQuestionFactory,
    WarningSignFactory,
)
from tests.outcome_helpers import load_shipped

PERSONAS = [
    "anonymous",
    "patient_a",
    "patient_b",
    "editor",
    "reviewer",
    "billing",
    "superuser",
    "care_team_a",  # care team, A's team
    "care_team_b",  # care team, another team
    "reviewer_other",  # reviewer, not on A's team
]
STAFF = ["editor", "reviewer", "billing", "superuser", "care_team_a", "care_team_b", "reviewer_other"]
# Staff whose role lets them read patient data, but not patient A's: A is not in their care teams.
OUT_OF_TEAM = ["care_team_b", "reviewer_other"]
# Totals per persona, printed at the end of the run (tests/conftest.py).
MATRIX_TOTALS: dict[str, dict[str, int]] = {}
# Caregivers, each switched to the patient who shared with them (issue 32); checked by their own test.
CAREGIVERS = ["caregiver_a", "caregiver_b", "revoked_caregiver_a"]
LOGIN = "→ login"  # 302 to a login page (/accounts/login/ or, for the admin, /admin/login/)
ADMIN_LOGIN = "→ admin login"  # 302 to /admin/login/
REDIRECT = "→ elsewhere"  # any other 302


def answers(default, **by_persona):
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


def logged_in(status, **by_persona):
    """A page for anyone logged in; anonymous visitors are sent to log in."""
    return answers(status, anonymous=LOGIN, **by_persona)


def own_object(status):
    """Patient A's own object: A gets `status`, everyone else 404 (it does not exist for them)."""
    return answers(404, anonymous=LOGIN, patient_a=status)


@dataclass
class World:
    users: dict
    article: Article
    draft: Article
    faq: object
    assignment: object
    objects: dict = field(default_factory=dict)


@dataclass
class Case:
    expect: dict
    kwargs: object = None  # World -> dict of URL kwargs
    method: str = "get"
    data: object = None  # World -> POST data


def article_revision(world):
    """A revision of the world's published article, recorded without making it a pending change."""
    return world.article.revisions.first() or ArticleRevision.objects.create(
        article=world.article, kind=ArticleRevision.Kind.SAVED, content=revisions.article_snapshot(world.article)
    )


def reset_link(world):
    patient = world.users["patient_a"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(patient.pk)),
        "token": default_token_generator.make_token(patient),
    }


def email_change_link(side):
    """A link from patient A's own email-change request (issue 28): only patient A, logged in, may open it."""

    def kwargs(world):
        from portal.accounts.email_change import email_change_issue_tokens, email_change_start

        change = email_change_start(user=world.users["patient_a"], new_email="patient.a.new@example.com")
        new_token, old_token = email_change_issue_tokens(change=change)
        return {"token": new_token if side == "new" else old_token}

    return kwargs


# Patient-facing URLs, by name. A name that takes parameters must be here.
PAGES: dict[str, list[Case]] = {
    "home": [Case(logged_in(200))],
    "healthz": [Case(answers(200))],
    "login": [Case(answers(REDIRECT, anonymous=200))],
    "logout": [Case(logged_in(405))],  # GET only: posting would end the persona's session
    "two_factor_verify": [Case(logged_in(REDIRECT))],  # patients have no app; staff are verified
    "two_factor_setup": [Case(logged_in(200, **dict.fromkeys(STAFF, REDIRECT)))],
    "password_change": [Case(logged_in(200))],
    "password_reset": [Case(answers(200))],
    "password_reset_done": [Case(answers(200))],
    "password_reset_complete": [Case(answers(200))],
    "password_reset_confirm": [Case(answers(REDIRECT), kwargs=reset_link)],
    "invite_accept": [Case(answers(REDIRECT), kwargs=reset_link)],
    "education:article_list": [Case(logged_in(200))],
    "education:article_detail": [
        Case(logged_in(200), kwargs=lambda w: {"slug": w.article.slug}),
        # Drafts: staff who may edit articles preview them; for everyone else they do not exist.
        Case(
            logged_in(404, editor=200, reviewer=200, reviewer_other=200, superuser=200),
            kwargs=lambda w: {"slug": w.draft.slug},
        ),
    ],
    "education:faq_list": [Case(logged_in(200))],
    "education:surgeon_list": [Case(logged_in(200))],
    "education:surgeon_detail": [Case(logged_in(200), kwargs=lambda w: {"slug": w.article.author.slug})],
    "education:search": [Case(logged_in(200))],
    "education:search_api": [Case(logged_in(400))],  # no query: 400 saying what to type
    "education:glossary": [Case(logged_in(200))],
    "education:warning_sign_guide": [Case(logged_in(200))],
    "care:my_page": [Case(logged_in(200))],
    "care:packet": [Case(logged_in(200))],  # each patient's own steps and reading only (tests/test_packet.py)
    "care:steps_calendar": [Case(logged_in(200))],  # each patient's own steps only
    "care:records_fhir": [Case(logged_in(200))],  # each patient's own records only
    "care:reminders_switch": [
        Case(logged_in(405)),
        Case(logged_in(REDIRECT), method="post", data=lambda w: {"email_reminders": "on"}),
    ],
    "care:teach_back": [Case(own_object(200), kwargs=lambda w: {"pk": w.objects["care.assignment"].pk})],
    "care:step_done": [
        Case(own_object(REDIRECT), kwargs=lambda w: {"pk": w.objects["care.patientstep"].pk}, method="post")
    ],
    # A published step found by search: patient A is on its pathway and goes to their own dated step;
    # anyone else logged in reads it with "ask your care team" (issue 31).
    "care:pathway_step": [
        Case(
            logged_in(200, patient_a=REDIRECT),
            kwargs=lambda w: {"pk": w.objects["care.patientstep"].step_id},
        )
    ],
    "care:assignment_finish": [Case(own_object(REDIRECT), kwargs=lambda w: {"pk": w.assignment.pk}, method="post")],
    "care:assignment_question": [
        Case(
            own_object(REDIRECT),
            kwargs=lambda w: {"pk": w.assignment.pk},
            method="post",
            data=lambda w: {"text": "Can I drive after surgery?"},
        )
    ],
    "care:bookmark_article": [
        Case(logged_in(REDIRECT), kwargs=lambda w: {"slug": w.article.slug}, method="post"),
        Case(logged_in(404), kwargs=lambda w: {"slug": w.draft.slug}, method="post"),
    ],
    "care:bookmark_faq": [Case(logged_in(REDIRECT), kwargs=lambda w: {"pk": w.faq.pk}, method="post")],
    # Outcome questionnaires: patient A's pre-op window is open; anyone else's answers do not exist for them.
    "outcomes:start": [
        Case(
            own_object(200),
            kwargs=lambda w: {
                "pathway_pk": w.objects["care.patientpathway"].pk,
                "scheduled_pk": w.objects["outcomes.scheduledinstrument"].pk,
            },
        ),
        # A one-question questionnaire is answered on this screen (issue 31): posted with no answer, 400.
        Case(
            own_object(400),
            method="post",
            kwargs=lambda w: {
                "pathway_pk": w.objects["care.patientpathway"].pk,
                "scheduled_pk": w.objects["outcomes.scheduledinstrument"].pk,
            },
        ),
    ],
    "outcomes:question": [
        Case(own_object(200), kwargs=lambda w: {"pk": w.objects["outcomes.response"].pk, "number": 1})
    ],
    "outcomes:review": [Case(own_object(200), kwargs=lambda w: {"pk": w.objects["outcomes.response"].pk})],
    "language_switch": [Case(answers(405))],  # POST only
    "text_size_switch": [Case(answers(405))],  # POST only; open, so the login page has it too
    "benchmark_floor": [Case(answers(200))],
    "favicon": [Case(answers(REDIRECT))],  # to the static icon, for browsers that ask before reading the page
    "estimates:api": [Case(logged_in(400))],  # no parameters: 400 saying what to choose
    "estimates:good_faith_estimate": [Case(logged_in(400))],
    "estimates:save": [Case(logged_in(REDIRECT), method="post")],  # nothing chosen: back to the form
    "estimates:saved_detail": [Case(own_object(200), kwargs=lambda w: {"pk": w.objects["estimates.savedestimate"].pk})],
    "estimates:saved_delete": [
        Case(own_object(REDIRECT), kwargs=lambda w: {"pk": w.objects["estimates.savedestimate"].pk}, method="post")
    ],
    # A person's own email change (issue 28): anyone logged in asks; a link works only for the account that asked.
    "email_change": [Case(logged_in(200))],
    "email_change_new": [Case(own_object(200), kwargs=email_change_link("new"))],
    "email_change_old": [Case(own_object(200), kwargs=email_change_link("old"))],
    # Caregiver access (issue 32): patient A's grants are A's own; the invitation link is open to
    # anyone holding it, except staff and the patient who sent it.
    "care:caregiver_detail": [Case(own_object(200), kwargs=lambda w: {"pk": w.objects["care.caregivergrant"].pk})],
    "care:caregiver_revoke": [Case(own_object(200), kwargs=lambda w: {"pk": w.objects["care.caregivergrant"].pk})],
    "care:caregiver_renew": [
        Case(own_object(REDIRECT), kwargs=lambda w: {"pk": w.objects["care.caregivergrant"].pk}, method="post")
    ],
    "care:caregiver_accept": [
        Case(answers(200, patient_a=403, **dict.fromkeys(STAFF, 403)), kwargs=lambda w: {"token": MATRIX_TOKEN})
    ],
    # Content insights (issue 34): POST only; posted with nothing, 400 (staff are accepted, not recorded).
    "insights:helpful": [Case(logged_in(405)), Case(logged_in(400), method="post")],
    # After a "no" (issue 35): with no "no" in the session, GET goes home and words are refused.
    "insights:helpful_unclear": [Case(logged_in(REDIRECT)), Case(logged_in(400), method="post")],
    "insights:section_read": [Case(logged_in(405)), Case(logged_in(400), method="post")],
    "insights:search_opened": [Case(logged_in(405)), Case(logged_in(400), method="post")],
}
MATRIX_TOKEN = "matrix-invitation-token"

# What each role may do per model in the admin: v(iew), a(dd), c(hange), d(elete).
# Superusers may do everything unless a line says otherwise; patients nothing.
ADMIN_POLICY: dict[str, dict[str, str]] = {
    "accounts.user": {"reviewer": "vac", "reviewer_other": "vac", "care_team_a": "vac", "care_team_b": "vac"},
    "auth.group": {},
    "audit.auditevent": {"superuser": "v"},  # read-only, for superusers only
    "outbox.reminder": {"superuser": "v"},  # read-only: deleting a sent reminder would send it again
    "axes.accessattempt": {"superuser": "vd"},  # deleting an attempt unlocks the login
    "axes.accesslog": {"superuser": "vd"},
    "axes.accessfailurelog": {"superuser": "vd"},
    "otp_totp.totpdevice": {},
    "otp_static.staticdevice": {},
    # The world's article is published: nobody changes it in place (staff change it through a draft),
    # and only a medical reviewer may delete it.
    "education.article": {"editor": "va", "reviewer": "vad", "superuser": "vad"},
    # Sections and figures change only inside their article's draft.
    "education.section": {"editor": "v", "reviewer": "v", "superuser": "v"},
    "education.figure": {"editor": "v", "reviewer": "v", "superuser": "v"},
    # The world's sign and question belong to the published article: read-only on their own pages;
    # only reviewers add clinic-wide ones.
    "education.warningsign": {"editor": "v", "reviewer": "va", "superuser": "va"},
    "education.faq": {"editor": "v", "reviewer": "va", "superuser": "va"},
    "education.glossaryterm": {"editor": "v", "reviewer": "vacd"},
    "education.searchsynonym": {"editor": "vacd", "reviewer": "vacd"},
    "education.surgeon": {"editor": "v", "reviewer": "vacd"},
    "education.pematrating": {"editor": "v", "reviewer": "vacd"},  # reviewers rate PEMAT; editors read it
    "care.readingplan": {"editor": "vacd", "reviewer": "vacd"},
    "care.assignment": {"reviewer": "vacd"},
    "care.patientquestion": {"reviewer": "vc", "superuser": "vcd"},  # questions come from patients only
    "care.pathwaytemplate": {"editor": "vacd", "reviewer": "vacd"},  # a published one: reviewers change it
    "care.patientpathway": {"reviewer": "vacd"},
    "care.educationrecord": {"reviewer": "v", "superuser": "v"},  # append-only: nobody adds, changes or deletes
    "care.carepreference": {"reviewer": "v", "superuser": "vd"},  # the patient chooses on My page
    "django_tasks_database.dbtaskresult": {"superuser": "v"},  # the task queue, read-only
    # The estimates app (its admin arrives with the estimates branch).
    "estimates.procedure": {"editor": "v", "reviewer": "v", "billing": "vacd"},
    "estimates.feeschedule": {"billing": "vacd"},
    "estimates.fee": {"billing": "vacd"},
    "estimates.savedestimate": {"superuser": "v"},  # patients' own data: read-only, superusers only
    # Outcome questionnaires: reviewers keep and schedule them; patients' answers are read-only (audited).
    "outcomes.instrument": {"reviewer": "vacd"},  # an answered one: read-only for everyone
    "outcomes.item": {"reviewer": "vacd"},
    "outcomes.scheduledinstrument": {"reviewer": "vacd"},
    "care.pathwayprocedure": {"reviewer": "vacd"},
    "outcomes.response": {"reviewer": "v", "superuser": "vd"},  # only the patient answers
    # Care teams (issue 29): superusers make teams and add staff; the team's staff add patients.
    "care.careteam": {"reviewer": "vc"},
    "care.caregivergrant": {"reviewer": "vc", "superuser": "vc"},  # only the patient invites; ended, never deleted
    "insights.helpfulvote": {"reviewer": "v", "superuser": "v"},  # what patients found unclear: read-only, audited
}
# The "Care team" role: the patient-facing work, no content writing.
CARE_TEAM_ROLE = {
    "accounts.user": "vac",
    "education.surgeon": "v",
    "care.readingplan": "v",
    "care.pathwaytemplate": "v",
    "care.assignment": "vacd",
    "care.patientquestion": "vc",
    "care.patientpathway": "vacd",
    "care.educationrecord": "v",
    "care.carepreference": "v",
    "care.pathwayprocedure": "vacd",
    "care.careteam": "vc",
    "care.caregivergrant": "vc",
    "outcomes.instrument": "v",
    "outcomes.scheduledinstrument": "v",
    "outcomes.response": "v",
    "estimates.procedure": "v",
}
for _label, _policy in ADMIN_POLICY.items():
    # A reviewer on no team has a reviewer's permissions; need to know narrows what they reach.
    if "reviewer" in _policy:
        _policy.setdefault("reviewer_other", _policy["reviewer"])
    if _label in CARE_TEAM_ROLE:
        _policy.setdefault("care_team_a", CARE_TEAM_ROLE[_label])
        _policy.setdefault("care_team_b", CARE_TEAM_ROLE[_label])
# The world's objects that are patient A's data (or A's team): out of the other team's reach.
A_DATA = {
    "accounts.user",
    "care.assignment",
    "care.patientquestion",
    "care.patientpathway",
    "care.educationrecord",
    "care.carepreference",
    "care.pathwayprocedure",
    "care.patientstep",
    "care.careteam",
    "outcomes.response",
    "estimates.savedestimate",
    "care.caregivergrant",
}

A_DATA.add("insights.helpfulvote")  # issue 34: a patient's "Was this helpful?" answer

# Reports over patients (who is behind, outcome summary): each staff member who may read patient
# data gets the page, counting only their teams' patients (tests/test_care_team_doors.py).
SEE_OWN_TEAMS = dict.fromkeys(("reviewer", "superuser", "care_team_a", *OUT_OF_TEAM), 200)
NO_CONTENT = dict.fromkeys(("billing", "care_team_a", "care_team_b"), 403)  # staff who see no articles

# Admin URL names that are not per-model, and who reaches them.
ADMIN_PAGES: dict[str, list[Case]] = {
    # Billing's CSV import into a fee schedule: billing and superusers only.
    "admin:estimates_feeschedule_import": [
        Case(
            answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, billing=200, superuser=200),
            kwargs=lambda w: {"pk": w.objects["estimates.feeschedule"].pk},
        )
    ],
    # The care team's "Who is behind before surgery" (and its CSV): whoever may view patients on pathways.
    "admin:care_patientpathway_behind": [
        Case(answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **SEE_OWN_TEAMS))
    ],
    # One patient's education records as FHIR: whoever may view education records.
    "admin:care_educationrecord_fhir": [
        Case(
            answers(
                403,
                anonymous=LOGIN,
                patient_a=ADMIN_LOGIN,
                patient_b=ADMIN_LOGIN,
                reviewer=200,
                superuser=200,
                care_team_a=200,
                **dict.fromkeys(OUT_OF_TEAM, 404),  # patient A is not theirs: not found
            ),
            kwargs=lambda w: {"patient_id": w.users["patient_a"].pk},
        )
    ],
    # Outcomes per surgeon and procedure (and its CSV): whoever may view patients' answers.
    "admin:outcomes_response_summary": [
        Case(answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **SEE_OWN_TEAMS))
    ],
    "admin:index": [Case(answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    # The editorial workflow: the draft form of a published article is for staff who may change articles;
    # restoring a revision is POST only; the review and revisions pages are for staff who may see articles.
    "admin:education_article_draft": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"object_id": w.article.pk},
        )
    ],
    "admin:education_article_review": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"object_id": w.article.pk},
        )
    ],
    "admin:education_article_revisions": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"object_id": w.article.pk},
        )
    ],
    # A revision as patients will read it: staff who may change articles, as the draft form.
    "admin:education_article_revision_preview": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"object_id": w.article.pk, "revision_id": article_revision(w).pk},
        )
    ],
    "admin:education_article_restore": [
        Case(
            answers(405, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN),
            kwargs=lambda w: {"revision_id": 1},
        )
    ],
    "admin:login": [Case(answers(REDIRECT, anonymous=200))],  # patients: to their home page
    "admin:logout": [Case(answers(405, anonymous=LOGIN, patient_a=REDIRECT, patient_b=REDIRECT))],
    "admin:password_change": [Case(answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    "admin:password_change_done": [Case(answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    "admin:jsi18n": [Case(answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    # Without its parameters the autocomplete refuses everyone who gets that far.
    "admin:autocomplete": [Case(answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    "admin:view_on_site": [
        Case(
            answers(REDIRECT, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN),
            kwargs=lambda w: {
                "content_type_id": ContentType.objects.get_for_model(Article).pk,
                "object_id": w.article.pk,
            },
        )
    ],
    "admin:app_list": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, billing=404),
            kwargs=lambda w: {"app_label": "education"},
        ),
        Case(
            answers(404, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, superuser=200),
            kwargs=lambda w: {"app_label": "audit"},
        ),
    ],
    # Setting someone's password in the admin: superusers only (others send an invitation).
    "admin:auth_user_password_change": [
        Case(
            answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, superuser=200),
            kwargs=lambda w: {"id": w.users["patient_a"].pk},
        )
    ],
    # django-otp's device pages: whoever may change devices (superusers).
    "admin:otp_totp_totpdevice_config": [
        Case(
            answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, superuser=200),
            kwargs=lambda w: {"pk": w.objects["otp_totp.totpdevice"].pk},
        )
    ],
    "admin:otp_totp_totpdevice_qrcode": [
        Case(
            answers(403, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, superuser=200),
            kwargs=lambda w: {"pk": w.objects["otp_totp.totpdevice"].pk},
        )
    ],
    # Issue 34: the admin's own language (POST only) and discarding a draft of a published article
    # (a plain draft is not one: 404 for staff who see articles).
    "admin:admin_language": [Case(answers(405, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    "admin:education_article_discard": [
        Case(
            answers(404, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"object_id": w.draft.pk},
        )
    ],
    # Content insights (issue 34): editors and reviewers; writing an answer and the summary switch are POST only.
    "admin:insights_overview": [
        Case(answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT))
    ],
    "admin:insights_article": [
        Case(
            answers(200, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN, **NO_CONTENT),
            kwargs=lambda w: {"article_id": w.article.pk},
        )
    ],
    "admin:insights_write_answer": [Case(answers(405, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))],
    "admin:insights_summary_switch": [
        Case(answers(405, anonymous=LOGIN, patient_a=ADMIN_LOGIN, patient_b=ADMIN_LOGIN))
    ],
}

MODEL_URL = re.compile(
    r"^admin:(?P<app>[a-z0-9_]+?)_(?P<model>[a-z0-9]+)_(?P<action>changelist|add|change|delete|history|simple_history)$"
)


def admin_model_case(name: str) -> Case | None:
    """The expected answers for admin:<app>_<model>_<action>, from ADMIN_POLICY."""
    match = MODEL_URL.match(name)
    if not match:
        return None
    label = f"{match['app']}.{match['model']}"
    models = {model._meta.label_lower for model in admin.site._registry}
    if label not in models:
        return None
    assert label in ADMIN_POLICY, f"The admin shows {label}: add it to ADMIN_POLICY in {__name__}."
    needed = {
        "changelist": "vc",
        "add": "a",
        "change": "vc",
        "delete": "d",
        "history": "vc",
        "simple_history": "vc",
    }  # revert needs "c"
    action = match["action"]

    def status(persona):
        if persona == "anonymous":
            return LOGIN
        if persona.startswith("patient"):
            return ADMIN_LOGIN
        may = ADMIN_POLICY[label].get(persona, "vacd" if persona == "superuser" else "")
        if not set(needed[action]) & set(may):
            return 403
        if persona in OUT_OF_TEAM and label in A_DATA and action not in ("changelist", "add"):
            return 404  # A's record, outside their care teams: it does not exist for them
        return 200

    def kwargs(world):
        obj = world.objects[label]
        if action == "simple_history":
            # An article's questions and signs have no row history (issue 26): a clinic-wide one has.
            obj = world.objects.get(f"{label}#history", obj)
            return (obj.pk, obj.history.order_by("history_id").first().history_id)
        return {"object_id": obj.pk} if action != "changelist" and action != "add" else {}

    return Case({persona: status(persona) for persona in PERSONAS}, kwargs=kwargs)


def named_urls(patterns=None, namespace=None):
    """(name, pattern) for every named URL in the URLconf, namespaces included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            spaced = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_urls(pattern.url_patterns, spaced)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def default_page_case(name: str, pattern) -> Case:
    """A patient-facing page nobody listed: it must need a login and must not fail."""
    assert not pattern.pattern.regex.groups, (
        f"{name} takes parameters (an object id or slug): add it to PAGES in {__name__} "
        "with who may reach which object (another patient's object must be 404)."
    )
    return Case(logged_in(None))  # None: any answer below 500, the same for patients A and B


def cases() -> list[tuple[str, Case]]:
    found = []
    for name, pattern in named_urls():
        if name.startswith("admin:"):
            listed = ADMIN_PAGES.get(name) or ([admin_model_case(name)] if admin_model_case(name) else None)
            assert listed, f"{name} is an admin URL the matrix does not know: add it to ADMIN_PAGES in {__name__}."
        else:
            listed = PAGES.get(name) or [default_page_case(name, pattern)]
        found += [(name, case) for case in listed]
    return found


def build_world(django_user_model) -> World:
    from tests.factories import CareTeamFactory, PatientFactory, UserFactory, team_member

    team_a, team_b = CareTeamFactory(name="A's team"), CareTeamFactory(name="B's team")
    users = {
        "patient_a": PatientFactory(email="patient.a@example.com", care_team=team_a),
        "patient_b": PatientFactory(email="patient.b@example.com", care_team=team_b),
        "editor": UserFactory(role="Editor"),
        "reviewer": team_member(team=team_a, role="Medical reviewer", team_role="surgeon"),
        "billing": UserFactory(role="Billing"),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "care_team_a": team_member(team=team_a, team_role="nurse"),
        "care_team_b": team_member(team=team_b, team_role="coordinator"),
        "reviewer_other": team_member(team=None, role="Medical reviewer"),
        # Caregivers (issue 32): of A, of B, and one whose access to A was revoked.
        "caregiver_a": PatientFactory(email="caregiver.a@example.com"),
        "caregiver_b": PatientFactory(email="caregiver.b@example.com"),
        "revoked_caregiver_a": PatientFactory(email="revoked.a@example.com"),
    }
    article = ArticleFactory(slug="published-one")
    section = SectionFactory(article=article)
    faq = FAQFactory(article=article)
    draft = ArticleFactory(slug="draft-one", status=Article.Status.DRAFT)
    assignment = AssignmentFactory(patient=users["patient_a"], article=article)
    Bookmark.objects.create(patient=users["patient_a"], article=article)
    question = PatientQuestion.objects.create(patient=users["patient_a"], assignment=assignment, text="Is it safe?")
    schedule = FeeSchedule.objects.create(
        name="Medicare",
        year=2026,
        effective_date=date(2026, 1, 1),
        part_b_deductible=Decimal("283.00"),
        is_active=True,
    )
    procedure = Procedure.objects.create(cpt_code="63030", official_name="Discectomy", plain_name="Disc surgery")
    device = TOTPDevice.objects.create(user=users["editor"], name="Old phone", confirmed=True)
    step = PathwayStepFactory(template__name="Before surgery")
    pathway = care_services.pathway_enrol(
        patient=users["patient_a"], template=step.template, surgery_date=date(2026, 12, 21)
    )
    instruments = {instrument.code: instrument for instrument in load_shipped()}
    # A pre-op window wide open whatever today's date is, so patient A always has questionnaires due.
    schedule_standard(template=step.template, instruments=instruments.values(), windows=(("pre_op", 0, 30000, 30000),))
    grants = {
        persona: care_caregivers.grant_accept(
            grant=CaregiverGrant.objects.create(
                patient=users[f"patient_{persona[-1]}"],
                name=persona,
                email=users[persona].email,
                language="en",
                may_tick_steps_and_mark_read=True,
                may_ask_questions=True,
                may_see_estimates=True,
            ),
            caregiver=users[persona],
        )
        for persona in CAREGIVERS
    }
    care_caregivers.grant_revoke(grant=grants["revoked_caregiver_a"], by=users["patient_a"])
    CaregiverGrant.objects.create(  # an invitation not yet accepted, for the link's URL
        patient=users["patient_a"],
        name="Invited",
        email="invited@example.com",
        language="en",
        token_hash=care_caregivers.token_hash(MATRIX_TOKEN),
    )
    objects = {
        "care.caregivergrant": grants["caregiver_a"],
        "accounts.user": users["patient_a"],
        "care.careteam": team_a,
        "auth.group": Group.objects.get(name="Patient"),
        "audit.auditevent": AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_email="a@example.com"),
        "outbox.reminder": Reminder.objects.create(
            purpose=Reminder.Purpose.STEP_DUE,
            recipient=users["patient_a"],
            subject="patientstep:0",
            due_at=timezone.now(),
        ),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="x@example.com", ip_address="10.0.0.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(username="x@example.com", ip_address="10.0.0.1"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(username="x@example.com", ip_address="10.0.0.1"),
        "otp_totp.totpdevice": device,
        "otp_static.staticdevice": StaticDevice.objects.create(user=users["editor"], name="Codes"),
        "education.article": article,
        "education.section": section,
        "education.figure": FigureFactory(article=article),
        "education.warningsign": WarningSignFactory(article=article),
        "education.faq": faq,
        "education.faq#history": FAQFactory(article=None),
        "education.warningsign#history": WarningSignFactory(article=None),
        "education.glossaryterm": GlossaryTermFactory(),
        "education.searchsynonym": SearchSynonym.objects.create(words="stitches, incision"),
        "education.surgeon": article.author,
        "education.pematrating": PematRating.objects.create(article=article, answers={"1": "agree"}),
        "care.readingplan": ReadingPlan.objects.create(name="Before surgery"),
        "care.assignment": assignment,
        "care.patientquestion": question,
        "care.pathwaytemplate": step.template,
        "care.patientpathway": pathway,
        "care.patientstep": pathway.steps.get(),
        "care.carepreference": CarePreference.objects.create(patient=users["patient_a"]),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="portal.care.tasks.send_step_reminder",
            backend_name="default",
            run_after=get_date_max(),  # "as soon as possible", which the development backend understands
        ),
        "care.educationrecord": care_services.teach_back_answer(
            assignment=assignment,
            article=article,
            question=TeachBackQuestionFactory(article=article),
            option="right",
            language="en",
        ),
        "outcomes.instrument": instruments["nrs-back"],  # not answered: editable
        "outcomes.item": instruments["nrs-back"].items.get(),
        "outcomes.scheduledinstrument": ScheduledInstrument.objects.get(
            template=step.template, instrument=instruments["nrs-back"], time_point="pre_op"
        ),
        "care.pathwayprocedure": PathwayProcedure.objects.create(pathway=pathway, procedure=procedure),
        "outcomes.response": Response.objects.create(
            patient=users["patient_a"], pathway=pathway, instrument=instruments["peg"], time_point="pre_op"
        ),
        "estimates.procedure": procedure,
        "insights.helpfulvote": HelpfulVote.objects.create(
            patient=users["patient_a"],
            article=article,
            part="section",
            part_key=section.key,
            helpful=False,
            unclear="A hard word",
            created_at=timezone.now(),
        ),  # fmt: skip
        "estimates.feeschedule": schedule,
        "estimates.fee": Fee.objects.create(
            schedule=schedule, procedure=procedure, medicare_approved=Decimal("1125.30")
        ),
        "estimates.savedestimate": SavedEstimate.objects.create(
            patient=users["patient_a"],
            fee_schedule=schedule,
            coverage="medicare",
            inputs={"procedure": ["63030"]},
            result={"lines": [], "explanation": [], "assumptions": [], "fee_schedule": "Medicare (2026)"},
            total_patient_pays=Decimal("225.06"),
        ),
    }
    return World(users=users, article=article, draft=draft, faq=faq, assignment=assignment, objects=objects)


def _in(obj, url: str) -> bool:
    """Whether `url` addresses `obj` (its id is a path segment of an admin page of its model)."""
    return f"/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/" in url or (
        obj._meta.label_lower == "accounts.user" and f"/{obj.pk}/" in url
    )


def client_for(persona: str, world: World, verified_login) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users.get(persona)
    if persona in STAFF:
        verified_login(client, user)
    elif user is not None:
        client.force_login(user)
    return client


def outcome(response) -> object:
    if response.status_code == 302:
        if response.url.startswith(reverse("login")):
            return LOGIN
        if response.url.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def request(client, name, case, world):
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(name, args=kwargs) if isinstance(kwargs, tuple) else reverse(name, kwargs=kwargs)
    data = case.data(world) if case.data else {}
    return url, outcome(getattr(client, case.method)(url, data))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_named_url_answers_each_persona_as_expected(persona, django_user_model, verified_login):
    world = build_world(django_user_model)
    client = client_for(persona, world, verified_login)
    wrong = []
    totals = MATRIX_TOTALS.setdefault(persona, dict.fromkeys(("requests", "A's data shown", "not found", "leaks"), 0))
    for name, case in cases():
        url, got = request(client, name, case, world)
        expected = case.expect[persona]
        totals["requests"] += 1
        addresses_a = bool(case.kwargs) and A_DATA & {label for label, obj in world.objects.items() if _in(obj, url)}
        if got == 200 and addresses_a:
            totals["A's data shown"] += 1
        totals["not found"] += got == 404
        # A leak: an answer that showed a page where the matrix expects none.
        totals["leaks"] += got == 200 and expected not in (200, None)
        # The default rule for unlisted pages: any answer below 500.
        if expected is None and (not isinstance(got, int) or got < 500):
            continue
        if got != expected and not (expected == LOGIN and got == ADMIN_LOGIN):
            wrong.append(f"{case.method.upper()} {url} ({name}): expected {expected}, got {got}")
    assert totals["leaks"] == 0
    assert wrong == [], f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_unlisted_pages_answer_both_patients_alike(django_user_model, verified_login):
    world = build_world(django_user_model)
    clients = {persona: client_for(persona, world, verified_login) for persona in ("patient_a", "patient_b")}
    unlisted = [(name, case) for name, case in cases() if case.expect["patient_a"] is None]
    for name, case in unlisted:
        assert (
            request(clients["patient_a"], name, case, world)[1] == request(clients["patient_b"], name, case, world)[1]
        )


@pytest.mark.django_db
def test_another_patients_objects_are_404_and_stay_untouched(django_user_model, verified_login):
    world = build_world(django_user_model)
    client = client_for("patient_b", world, verified_login)
    finish = reverse("care:assignment_finish", kwargs={"pk": world.assignment.pk})
    ask = reverse("care:assignment_question", kwargs={"pk": world.assignment.pk})
    assert client.post(finish).status_code == 404
    assert client.post(ask, {"text": "Whose reading is this?"}).status_code == 404
    world.assignment.refresh_from_db()
    assert world.assignment.finished_at is None
    assert list(PatientQuestion.objects.values_list("text", flat=True)) == ["Is it safe?"]
    page = client.get(reverse("care:my_page")).text
    assert world.article.title not in page  # A's assignment and bookmark are not on B's page
    assert Bookmark.objects.filter(patient=world.users["patient_a"]).count() == 1


def test_the_matrix_covers_every_named_url(db):
    names = {name for name, _ in named_urls()}
    covered = {name for name, _ in cases()}
    assert names == covered
    assert len(names) > 100


@pytest.mark.django_db
def test_reviewers_manage_patients_but_not_staff_accounts(django_user_model, verified_login):
    world = build_world(django_user_model)
    client = client_for("reviewer", world, verified_login)
    staff = world.users["superuser"]
    assert client.get(reverse("admin:accounts_user_change", args=[staff.pk])).status_code == 404
    assert client.get(reverse("admin:auth_user_password_change", args=[staff.pk])).status_code == 403
    listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    # Only the patients of the reviewer's care team (patient B is in another team).
    assert {user.email for user in listed} == {"patient.a@example.com"}


def caregiver_expected(persona: str, name: str, case: Case):
    """What a caregiver acting for a patient gets: on the allow-list (care.access), what that patient
    gets; anything else 404. A revoked caregiver gets 404 on everything while the session names A."""
    if name == "healthz":
        return 200  # answered before sessions are read; it holds nothing of anyone's
    if name == "care:caregiver_accept":
        return 200  # an invitation to someone else (open to anyone): the caregiver is not its patient
    if name in open_page_names():
        # Pages anyone may open without logging in (login, password reset, the floor) show nobody's
        # data, so the caregiver check leaves them alone: the caregiver gets what anyone logged in gets.
        return case.expect["patient_a"]
    if name in care_access.ALWAYS_OPEN:
        return case.expect["patient_a"]  # logging out always works
    if persona == "revoked_caregiver_a":
        return 404
    allowed, _scope = care_access.page_allowed(name)
    if not allowed:
        return 404
    return case.expect["patient_a" if persona == "caregiver_a" else "patient_b"]


def open_page_names() -> set[str]:
    """The named URLs whose view is marked as needing no login (`login_required = False`)."""
    return {name for name, pattern in named_urls() if not getattr(pattern.callback, "login_required", True)}


def caregiver_client(persona: str, world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[persona])
    return client


def act_for(client, patient) -> None:
    """Name the patient in the session, as the switch button does (again before each request, so a
    refused revoked caregiver is refused on every URL, not only the first)."""
    session = client.session
    session[care_access.ACTING_FOR] = patient.pk
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", CAREGIVERS)
def test_caregivers_reach_only_their_patients_allowed_pages(persona, django_user_model):
    world = build_world(django_user_model)
    client = caregiver_client(persona, world)
    patient = world.users["patient_b" if persona == "caregiver_b" else "patient_a"]
    wrong = []
    for name, case in cases():
        act_for(client, patient)
        url, got = request(client, name, case, world)
        expected = caregiver_expected(persona, name, case)
        if expected is None and (not isinstance(got, int) or got < 500):
            continue
        if got != expected and not (expected == LOGIN and got == ADMIN_LOGIN):
            wrong.append(f"{case.method.upper()} {url} ({name}): expected {expected}, got {got}")
    assert wrong == [], f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caregiver_b", "revoked_caregiver_a"])
def test_no_caregiver_but_as_own_sees_or_changes_anything_of_patient_a(persona, django_user_model):
    world = build_world(django_user_model)
    client = caregiver_client(persona, world)
    act_for(client, world.users["patient_a"])  # even with A named in the session
    assert client.get(reverse("care:my_page")).status_code == 404
    page = client.get(reverse("care:my_page")).text
    assert world.article.title not in page
    for name in ("care:assignment_finish", "care:assignment_question"):
        act_for(client, world.users["patient_a"])
        assert client.post(reverse(name, kwargs={"pk": world.assignment.pk}), {"text": "Hi?"}).status_code == 404
    world.assignment.refresh_from_db()
    assert world.assignment.finished_at is None
    assert list(PatientQuestion.objects.values_list("text", flat=True)) == ["Is it safe?"]
