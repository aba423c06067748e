"""`manage.py load_instrument PATH`: loads a valid file, refuses a malformed one naming the field."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from outcomes.models import Instrument, Response
from tests.outcome_helpers import odi_like_data

SHIPPED = Path(__file__).resolve().parent.parent / "outcomes" / "instruments"


def write(tmp_path, data) -> str:
    path = tmp_path / "instrument.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["nrs-back.json", "nrs-leg.json", "peg.json"])
def test_it_loads_each_shipped_instrument(db, name):
    call_command("load_instrument", str(SHIPPED / name))
    instrument = Instrument.objects.get(code=name.removesuffix(".json"))
    # The 0–10 ratings have Spanish wording (issue 31); the PEG has no published Spanish version.
    assert instrument.languages == (["en"] if name == "peg.json" else ["en", "es"])
    assert instrument.mcid_baseline == 4
    assert all(item.options.count() == 11 for item in instrument.items.all())


def test_it_loads_an_odi_shaped_instrument_with_spanish(db, tmp_path):
    call_command("load_instrument", write(tmp_path, odi_like_data()))
    instrument = Instrument.objects.get(code="made-up-odi")
    assert instrument.items.count() == 10
    assert instrument.items.first().text_in("es").startswith("Pregunta")


def test_loading_again_replaces_an_unanswered_instrument(db, tmp_path):
    data = odi_like_data()
    call_command("load_instrument", write(tmp_path, data))
    data["items"] = data["items"][:4]
    data["max_missing"] = 1
    call_command("load_instrument", write(tmp_path, data))
    assert Instrument.objects.get(code="made-up-odi").items.count() == 4


def test_it_refuses_to_change_an_answered_instrument(db, tmp_path, patient):
    from tests.outcome_helpers import enrol_with_schedule

    pathway, _ = enrol_with_schedule(patient)
    instrument = Instrument.objects.get(code="nrs-leg")
    Response.objects.create(patient=patient, pathway=pathway, instrument=instrument, time_point="pre_op")
    with pytest.raises(CommandError, match="patients have answered"):
        call_command("load_instrument", str(SHIPPED / "nrs-leg.json"))


def broken(change):
    data = odi_like_data()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "one JSON object"),
        (broken(lambda d: d.pop("code")), "code: this field is required"),
        (broken(lambda d: d.update(name="")), "name: must not be empty"),
        (broken(lambda d: d.update(scoring_rule="median")), "scoring_rule: must be one of"),
        (broken(lambda d: d.update(direction="up")), "direction: must be one of"),
        (broken(lambda d: d.update(score_min=100)), "score_max: must be higher"),
        (broken(lambda d: d.update(max_missing="two")), "max_missing: must be a whole number"),
        (broken(lambda d: d.update(max_missing=10)), "max_missing: must be fewer"),
        (broken(lambda d: d.update(languages=["fr"])), "languages:"),
        (broken(lambda d: d.update(items=[])), "items: must list at least one"),
        (broken(lambda d: d["items"][2].pop("text")), r"items\[2\]\.text: this field is required"),
        (broken(lambda d: d["items"][3].pop("text_es")), r"items\[3\]\.text_es: required"),
        (broken(lambda d: d["items"][1].update(code="s1")), r"items\[1\]\.code: “s1” is used twice"),
        (broken(lambda d: d["items"][0].update(reversed="yes")), r"items\[0\]\.reversed: must be true or false"),
        (
            broken(lambda d: d["items"][0].update(options=[d["items"][0]["options"][0]])),
            r"items\[0\]\.options: must list",
        ),
        (broken(lambda d: d["items"][4]["options"][1].update(value="1")), r"items\[4\]\.options\[1\]\.value: must be"),
        (broken(lambda d: d["items"][4]["options"][1].update(value=0)), r"items\[4\]\.options\[1\]\.value: 0 is used"),
        (broken(lambda d: d["items"][5]["options"][2].pop("label")), r"items\[5\]\.options\[2\]\.label: this field"),
    ],
)
def test_it_refuses_a_malformed_file_naming_the_field(db, tmp_path, data, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_instrument", write(tmp_path, data))
    assert not Instrument.objects.exists()


def test_it_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("load_instrument", str(tmp_path / "nope.json"))
