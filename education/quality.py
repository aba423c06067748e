"""The checks a careful medical editor makes before an article is published.

Pure functions: an article's text goes in as plain data (`ArticleText`), with the
glossary's words and the fee schedule's procedure names, and a `QualityReport`
comes out. No database here; `education.selectors.article_quality_report` builds
the input from an `Article`'s rows or from a revision's snapshot.

The checks warn a reviewer; only a red flag holds publishing, until a medical reviewer
writes why it may go ahead (`education.services.publish_check_red_flags`).

- Reading level: the grade of each part (Flesch-Kincaid in English, Crawford in
  Spanish, as `education.readability`), and every sentence over 20 words.
- Unexplained terms: medical words (our curated list plus the glossary's names)
  whose first use is neither in the glossary nor explained in the same sentence.
- Red-flag triage: symptoms that usually need emergency care, listed under
  "call the clinic".
- Procedure names: a CPT code whose name in the text points to another part of
  the spine or another operation than the fee schedule's name for it.
- PEMAT-P: AHRQ's checklist for printable material, in our own words, scored
  from a reviewer's answers.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.functional import Promise, lazy
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from education.markdown import markdown_to_text
from education.readability import TARGET_GRADE, reading_grade

StrOrPromise = str | Promise

LONG_SENTENCE_WORDS = 20
PEMAT_TARGET = 70

EMERGENCY = "emergency"
CALL_CLINIC = "call_clinic"


# ---------------------------------------------------------------- the input


@dataclass(frozen=True)
class SectionText:
    kind: str
    heading: str
    body: str


@dataclass(frozen=True)
class FigureText:
    caption: str
    description: str = ""


@dataclass(frozen=True)
class WarningSignText:
    urgency: str  # "emergency" or "call_clinic"
    text: str
    group: str = ""


@dataclass(frozen=True)
class FAQText:
    question: str
    answer: str


@dataclass(frozen=True)
class ArticleText:
    title: str
    language: str
    summary: str = ""
    sections: tuple[SectionText, ...] = ()
    figures: tuple[FigureText, ...] = ()
    warning_signs: tuple[WarningSignText, ...] = ()
    faqs: tuple[FAQText, ...] = ()


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class PartGrade:
    where: StrOrPromise  # a heading of the article, or one of our labels translated when shown
    grade: Decimal | None
    long_sentences: tuple[str, ...] = ()

    @property
    def above_target(self) -> bool:
        return self.grade is not None and self.grade > TARGET_GRADE


@dataclass(frozen=True)
class UnexplainedTerm:
    term: str
    where: StrOrPromise  # a heading of the article, or one of our labels translated when shown
    sentence: str
    language: str

    @property
    def add_to_glossary_url(self) -> str:
        """The admin's add form for a glossary term, with the word and language filled in."""
        from django.urls import reverse

        term = self.term[:1].upper() + self.term[1:]
        query = urlencode({"term": term, "slug": slugify(term), "language": self.language})
        return f"{reverse('admin:education_glossaryterm_add')}?{query}"


@dataclass(frozen=True)
class RedFlag:
    sign: str
    symptom: StrOrPromise  # a label from RED_FLAGS, translated when shown


@dataclass(frozen=True)
class ProcedureName:
    cpt: str
    name_in_text: str
    schedule_name: str
    where: StrOrPromise  # a heading of the article, or one of our labels translated when shown

    @property
    def is_missing(self) -> bool:
        return not self.schedule_name


@dataclass
class QualityReport:
    language: str
    grades: list[PartGrade] = field(default_factory=list)
    unexplained_terms: list[UnexplainedTerm] = field(default_factory=list)
    red_flags: list[RedFlag] = field(default_factory=list)
    procedure_names: list[ProcedureName] = field(default_factory=list)

    @property
    def grades_above_target(self) -> list[PartGrade]:
        return [part for part in self.grades if part.above_target]

    @property
    def long_sentence_count(self) -> int:
        return sum(len(part.long_sentences) for part in self.grades)

    @property
    def warning_count(self) -> int:
        """Parts above grade 8, unexplained terms, red flags and procedure names. Long sentences are
        listed under their part as help to fix a grade, not counted on their own."""
        return (
            len(self.grades_above_target)
            + len(self.unexplained_terms)
            + len(self.red_flags)
            + len(self.procedure_names)
        )


# ---------------------------------------------------------------- reading level

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_WORD = re.compile(r"[\w’'-]+")


def sentences(text: str) -> list[str]:
    """Plain sentences of Markdown text: each list item and sub-heading ends one."""
    found = []
    for line in (text or "").splitlines():
        line = markdown_to_text(line).strip()
        found += [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]
    return found


def word_count(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def part_grade(where: StrOrPromise, text: str, language: str) -> PartGrade:
    long = tuple(s for s in sentences(text) if word_count(s) > LONG_SENTENCE_WORDS)
    return PartGrade(where=where, grade=reading_grade(text, language), long_sentences=long)


def reading_level(article: ArticleText) -> list[PartGrade]:
    """One grade per part a patient reads: summary, sections, figures, warning signs, FAQs."""
    language = article.language
    parts = _text_parts(article)
    for urgency, label in (
        (CALL_CLINIC, _("Warning signs: call the clinic")),
        (EMERGENCY, _("Warning signs: emergency")),
    ):
        signs = [_sign_text(sign) for sign in article.warning_signs if sign.urgency == urgency]
        if signs:
            parts.append((label, "\n".join(signs)))
    if article.faqs:
        faq_text = "\n".join(f"{faq.question}\n{faq.answer}" for faq in article.faqs)
        parts.append((_("Questions and answers"), faq_text))
    return [part_grade(where, text, language) for where, text in parts if text and text.strip()]


def _text_parts(article: ArticleText) -> list[tuple[StrOrPromise, str]]:
    """(where, text) of the summary, the sections and the figures, in reading order."""
    parts = [(_("Summary at the top"), article.summary)]
    parts += [(section.heading or section.kind, section.body) for section in article.sections]
    parts += [(_figure_where(figure), _join(figure)) for figure in article.figures]
    return parts


# Translated when shown, in the reader's language, not when the report is made.
_figure_label = lazy(lambda caption: gettext("Figure: %(caption)s") % {"caption": caption}, str)


def _figure_where(figure: FigureText) -> StrOrPromise:
    return _figure_label(Truncator(figure.caption).chars(60))


def _join(figure: FigureText) -> str:
    return "\n".join(t for t in (figure.caption, figure.description) if t)


def _sign_text(sign: WarningSignText) -> str:
    return f"{sign.group}: {sign.text}" if sign.group else sign.text


# ---------------------------------------------------------------- unexplained terms

# Medical words a patient may not know. The glossary's own names are added at run time.
# fmt: off
MEDICAL_TERMS = {
    "en": (
        "ALIF", "anesthesiologist", "anterior", "arthroscopic", "augmented reality", "bone graft",
        "cage", "cannulated", "cardiac arrest", "cerebrospinal fluid", "corticosteroid", "CT", "CT scan",
        "decompression", "degenerative disc disease", "discectomy", "dura", "endoscope", "endoscopic",
        "epidural", "facet joint", "fluoroscopy", "foramen", "fusion", "graft", "hematoma", "hemorrhage",
        "herniated disc", "interbody", "kyphosis", "lamina", "laminectomy", "laminotomy", "ligament",
        "metastasis", "MI-LLIF", "MI-TLIF", "microdiscectomy", "microscopic", "MRI", "myelopathy",
        "navigation", "neuropathy", "nucleoplasty", "obstructive sleep apnea", "OLIF",
        "osteoarthritis", "osteoporosis", "paralysis", "pedicle", "percutaneous",
        "peripheral neuropathy", "posterior", "posterolateral", "radiculopathy", "retractor", "sciatica",
        "scoliosis", "sepsis", "sleep apnea", "spinal deformity", "spinal fusion",
        "spinal stenosis", "spondylolisthesis", "stenosis", "thrombosis", "TLIF",
        "transforaminal", "tubular", "vertebra", "vertebrae", "XLIF",
    ),
    "es": (
        "ALIF", "anestesia", "anestesiólogo", "anterior", "apnea del sueño", "apnea obstructiva del sueño",
        "artroscopia", "canulado", "canulada", "cerclaje", "corticoesteroide", "descompresión", "discectomía",
        "duramadre", "endoscópica", "endoscopio", "espondilolistesis", "estenosis",
        "estenosis espinal", "fluoroscopia", "foramen", "fusión", "fusión espinal", "hematoma", "hemorragia",
        "hernia de disco", "injerto", "injerto de hueso", "injerto óseo", "intersomática", "laminectomía",
        "laminotomía", "ligamento", "líquido cefalorraquídeo", "metástasis", "MI-LLIF",
        "MI-TLIF", "microdiscectomía", "microscópica", "neuropatía", "neuropatía periférica", "nucleoplastia",
        "OLIF", "osteoartritis", "osteoporosis", "parálisis", "pedículo", "percutánea", "posterior",
        "posterolateral", "realidad aumentada", "resonancia magnética", "ciática", "sepsis",
        "tomografía", "TLIF", "transforaminal", "trombosis", "tubular", "vértebra", "XLIF",
    ),
}
# fmt: on

# The term is explained when its sentence says what it is right next to it.
_EXPLAINED_AFTER = {
    "en": re.compile(
        r"^\s*(?:\(|,\s*(?:which|that is|or)\b|\s[–—]\s|\s+(?:is|are)\s+(?:a|an|the)\b|\s+means?\b)", re.I
    ),
    "es": re.compile(
        r"^\s*(?:\(|,\s*(?:que|o sea)\b|\s[–—]\s|\s+(?:es|son)\s+(?:un|una|el|la|los|las)\b|\s+significa\b"
        r"|\s+quiere decir\b)",
        re.I,
    ),
}
_EXPLAINED_BEFORE = {
    "en": re.compile(r"\b(?:called|named|known as)\s+(?:(?:a|an|the)\s+)?$", re.I),
    "es": re.compile(
        r"\b(?:llamad[oa]s?|se llaman?|conocid[oa]s? como|lo que se llama)\s+(?:(?:un|una|el|la|los|las)\s+)?$", re.I
    ),
}


def _fold(text: str) -> str:
    """Lower case without accents, so 'Fusión' and 'fusion' compare equal."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def _forms(term: str) -> set[str]:
    """The term folded, with and without a plural ending on each word: 'spine bones' also reads as
    'spine bone', and 'injertos de hueso' as 'injerto de hueso'."""
    forms = {""}
    for word in _fold(term.strip()).split():
        endings = {word} | {word[: -len(end)] for end in ("s", "es") if word.endswith(end) and len(word) > 4}
        forms = {f"{form} {ending}".strip() for form in forms for ending in endings}
    return forms


def _term_patterns(terms: Iterable[str]) -> list[re.Pattern]:
    """Acronyms match in capitals only ('CT', not 'ct'); words in any case, with a plural ending."""
    acronyms = sorted({t for t in terms if t.isupper() or "-" in t and t.replace("-", "").isupper()}, key=len)
    words = sorted({t.lower() for t in terms} - {a.lower() for a in acronyms}, key=len, reverse=True)
    patterns = []
    if words:
        # A plural ending may follow any word: 'bone grafts', 'injertos de hueso'.
        alternatives = "|".join(r"(?:e?s)?\s+".join(re.escape(part) for part in w.split()) for w in words)
        patterns.append(re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])", re.I))
    if acronyms:
        alternatives = "|".join(re.escape(a) for a in reversed(acronyms))
        patterns.append(re.compile(rf"(?<![\w-])(?:{alternatives})s?(?![\w-])"))
    return patterns


def _in_parentheses(sentence: str, start: int) -> bool:
    before = sentence[:start]
    return before.count("(") > before.count(")")


def is_explained(sentence: str, start: int, end: int, language: str) -> bool:
    """The sentence explains the word at [start:end]: a bracket right after it, the word in brackets
    after plain words, 'called X', 'X is a …', 'X, which …'."""
    after = _EXPLAINED_AFTER.get(language, _EXPLAINED_AFTER["en"])
    before = _EXPLAINED_BEFORE.get(language, _EXPLAINED_BEFORE["en"])
    return bool(_in_parentheses(sentence, start) or after.match(sentence[end:]) or before.search(sentence[:start]))


def _reading_order(article: ArticleText) -> list[tuple[StrOrPromise, str]]:
    parts = _text_parts(article)
    # A question names a term and its answer explains it, so the answer is read first.
    parts += [(_("Questions and answers"), f"{faq.answer}\n{faq.question}") for faq in article.faqs]
    parts += [(_("Warning signs"), _sign_text(sign)) for sign in article.warning_signs]
    return parts


def unexplained_terms(article: ArticleText, glossary_names: Iterable[str]) -> list[UnexplainedTerm]:
    """Medical words whose first use is neither in the glossary nor explained in its sentence."""
    language = article.language
    terms = [*MEDICAL_TERMS.get(language, ()), *(name for name in glossary_names if name.strip())]
    patterns = _term_patterns(terms)
    seen: set[str] = set().union(*(_forms(name) for name in glossary_names if name.strip()))
    found = []
    for where, text in _reading_order(article):
        for sentence in sentences(text):
            if _CPT_NAMED.search(sentence) or _CPT_SPANISH_NAMED.search(sentence):
                continue  # a billing name, checked against the fee schedule instead
            matches = sorted(
                (m for pattern in patterns for m in pattern.finditer(sentence)), key=lambda m: (m.start(), -m.end())
            )
            covered_to = -1
            for match in matches:
                if match.start() < covered_to:
                    continue  # inside a longer term already read ("disc" in "herniated disc")
                covered_to = match.end()
                forms = _forms(match.group(0))
                if forms & seen:
                    continue
                seen |= forms
                if not is_explained(sentence, match.start(), match.end(), language):
                    found.append(
                        UnexplainedTerm(term=match.group(0), where=where, sentence=sentence, language=language)
                    )
    return found


# ---------------------------------------------------------------- red-flag triage


@dataclass(frozen=True)
class RedFlagRule:
    label: str
    patterns: dict[str, re.Pattern]


def _any(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


# Symptoms that usually need the emergency room, not a call to the clinic. Matched on folded text
# (lower case, no accents).
RED_FLAGS = (
    RedFlagRule(
        _("numbness in the groin, genitals or saddle area"),
        {
            "en": _any(
                r"numb\w*\b[^.;]*\b(genital|groin|saddle|buttock|inner thigh|private part)",
                r"(genital|groin|saddle|buttock|inner thigh|private part)\w*[^.;]*\bnumb",
            ),
            "es": _any(
                r"(entumec|adormec|insensib)\w*[^.;]*\b"
                r"(genital|ingle|entrepierna|silla de montar|nalga|partes intimas)",
                r"(genital|ingle|entrepierna|silla de montar|nalga|partes intimas)\w*[^.;]*\b(entumec|adormec)",
            ),
        },
    ),
    RedFlagRule(
        _("new loss of bladder or bowel control, or trouble passing urine"),
        {
            "en": _any(
                r"\b(loss of|lose|losing|can[’']?t control|cannot control|trouble controlling|no control of)\b"
                r"[^.;]*\b(bladder|bowel|urine|stool)",
                r"\b(trouble|problems?|difficulty|unable|can[’']?t|cannot|not able)\b[^.;]{0,12}"
                r"\b(pass(ing)? urine|urinat\w*|pee\w*)",
                r"\burinary retention\b",
                r"\b(wet|soil)(ing)? yourself\b",
            ),
            "es": _any(
                r"\b(perdida|perder|pierde)\b[^.;]{0,20}\bcontrol\b[^.;]*\b(vejiga|intestino|orina|heces)",
                r"\bno (poder|puede) controlar\b[^.;]*\b(vejiga|intestino|orina|heces)",
                r"\b(problemas?|dificultad|no (poder|puede))\b[^.;]{0,12}\b(para )?orinar",
                r"\bretencion (de orina|urinaria)\b",
            ),
        },
    ),
    RedFlagRule(
        _("new, worsening or sudden weakness, foot drop or paralysis"),
        {
            "en": _any(
                r"\b(sudden|suddenly|new|newly|worse|worsening|increasing|more)\b[^.;]*\b(weak\w*|paraly\w*)",
                r"\bweak\w*\b[^.;]*\b(new|worse|worsening|getting worse|sudden|suddenly|spreading)\b",
                r"\b(leg|legs|knee|knees)\b[^.;]*\b(give way|gives way|giving way|buckl\w*)",
                r"\b(foot|feet) drop\b",
                r"\bdrop foot\b",
                r"\bparaly[sz]\w*",
            ),
            "es": _any(
                r"\b(debilidad|debil|paralisis)\b[^.;]*\b(repentina|de repente|subita|nueva|empeora\w*|peor|mas)\b",
                r"\b(de repente|repentina|subita|nueva|mas)\b[^.;]*\b(debilidad|debil|paralisis)\b",
                r"\bpies? caidos?\b",
                r"\bparalisis\b",
            ),
        },
    ),
    RedFlagRule(
        _("not being able to move the fingers, toes, arms or legs"),
        {
            "en": _any(
                r"\b(not being able to|not able to|unable to|can[’']?t|cannot|inability to)\b[^.;]{0,20}"
                r"\bmove\b[^.;]*\b(finger|toe|hand|feet|foot|leg|arm)"
            ),
            "es": _any(
                r"\b(no poder|no puede|incapacidad de|incapaz de)\b[^.;]{0,20}\bmover\b[^.;]*"
                r"\b(dedos|manos?|pies?|piernas?|brazos?)\b"
            ),
        },
    ),
    RedFlagRule(
        _("fingers or toes that turn pale, blue or very cold"),
        {
            "en": _any(
                r"\b(finger|toe|hand|foot|feet)s?\b[^.;]*\b(pale|blue|white|cold)\b",
                r"\b(pale|blue|white|cold)\b[^.;]*\b(finger|toe)s?\b",
            ),
            "es": _any(
                r"\b(dedos|manos?|pies?)\b[^.;]*\b(palid|azul|blanc|fri)\w*",
                r"\b(palid|azul|blanc|fri)\w*\b[^.;]*\bdedos\b",
            ),
        },
    ),
    RedFlagRule(
        _("coughing up blood"),
        {
            "en": _any(r"\bcough\w*( up)? blood\b", r"\bblood\w* (cough|sputum|phlegm)"),
            "es": _any(r"\btos con sangre\b", r"\btoser sangre\b", r"\bescupir sangre\b"),
        },
    ),
    RedFlagRule(
        _("chest pain"),
        {
            "en": _any(r"\bchest (pain|pressure|tightness)", r"\btight chest\b", r"\bpain in (the|your) chest\b"),
            "es": _any(
                r"\bdolor[^.;]{0,25}\b(en el|de) pecho\b", r"\bpresion[^.;]{0,15}\ben el pecho\b", r"\bpecho apretado\b"
            ),
        },
    ),
    RedFlagRule(
        _("trouble breathing"),
        {
            "en": _any(
                r"\b(trouble|difficulty|hard|problems?)\b[^.;]{0,10}\bbreath",
                r"\bshort(ness)? of breath\b",
                r"\bcan[’']?t breathe\b",
            ),
            "es": _any(
                r"\b(dificultad|problemas?) para respirar\b", r"\bfalta de aire\b", r"\bno (poder|puede) respirar\b"
            ),
        },
    ),
    RedFlagRule(
        _("confusion"),
        {"en": _any(r"\bconfus(ed|ion)\b"), "es": _any(r"\bconfusion\b", r"\bconfundid[oa]\b")},
    ),
    RedFlagRule(
        _("signs of a stroke"),
        {
            "en": _any(
                r"\bstroke\b",
                r"\b(face|facial) droop",
                r"\bslurred speech\b",
                r"\btrouble (speaking|talking)\b",
                r"\bone side of (the|your) (body|face)\b",
            ),
            "es": _any(
                r"\bderrame cerebral\b",
                r"\baccidente cerebrovascular\b",
                r"\bcara caida\b",
                r"\b(problemas|dificultad) para hablar\b",
                r"\bun lado del (cuerpo|rostro|la cara)\b",
            ),
        },
    ),
)


# A sentence that itself sends the patient to 911 or the emergency room ("If you also have chest pain,
# call 911.") is not an emergency sign placed under a lesser urgency.
_SENDS_TO_EMERGENCY = re.compile(r"\b911\b|\bemergency room\b|\bsala de emergencias?\b|\burgencias\b", re.I)


def red_flags(article: ArticleText) -> list[RedFlag]:
    """Call-the-clinic signs that name a symptom which usually needs emergency care."""
    return warning_sign_red_flags(article.warning_signs, language=article.language)


def warning_sign_red_flags(signs: Iterable[WarningSignText], *, language: str) -> list[RedFlag]:
    """`red_flags` for any warning signs: an article's, or the clinic-wide ones."""
    found = []
    for sign in signs:
        if sign.urgency != CALL_CLINIC:
            continue
        kept = [part for part in sentences(_sign_text(sign)) if not _SENDS_TO_EMERGENCY.search(part)]
        text = _fold(" ".join(kept))
        for rule in RED_FLAGS:
            pattern = rule.patterns.get(language, rule.patterns["en"])
            if pattern.search(text):
                found.append(RedFlag(sign=_sign_text(sign), symptom=rule.label))
    return found


# ---------------------------------------------------------------- procedure names

_CPT_NAMED = re.compile(r"\bCPT(?:\s+(?:code|c[oó]digo))?\s*(\d{5})\s*[–—-]\s*([^:$\n]+)", re.I)
_CPT_SPANISH_NAMED = re.compile(r"\bC[oó]digo\s+CPT\s*(\d{5})\s*[–—-]\s*([^:$\n]+)", re.I)
_CPT_AFTER_NAME = re.compile(r"([^.,;:()\n]{3,80})\(\s*CPT\s*(?:code\s*)?(\d{5})\s*\)", re.I)

# Words that place an operation on the spine, and words that say what it does; English and Spanish
# name the same thing, so a Spanish text compares with an English schedule.
_REGIONS = {
    "cervical": ("cervical", "neck", "cuello"),
    "thoracic": ("thoracic", "mid-back", "middle back", "toracic", "dorsal", "espalda media"),
    "lumbar": ("lumbar", "lower back", "low back", "espalda baja", "parte baja de la espalda"),
    "sacral": ("sacral", "sacrum", "sacro"),
}
_OPERATIONS = {
    "discectomy": ("discectom", "disquectom", "disc removal", "excision of herniated", "extirpacion de disco"),
    "laminectomy": ("laminectom", "laminotom", "hemilaminectom"),
    "fusion": ("fusion", "arthrodesis", "artrodesis"),
    "decompression": ("decompress", "descompres", "nucleoplast"),
}


def _concepts(name: str, vocabulary: Mapping[str, tuple[str, ...]]) -> set[str]:
    folded = _fold(name)
    return {concept for concept, words in vocabulary.items() if any(w in folded for w in words)}


def names_disagree(name_in_text: str, schedule_name: str) -> bool:
    """Two names of one CPT code disagree when they put it in different parts of the spine, or
    name different operations. Plain rewording ('lumbar discectomy' for 'Lumbar Discectomy
    (Tubular)') is no disagreement."""
    for vocabulary in (_REGIONS, _OPERATIONS):
        ours, theirs = _concepts(name_in_text, vocabulary), _concepts(schedule_name, vocabulary)
        if ours and theirs and not ours & theirs:
            return True
    return False


def cpt_mentions(text: str) -> list[tuple[str, str]]:
    """(code, the name the text gives it) for 'CPT 63030 – Name' lines and 'a name (CPT 63030)'."""
    found = [(m.group(1), m.group(2).strip()) for m in _CPT_NAMED.finditer(text)]
    found += [(m.group(1), m.group(2).strip()) for m in _CPT_SPANISH_NAMED.finditer(text)]
    found += [(m.group(2), m.group(1).strip()) for m in _CPT_AFTER_NAME.finditer(text)]
    return found


def procedure_names(article: ArticleText, schedule_names: Mapping[str, str]) -> list[ProcedureName]:
    """CPT codes the text names differently from the fee schedule (or that the schedule lacks)."""
    if not schedule_names:
        return []  # no active schedule to compare with
    found, seen = [], set()
    for where, text in _reading_order(article):
        for cpt, name in cpt_mentions(text):
            schedule_name = schedule_names.get(cpt, "")
            if (cpt, name) in seen or (schedule_name and not names_disagree(name, schedule_name)):
                continue
            seen.add((cpt, name))
            found.append(ProcedureName(cpt=cpt, name_in_text=name, schedule_name=schedule_name, where=where))
    return found


# ---------------------------------------------------------------- the whole report


def article_check(
    article: ArticleText, *, glossary_names: Iterable[str] = (), schedule_names: Mapping[str, str] | None = None
) -> QualityReport:
    glossary_names = list(glossary_names)
    return QualityReport(
        language=article.language,
        grades=reading_level(article),
        unexplained_terms=unexplained_terms(article, glossary_names),
        red_flags=red_flags(article),
        procedure_names=procedure_names(article, schedule_names or {}),
    )


# ---------------------------------------------------------------- PEMAT-P


@dataclass(frozen=True)
class PematItem:
    number: int  # AHRQ's item number
    domain: str  # "understandability" or "actionability"
    text: str
    allows_not_applicable: bool = False


UNDERSTANDABILITY = "understandability"
ACTIONABILITY = "actionability"
AGREE, DISAGREE, NOT_APPLICABLE = "agree", "disagree", "na"

# AHRQ's Patient Education Materials Assessment Tool for printable material (PEMAT-P, 2013, updated
# 2014): its 17 understandability and 7 actionability items, in our own words. The numbers are the
# tool's (items 13 and 14 are for audio and video only).
PEMAT_ITEMS = (
    PematItem(1, UNDERSTANDABILITY, _("A reader can tell right away what the material is for.")),
    PematItem(2, UNDERSTANDABILITY, _("Nothing in it pulls the reader away from that purpose.")),
    PematItem(3, UNDERSTANDABILITY, _("It uses common, everyday words.")),
    PematItem(4, UNDERSTANDABILITY, _("Medical words appear only to teach them, and each one is explained.")),
    PematItem(5, UNDERSTANDABILITY, _("Most sentences are in the active voice.")),
    PematItem(6, UNDERSTANDABILITY, _("Its numbers are clear and easy to follow (no numbers: not applicable)."), True),
    PematItem(7, UNDERSTANDABILITY, _("The reader does not have to do any arithmetic.")),
    PematItem(
        8, UNDERSTANDABILITY, _("The text is broken into short parts (very short material: not applicable)."), True
    ),
    PematItem(
        9,
        UNDERSTANDABILITY,
        _("Each part has a heading that says what it is about (very short: not applicable)."),
        True,
    ),
    PematItem(10, UNDERSTANDABILITY, _("The parts come in an order that makes sense.")),
    PematItem(11, UNDERSTANDABILITY, _("It ends with a summary (very short material: not applicable)."), True),
    PematItem(12, UNDERSTANDABILITY, _("Lists, boxes, bold type or similar cues point to the key facts.")),
    PematItem(15, UNDERSTANDABILITY, _("It uses pictures wherever they would make the content easier to understand.")),
    PematItem(
        16,
        UNDERSTANDABILITY,
        _("Its pictures support the text rather than distract (no pictures: not applicable)."),
        True,
    ),
    PematItem(
        17, UNDERSTANDABILITY, _("Each picture has a clear title or caption (no pictures: not applicable)."), True
    ),
    PematItem(
        18,
        UNDERSTANDABILITY,
        _("Its drawings and photos are clear and not crowded (no pictures: not applicable)."),
        True,
    ),
    PematItem(
        19, UNDERSTANDABILITY, _("Its tables are simple, with short, clear headings (no tables: not applicable)."), True
    ),
    PematItem(20, ACTIONABILITY, _("It names at least one thing the reader can do.")),
    PematItem(21, ACTIONABILITY, _("It speaks to the reader directly (“you”) when it describes what to do.")),
    PematItem(22, ACTIONABILITY, _("It breaks each action into small, clear steps.")),
    PematItem(23, ACTIONABILITY, _("It gives a practical tool, such as a checklist, wherever one would help.")),
    PematItem(
        24, ACTIONABILITY, _("It shows how to do any calculation it asks for (none asked: not applicable)."), True
    ),
    PematItem(
        25,
        ACTIONABILITY,
        _("It explains how to use its charts, tables or diagrams to act (none: not applicable)."),
        True,
    ),
    PematItem(26, ACTIONABILITY, _("It uses pictures wherever they would make the steps easier to follow.")),
)


def pemat_score(answers: Mapping[int, str], domain: str) -> int | None:
    """AHRQ's score: items agreed with, as a whole percentage of the items that apply (half up).
    None when no item of the domain applies."""
    items = [item for item in PEMAT_ITEMS if item.domain == domain]
    rated = [answers.get(item.number) for item in items if answers.get(item.number) in (AGREE, DISAGREE)]
    if not rated:
        return None
    return int((Decimal(100 * rated.count(AGREE)) / len(rated)).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


def pemat_scores(answers: Mapping[int, str]) -> tuple[int | None, int | None]:
    """(understandability %, actionability %)."""
    return pemat_score(answers, UNDERSTANDABILITY), pemat_score(answers, ACTIONABILITY)


def pemat_below_target(score: int | None) -> bool:
    return score is not None and score < PEMAT_TARGET
