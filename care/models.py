"""The patient's journey: what the care team gave a patient to read, what they saved and asked.

These models moved here from `education/` (which holds the content only). Their tables
keep their old names, so the move changed no data.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from education.models import FAQ, Article, Surgeon, TeachBackQuestion
from portal.choices import Language

# A step is “due now” from its date for this many days, then overdue.
OVERDUE_AFTER_DAYS = 2


class ReadingPlan(models.Model):
    """A named, ordered list of articles the care team hands to patients."""

    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. “Before your lumbar fusion”."))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "education_readingplan"  # moved from education/ with its data
        verbose_name = _("reading plan")
        verbose_name_plural = _("reading plans")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReadingPlanItem(models.Model):
    plan = models.ForeignKey(ReadingPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    # Deleting an article in a plan is refused (the admin names the plans): take it off the portal instead.
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+", verbose_name=_("article"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "education_readingplanitem"  # moved from education/ with its data
        verbose_name = _("article in plan")
        verbose_name_plural = _("articles in plan")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "article"], name="article_once_per_plan")]

    def __str__(self):
        return f"{self.plan}: {self.article}"


class Assignment(models.Model):
    """An article the care team asked one patient to read. Protected health information."""

    class Due(models.TextChoices):
        ANYTIME = "", _("Any time")
        BEFORE_SURGERY = "before_surgery", _("Before surgery")
        AFTER_SURGERY = "after_surgery", _("After surgery")

    class State(models.TextChoices):
        NEW = "new", _("New")
        OPENED = "opened", _("Opened")
        FINISHED = "finished", _("Finished")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("patient")
    )
    # Nothing cascades into patient records (issue 28): an assigned article cannot be deleted.
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("article")
    )
    plan = models.ForeignKey(
        ReadingPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("from plan"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    due = models.CharField(_("when to read it"), max_length=20, choices=Due.choices, blank=True)
    due_date = models.DateField(_("read by"), null=True, blank=True)
    note = models.TextField(_("note from the care team"), blank=True)
    note_language = models.CharField(
        _("language of the note"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language the note is written in, so screen readers read it in the right voice."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    understood_at = models.DateTimeField(
        _("understood"),
        null=True,
        blank=True,
        help_text=_("When every teach-back question of the article had been answered right once."),
    )
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked read by"),
        help_text=_("Empty when the patient did it; a caregiver's account when they did it for the patient."),
    )

    history = HistoricalRecords(table_name="education_historicalassignment")

    class Meta:
        db_table = "education_assignment"  # moved from education/ with its data
        verbose_name = _("assigned article")
        verbose_name_plural = _("assigned articles")
        ordering = ["order", "assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["patient", "article"], name="article_assigned_once")]

    def __str__(self):
        return f"{self.article} → {self.patient}"

    @property
    def state(self) -> str:
        if self.finished_at:
            return self.State.FINISHED
        if self.opened_at:
            return self.State.OPENED
        return self.State.NEW

    def get_state_display(self) -> str:
        return self.State(self.state).label


class Bookmark(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("patient")
    )
    # Deleted content leaves the bookmark with its title (issue 28); My page shows only live ones.
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("article")
    )
    faq = models.ForeignKey(
        FAQ, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("FAQ")
    )
    title = models.CharField(_("title"), max_length=300, blank=True, help_text=_("What was saved, as it was titled."))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        db_table = "education_bookmark"  # moved from education/ with its data
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at"]
        constraints = [
            # At most one thing; none once the thing was deleted (the title stays).
            models.CheckConstraint(
                condition=~models.Q(article__isnull=False, faq__isnull=False),
                name="bookmark_at_most_one_thing",
            ),
            models.UniqueConstraint(fields=["patient", "article"], name="bookmark_article_once"),
            models.UniqueConstraint(fields=["patient", "faq"], name="bookmark_faq_once"),
        ]

    def __str__(self):
        return str(self.article or self.faq or self.title)

    def save(self, *args, **kwargs):
        if not self.title and (self.article_id or self.faq_id):
            self.title = str(self.article or self.faq)[:300]
        super().save(*args, **kwargs)


class PatientQuestion(models.Model):
    """ "I have a question about this": stored for the care team."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions", verbose_name=_("patient")
    )
    # Deleting the assignment keeps the question, with the article's title (issue 28).
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("assigned article"),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True, help_text=_("The article's title at the time."))
    text = models.TextField(_("question"))
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered = models.BooleanField(_("answered"), default=False, help_text=_("Tick once the care team has replied."))
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("Empty when the patient did it; a caregiver's account when they did it for the patient."),
    )

    class Meta:
        db_table = "education_patientquestion"  # moved from education/ with its data
        verbose_name = _("patient question")
        verbose_name_plural = _("patient questions")
        ordering = ["answered", "-created_at"]

    def __str__(self):
        return self.text[:60]


class CareTeam(models.Model):
    """The people who care for a group of patients (issue 29). Staff see patient data only for their teams."""

    name = models.CharField(_("name"), max_length=150, unique=True, help_text=_("e.g. “Dr. Vaksha's spine team”."))
    surgeon = models.ForeignKey(
        Surgeon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_teams",
        verbose_name=_("surgeon"),
        help_text=_("The surgeon patients of this team see on their page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("care team")
        verbose_name_plural = _("care teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CareTeamStaff(models.Model):
    """A staff member of a care team. Only superusers add them."""

    class Role(models.TextChoices):
        SURGEON = "surgeon", _("Surgeon")
        NURSE = "nurse", _("Nurse")
        COORDINATOR = "coordinator", _("Coordinator")
        MEDICAL_ASSISTANT = "medical_assistant", _("Medical assistant")

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="staff", verbose_name=_("care team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="care_team_memberships",
        verbose_name=_("staff member"),
    )
    role = models.CharField(_("role on the team"), max_length=20, choices=Role.choices, default=Role.NURSE)

    class Meta:
        verbose_name = _("care team staff member")
        verbose_name_plural = _("care team staff")
        ordering = ["team", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="staff_once_per_team")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class CareTeamPatient(models.Model):
    """A patient of a care team. A patient may be in several teams. Protected health information."""

    # A team with patients is not deleted from under them (issue 28): take them off it first.
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="patients", verbose_name=_("care team"))
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_teams", verbose_name=_("patient")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("patient of a care team")
        verbose_name_plural = _("patients of care teams")
        ordering = ["team", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "patient"], name="patient_once_per_team")]

    def __str__(self):
        return f"{self.team}: {self.patient}"


# Pathways: dated steps counted from the surgery date ------------------------------------------


class PathwayTemplate(models.Model):
    """A clinic's standard steps around an operation, reviewed like content before use."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. “Minimally invasive spine surgery”."))
    name_es = models.CharField(_("name in Spanish"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    reviewed_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering = ["name"]
        permissions = [("publish_pathwaytemplate", _("Can publish pathways (medical review)"))]

    def __str__(self):
        return self.name

    def name_in(self, language: str) -> str:
        return self.name_es if language == "es" and self.name_es else self.name


class PathwayStep(models.Model):
    """One step of a pathway, placed a number of days before (negative) or after the surgery."""

    class Kind(models.TextChoices):
        READ = "read", _("Article to read")
        TASK = "task", _("Task to tick")
        CHECK = "check", _("Check what you understood")

    template = models.ForeignKey(
        PathwayTemplate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    days_from_surgery = models.IntegerField(
        _("days from surgery"), help_text=_("Negative before the surgery: −14 is two weeks before; 0 is the day.")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("Plain words, e.g. “Arrange a ride home”."))
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    instructions = models.TextField(_("what to do"), blank=True)
    instructions_es = models.TextField(_("what to do, in Spanish"), blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
        help_text=_("For an article to read or a check: the English article (readers get their language)."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        ordering = ["days_from_surgery", "order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind in (self.Kind.READ, self.Kind.CHECK) and not self.article_id:
            raise ValidationError({"article": _("Choose the article for this step.")})
        if self.kind == self.Kind.TASK and self.article_id:
            raise ValidationError({"article": _("A task has no article. Choose “Article to read” instead.")})

    def title_in(self, language: str) -> str:
        return self.title_es if language == "es" and self.title_es else self.title

    def instructions_in(self, language: str) -> str:
        return self.instructions_es if language == "es" and self.instructions_es else self.instructions


class PatientPathway(models.Model):
    """A patient on a pathway, dated from their planned surgery. Protected health information."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathways", verbose_name=_("patient")
    )
    template = models.ForeignKey(
        PathwayTemplate, on_delete=models.PROTECT, related_name="patients", verbose_name=_("pathway")
    )
    surgery_date = models.DateField(_("planned surgery date"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("patient on a pathway")
        verbose_name_plural = _("patients on pathways")
        ordering = ["surgery_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["patient", "template"], name="pathway_once_per_patient")]

    def __str__(self):
        return f"{self.template} → {self.patient}"


class PatientStep(models.Model):
    """One dated step of one patient's pathway."""

    class State(models.TextChoices):
        DONE = "done", _("Done")
        OVERDUE = "overdue", _("Overdue")
        DUE = "due", _("Due now")
        COMING = "coming", _("Coming up")

    # A patient's steps record what they did: neither their enrolment nor the pathway's step
    # can be deleted from under them (issue 28); the admin names what holds it.
    pathway = models.ForeignKey(
        PatientPathway, on_delete=models.PROTECT, related_name="steps", verbose_name=_("patient's pathway")
    )
    step = models.ForeignKey(PathwayStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    due_date = models.DateField(_("due"), db_index=True)
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("assigned article"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
        help_text=_("Empty when the patient did it; a caregiver's account when they did it for the patient."),
    )

    class Meta:
        verbose_name = _("patient's step")
        verbose_name_plural = _("patient's steps")
        ordering = ["due_date", "step__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["pathway", "step"], name="step_once_per_patient_pathway")]

    def __str__(self):
        return f"{self.due_date}: {self.step}"

    def state_on(self, today) -> str:
        if self.done_at:
            return self.State.DONE
        if today > self.due_date + timedelta(days=OVERDUE_AFTER_DAYS):
            return self.State.OVERDUE
        if today >= self.due_date:
            return self.State.DUE
        return self.State.COMING


class EducationRecord(models.Model):
    """One teach-back answer or question: who was taught what, when, in which language, how,
    and the response. Append-only; exported to the hospital's record as FHIR."""

    class Method(models.TextChoices):
        PORTAL = "portal", _("Patient portal (reading and questions)")

    class Response(models.TextChoices):
        UNDERSTOOD = "understood", _("Understood")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        ASKED_QUESTION = "asked_question", _("Asked a question")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="education_records", verbose_name=_("patient")
    )
    # The record keeps its topic and question text, so it outlives the assignment (issue 28).
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("assigned article"),
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("article read")
    )
    topic = models.CharField(_("topic"), max_length=200, help_text=_("The article's title at the time."))
    question = models.ForeignKey(
        TeachBackQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    question_text = models.CharField(_("question asked"), max_length=300, blank=True)
    answer_text = models.TextField(_("patient's answer"), blank=True)
    # The option by its stable key, and the published revision the patient read it in: an option's
    # history stays one when its wording is edited (counted by key, not by text).
    option_key = models.CharField(_("answer option key"), max_length=64, blank=True, db_index=True)
    revision = models.ForeignKey(
        "education.ArticleRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article revision"),
    )
    language = models.CharField(_("language"), max_length=8)
    method = models.CharField(_("how it was taught"), max_length=20, choices=Method.choices, default=Method.PORTAL)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("education record")
        verbose_name_plural = _("education records")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.topic}: {self.get_response_display()}"


class CarePreference(models.Model):
    """A patient's own choices about the portal's messages. No row means the defaults."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_preference", verbose_name=_("patient")
    )
    email_reminders = models.BooleanField(
        _("email reminders"), default=True, help_text=_("An email when a step is due and when it is overdue.")
    )

    class Meta:
        verbose_name = _("patient's message choices")
        verbose_name_plural = _("patients' message choices")
        ordering = ["patient"]

    def __str__(self):
        return str(self.patient)


class PathwayProcedure(models.Model):
    """The operation (CPT) a patient's pathway is for: the calculator suggests it and outcomes are grouped by it.

    A care fact, so it lives here (moved from outcomes in issue 25; the table kept its name). The
    procedure is named by string so care imports nothing from estimates."""

    pathway = models.OneToOneField(
        PatientPathway, on_delete=models.PROTECT, related_name="procedure_link", verbose_name=_("patient on a pathway")
    )
    procedure = models.ForeignKey(
        "estimates.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )

    class Meta:
        verbose_name = _("procedure of a pathway")
        verbose_name_plural = _("procedures of pathways")
        ordering = ["pathway"]
        db_table = "outcomes_pathwayprocedure"

    def __str__(self):
        return f"{self.pathway} · {self.procedure.cpt_code}"


# Caregivers: a family member the patient lets help (issue 32) ------------------------------------


class CaregiverGrantQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Accepted, not revoked, not expired, both accounts on: the grants a caregiver may act on now."""
        now = now or timezone.now()
        return self.filter(
            caregiver__isnull=False,
            caregiver__is_active=True,
            patient__is_active=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )

    def pending(self, *, now=None):
        """Invitations not yet accepted, still within their time, not withdrawn."""
        now = now or timezone.now()
        return self.filter(
            caregiver__isnull=True,
            revoked_at__isnull=True,
            created_at__gt=now - timedelta(days=CaregiverGrant.INVITATION_DAYS),
        )


class CaregiverGrant(models.Model):
    """A patient lets a family member or caregiver see their page and, if chosen, help with it.

    The invitation link carries a random token; only its SHA-256 is stored. The grant lasts
    12 months from acceptance (or renewal); revoking ends it at the caregiver's next request.
    Protected health information."""

    INVITATION_DAYS = 14
    VALID_DAYS = 365
    REMIND_DAYS_BEFORE = 30

    class Scope(models.TextChoices):
        TICK = "tick", _("Tick steps done and mark articles read")
        ASK = "ask", _("Send questions to the care team")
        ESTIMATES = "estimates", _("See saved cost estimates")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caregiver_grants", verbose_name=_("patient")
    )
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="caregiving_grants",
        verbose_name=_("caregiver's account"),
        help_text=_("Empty until the caregiver accepts the invitation."),
    )
    name = models.CharField(_("caregiver's name"), max_length=150)
    email = models.EmailField(_("caregiver's email address"))
    language = models.CharField(_("language of the invitation"), max_length=8, choices=Language.choices)
    token_hash = models.CharField(_("invitation token (hashed)"), max_length=64, blank=True, db_index=True)
    may_tick_steps_and_mark_read = models.BooleanField(_("may tick steps done and mark articles read"), default=False)
    may_ask_questions = models.BooleanField(_("may send questions to the care team"), default=False)
    may_see_estimates = models.BooleanField(_("may see saved cost estimates"), default=False)
    send_reminders_to_caregiver = models.BooleanField(_("reminders also go to the caregiver"), default=False)
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    expires_at = models.DateTimeField(_("ends"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ended early"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    revoke_reason = models.TextField(_("why it was ended"), blank=True)

    objects = CaregiverGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("caregiver access")
        verbose_name_plural = _("caregiver access")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} → {self.patient}"

    SCOPE_FIELDS = {
        Scope.TICK: "may_tick_steps_and_mark_read",
        Scope.ASK: "may_ask_questions",
        Scope.ESTIMATES: "may_see_estimates",
    }

    def allows(self, scope: str | None) -> bool:
        return scope is None or bool(getattr(self, self.SCOPE_FIELDS[scope]))

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.caregiver_id and self.revoked_at is None and self.expires_at is not None and self.expires_at > now
        )

    @property
    def status(self) -> str:
        if self.revoked_at:
            return _("Ended")
        if self.caregiver_id is None:
            return _("Invited, not accepted yet")
        if self.expires_at and self.expires_at <= timezone.now():
            return _("Expired")
        return _("Active")
