"""The shape of an instrument file, as a pydantic schema: which fields, of which type, are required.

`validate_instrument` (outcomes.services) checks a file against it, then the rules that relate one
field to another (a known scoring rule, Spanish text when "es" is listed, no code used twice).
Errors name the field as `items[2].options[1].value: must be a whole number.`
"""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator, Strict, ValidationError
from pydantic_core import PydanticCustomError


def _not_empty(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "must not be empty")
    return value


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number", "must be a whole number or float")
    return value


Text = Annotated[str, Strict(), AfterValidator(_not_empty)]
Number = Annotated[int | float, PlainValidator(_number)]
WholeNumber = Annotated[int, Strict()]
YesNo = Annotated[bool, Strict()]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class OptionSchema(_Schema):
    value: WholeNumber
    label: Text
    label_es: Text | None = None


class ItemSchema(_Schema):
    code: Text
    text: Text
    text_es: Text | None = None
    reversed: YesNo | None = None
    options: list[OptionSchema]


class InstrumentSchema(_Schema):
    code: Text
    name: Text
    name_es: Text | None = None
    short_name: Text
    short_name_es: Text | None = None
    licence_note: Text
    languages: list
    score_min: Number
    score_max: Number
    direction: Text
    mcid_absolute: Number | None = None
    mcid_percent: Number | None = None
    mcid_baseline: Number | None = None
    scoring_rule: Text
    max_missing: WholeNumber | None = None
    items: list[ItemSchema]


MESSAGES = {
    "missing": "this field is required",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "dict_type": "must be an object",
}


def first_error(error: ValidationError) -> str:
    """The first problem, as `where: what.`; `where` is the field's path (`items[2].text`)."""
    problem = error.errors(include_url=False)[0]
    where = ""
    for part in problem["loc"]:
        if isinstance(part, int):
            where += f"[{part}]"
        elif part in ("int", "float", "str", "bool", "function-plain[_number()]", "function-after[_not_empty(), str]"):
            continue  # the branch of a union pydantic tried, not a field
        else:
            where += f".{part}" if where else part
    return f"{where}: {MESSAGES.get(problem['type'], problem['msg'])}."


def instrument_shape(data: dict) -> dict:
    """The file's fields, typed, with the optional ones filled in; raises ValueError naming the field."""
    try:
        clean = InstrumentSchema.model_validate(data).model_dump()
    except ValidationError as error:
        raise ValueError(first_error(error)) from None
    defaults = {"name_es": "", "short_name_es": "", "max_missing": 0}
    clean.update({key: value for key, value in defaults.items() if clean[key] is None})
    for item in clean["items"]:
        item["text_es"] = item["text_es"] or ""
        item["reversed"] = bool(item["reversed"])
        for option in item["options"]:
            option["label_es"] = option["label_es"] or ""
    return clean
