"""Read an article written in the clinic's plain-text page layout (or Markdown).

`parse_article` is pure: text in, a `ParsedArticle` out, no database. The
layout is described in README.md ("Importing articles"). Malformed input
raises `ImportFormatError` naming the line; safe repairs are listed in
`ParsedArticle.repairs`.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from education.models import Section, WarningSign

MAX_BYTES = 1_000_000
Kind = Section.Kind

# Clinical names the clinic puts in brackets after a heading.
BRACKETED_KINDS = {
    "epidemiology": Kind.EPIDEMIOLOGY,
    "etiology and pathophysiology": Kind.CAUSES,
    "etiology": Kind.CAUSES,
    "pathophysiology": Kind.CAUSES,
    "relevant anatomy": Kind.ANATOMY,
    "anatomy": Kind.ANATOMY,
    "clinical presentation": Kind.SYMPTOMS,
    "diagnosis and imaging": Kind.DIAGNOSIS,
    "diagnosis": Kind.DIAGNOSIS,
    "differential diagnosis": Kind.DIFFERENTIAL,
    "complications": Kind.COMPLICATIONS,
    "risk factors": Kind.RISK_FACTORS,
    "prognosis": Kind.PROGNOSIS,
    "specialists and team involved": Kind.CARE_TEAM,
    "classification": Kind.CLASSIFICATION,
}

# Block markers: not sections of their own.
TREATMENT, FAQ_QA, FAQ_LINES, WARN_CLINIC, WARN_EMERGENCY = "treatment", "faq_qa", "faq_lines", "clinic", "emergency"

# Plain headings of the clinic's standard page, compared without case and punctuation.
PLAIN_HEADINGS = {
    "overview": Kind.OVERVIEW,
    "classification": Kind.CLASSIFICATION,
    "treatment options": TREATMENT,
    "non surgical care": Kind.NON_SURGICAL,
    "nonsurgical care": Kind.NON_SURGICAL,
    "surgical care": Kind.SURGICAL,
    "recovery and what to expect after treatment": Kind.RECOVERY,
    "out of pocket costs": Kind.COSTS,
    "costs": Kind.COSTS,
    "example": Kind.EXAMPLE,
    "frequently asked questions": FAQ_QA,
    "frequently asked questions faq": FAQ_QA,
    "summary and takeaway": Kind.SUMMARY,
    "summary": Kind.SUMMARY,
    "when to see a specialist": WARN_CLINIC,
    "when to go to the emergency room": WARN_EMERGENCY,
    "what recovery really looks like": Kind.RECOVERY,
    "what happens if you ignore it": Kind.PROGNOSIS,
    "how to prevent it": Kind.PREVENTION,
    "nutrition and bone or joint health": Kind.NUTRITION,
    "activity and lifestyle modifications": Kind.ACTIVITY,
    "do you have more questions": FAQ_LINES,
}
# The same page in Spanish (the clinic's Spanish template), compared without accents.
SPANISH_BRACKETED = {
    "epidemiologia": Kind.EPIDEMIOLOGY,
    "etiologia y fisiopatologia": Kind.CAUSES,
    "anatomia": Kind.ANATOMY,
    "anatomia relevante": Kind.ANATOMY,
    "presentacion clinica": Kind.SYMPTOMS,
    "diagnostico e imagenes": Kind.DIAGNOSIS,
    "diagnostico diferencial": Kind.DIFFERENTIAL,
    "complicaciones": Kind.COMPLICATIONS,
    "factores de riesgo": Kind.RISK_FACTORS,
    "pronostico": Kind.PROGNOSIS,
    "especialistas y equipo": Kind.CARE_TEAM,
}
SPANISH_HEADINGS = {
    "resumen general": Kind.OVERVIEW,
    "clasificacion": Kind.CLASSIFICATION,
    "opciones de tratamiento": TREATMENT,
    "tratamiento sin cirugia": Kind.NON_SURGICAL,
    "tratamiento con cirugia": Kind.SURGICAL,
    "recuperacion y que esperar despues del tratamiento": Kind.RECOVERY,
    "costos de bolsillo": Kind.COSTS,
    "ejemplo": Kind.EXAMPLE,
    "preguntas frecuentes": FAQ_QA,
    "resumen": Kind.SUMMARY,
    "cuando ver a un especialista": WARN_CLINIC,
    "cuando ir a la sala de emergencias": WARN_EMERGENCY,
    "como es realmente la recuperacion": Kind.RECOVERY,
    "que pasa si lo ignora": Kind.PROGNOSIS,
    "como prevenirlo": Kind.PREVENTION,
    "nutricion y salud de huesos y articulaciones": Kind.NUTRITION,
    "actividad y cambios en el estilo de vida": Kind.ACTIVITY,
    "tiene mas preguntas": FAQ_LINES,
}
HEADINGS_BY_LANGUAGE = {"en": ({}, {}), "es": (SPANISH_BRACKETED, SPANISH_HEADINGS)}

# Markdown pages may simply name the type: "## Symptoms", "## Risk factors".
for _kind in Kind:
    PLAIN_HEADINGS.setdefault(_kind.value.replace("_", " "), _kind)
PLAIN_HEADINGS.update({"symptom": Kind.SYMPTOMS, "cause": Kind.CAUSES, "treatment": TREATMENT})
TREATMENT_SUBSECTIONS = {Kind.NON_SURGICAL, Kind.SURGICAL}

# "Código CPT" on the clinic's Spanish pages.
CPT_LINE = re.compile(
    r"^(?:CPT Code|Código CPT) (?P<cpt>\d{5})\s*[–—-]\s*(?P<name>.+?):\s*\$(?P<amount>\d{1,3}(?:,\d{3})*\.\d{2})$"
)
BULLET = re.compile(r"^\s*(?:[-•*])\s+")
GROUP_LABEL = re.compile(r"^(?P<group>(?:Suspected|Sospecha de) [^:]{2,60}):\s*(?P<text>.+)$", re.IGNORECASE)
QUESTION_PREFIX = re.compile(r"^[QP][.:]\s*")  # "Q." in English, "P." (pregunta) in Spanish
ANSWER_PREFIX = re.compile(r"^[AR][.:]\s*")  # "A." in English, "R." (respuesta) in Spanish
AUTHOR_LINE = re.compile(r"^(?:Dr\.?|Doctor)\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}$")


class ImportFormatError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class ParsedSection:
    kind: str
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class ParsedFigure:
    caption: str
    description: str = ""
    section_index: int | None = None


@dataclass
class ParsedFAQ:
    question: str
    answer: str = ""
    line: int = 0


@dataclass
class ParsedWarningSign:
    urgency: str
    group: str
    text: str


@dataclass
class ParsedProcedure:
    cpt: str
    name: str
    amount: Decimal


@dataclass
class ParsedArticle:
    title: str
    slug: str
    summary: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    faqs: list[ParsedFAQ] = field(default_factory=list)
    warning_signs: list[ParsedWarningSign] = field(default_factory=list)
    procedures: list[ParsedProcedure] = field(default_factory=list)
    author: str = ""
    author_bio: str = ""
    repairs: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "slug": self.slug,
            "sections": [{"type": s.kind, "heading": s.heading} for s in self.sections],
            "faqs": [{"question": f.question, "answer": f.answer} for f in self.faqs],
            "figures": [{"caption": f.caption} for f in self.figures],
            "warning_signs": [asdict(w) for w in self.warning_signs],
            "procedures": [{"cpt": p.cpt, "name": p.name, "amount": str(p.amount)} for p in self.procedures],
            "author": self.author,
            "repairs": self.repairs,
        }


def decode_upload(data: bytes) -> str:
    """Bytes of an uploaded or read file to text, refusing what is not a text page."""
    if len(data) > MAX_BYTES:
        raise ImportFormatError(
            0, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,} (1 MB). Remove pasted images or split it."
        )
    if b"\x00" in data:
        raise ImportFormatError(0, "this is a binary file, not a text page. Save the page as plain text (UTF-8).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFormatError(line, "the file is not UTF-8 text. Save it as plain text in UTF-8.") from None


def _normalize(heading: str) -> str:
    """Lower case, without accents or punctuation: "¿Cuándo ir…?" -> "cuando ir…"."""
    plain = unicodedata.normalize("NFKD", heading.lower().replace("’", "'"))
    plain = "".join(character for character in plain if not unicodedata.combining(character))
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", plain).split())


def classify_heading(line: str, language: str = "en"):
    """The section kind or block marker of a heading line, or None."""
    text = line.strip().lstrip("#").strip()
    if not text or len(text) > 90 or text.endswith((".", ",", ";", ":")):
        return None
    bracketed, plain = HEADINGS_BY_LANGUAGE.get(language, ({}, {}))
    bracket = re.search(r"\(([^()]+)\)\s*$", text)
    if bracket:
        named = _normalize(bracket.group(1))
        kind = bracketed.get(named) or BRACKETED_KINDS.get(named)
        if kind:
            return kind
        if named == "faq":
            return FAQ_QA
    normalized = _normalize(text)
    return plain.get(normalized) or PLAIN_HEADINGS.get(normalized)


def is_subheading(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 60 and len(text.split()) <= 8 and not re.search(r"[.:;,!?\\]$", text)


def repair_self_paste(text: str, min_overlap: int = 20) -> str | None:
    """Undo a passage pasted into the middle of itself.

    The export has "…play a role in determi" + the whole passage + "ing
    eligibility.": the start of the text restarts part-way through, and the
    end of the first copy trails after the second. Returns the whole passage
    once, or None when the text shows no such paste.
    """
    if len(text) > 10_000:
        return None
    for restart in range(min_overlap, len(text) // 2 + 1):
        inner = text[restart:]
        if not inner.startswith(text[:restart]):
            continue
        for tail_length in range(len(inner) // 2, 0, -1):  # the longest trailing duplicate first
            whole, tail = inner[:-tail_length], inner[-tail_length:]
            if whole.endswith(tail):
                return whole
        return inner
    return None


class _Parser:
    def __init__(self, text: str, language: str = "en"):
        self.language = language
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.article: ParsedArticle | None = None
        self.block = None  # current block marker or section kind
        self.section: ParsedSection | None = None
        self.faq: ParsedFAQ | None = None
        self.after_blank = False
        self.pending_figure: ParsedFigure | None = None
        self.markdown = False

    def parse(self) -> ParsedArticle:
        numbered = [(number, line.rstrip()) for number, line in enumerate(self.lines, start=1)]
        body = [(n, line) for n, line in numbered if line.strip()]
        if not body:
            raise ImportFormatError(1, "the file is empty. Put the article's title on the first line.")
        first_number, title = body[0]
        # In Markdown a blank line only separates paragraphs: no captions or author block.
        self.markdown = title.startswith("# ")
        title = title.lstrip("#").strip()
        if not title or len(title) > 200 or classify_heading(title, self.language):
            raise ImportFormatError(
                first_number, "the first line must be the article's title (200 characters or fewer)."
            )
        self.article = ParsedArticle(title=title, slug=slugify(title)[:200])
        summary: list[str] = []
        index = numbered.index((first_number, body[0][1])) + 1
        for number, line in numbered[index:]:
            self._line(number, line, summary)
        self._close_faq()  # the last FAQ block may run to the end of the file
        if not self.article.sections:
            raise ImportFormatError(
                first_number + 1,
                "no section headings were found. Put each heading on its own line, e.g. "
                "“Possible Risks or Side Effects (Complications)” or “## Overview”.",
            )
        self.article.summary = " ".join(summary).strip()
        return self.article

    # One line at a time ---------------------------------------------------
    def _line(self, number: int, line: str, summary: list[str]) -> None:
        text = line.strip()
        if not text:
            self.after_blank = not self.markdown
            return
        after_blank, self.after_blank = self.after_blank, False
        kind = classify_heading(text, self.language)
        if kind is None and text.startswith("## "):
            kind = Kind.OTHER
        if kind is not None:
            self.pending_figure = None
            self._start(kind, text.lstrip("#").strip(), number)
            return
        if self.block == "author":
            self.article.author_bio = f"{self.article.author_bio} {text}".strip()
            return
        if after_blank and self.block is not None:
            if AUTHOR_LINE.match(text):
                self._close_faq()
                self.block, self.article.author = "author", text
                return
            self.pending_figure = ParsedFigure(caption=text, section_index=self._section_index())
            self.article.figures.append(self.pending_figure)
            return
        if self.pending_figure is not None and not self.pending_figure.description and not BULLET.match(text):
            self.pending_figure.description = text
            self.pending_figure = None
            return
        self.pending_figure = None
        if self.block is None:
            summary.append(text)
        elif self.block in (WARN_CLINIC, WARN_EMERGENCY):
            self._warning_line(number, text)
        elif self.block == FAQ_QA:
            self._faq_qa_line(number, text)
        elif self.block == FAQ_LINES:
            self._faq_lines_line(number, text)
        elif self.block == TREATMENT and self.section is None:
            # Text right under "Treatment Options": a sub-heading starts a section of its own.
            self._start(Kind.OTHER, text if is_subheading(text) else "", number)
            if not is_subheading(text):
                self._section_line(number, text)
        else:
            self._section_line(number, text)

    def _start(self, kind, heading: str, number: int) -> None:
        self._close_faq()
        if kind in (TREATMENT, FAQ_QA, FAQ_LINES, WARN_CLINIC, WARN_EMERGENCY):
            self.block, self.section = kind, None
            return
        heading = re.sub(r"\s*\([^()]*\)\s*$", "", heading).strip() if kind != Kind.OTHER else heading
        self.section = ParsedSection(kind=kind, heading=heading or str(Section.Kind(kind).label))
        self.article.sections.append(self.section)
        if not (self.block == TREATMENT and kind in TREATMENT_SUBSECTIONS):
            self.block = kind

    def _section_index(self) -> int | None:
        return len(self.article.sections) - 1 if self.article.sections else None

    def _section_line(self, number: int, text: str) -> None:
        if self.section is None:  # text after the FAQ or warning lists ends those lists
            self._start(Kind.OTHER, "", number)
        text = self._strip_backslashes(number, text)
        cpt = CPT_LINE.match(text)
        if cpt:
            amount = Decimal(cpt["amount"].replace(",", ""))
            self.article.procedures.append(ParsedProcedure(cpt["cpt"], cpt["name"].strip(), amount))
            self._append(f"- CPT {cpt['cpt']} – {cpt['name'].strip()}: ${cpt['amount']}", list_item=True)
        elif text.startswith(("CPT Code", "Código CPT")):
            raise ImportFormatError(number, "a cost line must read “CPT Code 12345 – Procedure name: $123.45”.")
        elif BULLET.match(text):
            self._append("- " + BULLET.sub("", text), list_item=True)
        elif text.startswith("### ") or is_subheading(text):
            self._append("### " + text.lstrip("#").strip(), list_item=False)
        else:
            self._append(text, list_item=False)

    def _append(self, markdown_line: str, *, list_item: bool) -> None:
        lines = self.section.lines
        previous_is_item = bool(lines) and lines[-1].startswith("- ")
        if lines and not (list_item and previous_is_item):
            lines.append("")  # a blank line between paragraphs, headings and lists
        lines.append(markdown_line)

    def _strip_backslashes(self, number: int, text: str) -> str:
        stripped = re.sub(r"^([-•*]\s+)?\\+", r"\1", text).rstrip("\\").rstrip()
        if stripped != text:
            self.article.repairs.append(f"line {number}: removed a stray backslash")
        return stripped

    def _warning_line(self, number: int, text: str) -> None:
        text = self._strip_backslashes(number, text)
        items = [BULLET.sub("", text).strip()]
        if " - " in items[0]:
            items = [part.strip() for part in items[0].split(" - ") if part.strip()]
            self.article.repairs.append(f"line {number}: split {len(items)} warning signs joined on one line")
        urgency = WarningSign.Urgency.EMERGENCY if self.block == WARN_EMERGENCY else WarningSign.Urgency.CALL_CLINIC
        for item in items:
            grouped = GROUP_LABEL.match(item)
            group, sign = (grouped["group"], grouped["text"]) if grouped else ("", item)
            group = group[:1].upper() + group[1:].lower() if group else ""
            sign = sign[:1].upper() + sign[1:]
            self.article.warning_signs.append(ParsedWarningSign(urgency=str(urgency), group=group, text=sign))

    def _faq_qa_line(self, number: int, text: str) -> None:
        if QUESTION_PREFIX.match(text):
            self._close_faq()
            self.faq = ParsedFAQ(question=QUESTION_PREFIX.sub("", text), line=number)
        elif self.faq is None:
            raise ImportFormatError(number, "an answer comes before its question. Start each pair with “Q. ”.")
        else:
            answer = ANSWER_PREFIX.sub("", text)
            self.faq.answer = f"{self.faq.answer} {answer}".strip()

    def _faq_lines_line(self, number: int, text: str) -> None:
        if text.endswith("?") and (self.faq is None or self.faq.answer):
            self._close_faq()
            self.faq = ParsedFAQ(question=text, line=number)
        elif self.faq is None:
            raise ImportFormatError(number, "this answer has no question before it. Put the question on its own line.")
        else:
            self.faq.answer = f"{self.faq.answer} {text}".strip()

    def _close_faq(self) -> None:
        if self.faq is None:
            return
        faq, self.faq = self.faq, None
        if not faq.answer:
            raise ImportFormatError(
                faq.line, f"the question “{faq.question[:80]}” has no answer. Write the answer on the next line."
            )
        repaired = repair_self_paste(faq.answer)
        if repaired:
            self.article.repairs.append(f"line {faq.line}: repaired an answer pasted into itself (“{faq.question}”)")
            faq.answer = repaired
        self.article.faqs.append(faq)


def parse_article(text: str, language: str = "en") -> ParsedArticle:
    return _Parser(text, language).parse()
