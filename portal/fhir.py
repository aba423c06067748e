"""The one FHIR R4B exporter: a patient's `collection` Bundle, for a hospital's EHR or the patient.

One identifier scheme: every entry's `fullUrl` is a `urn:uuid:` derived from the portal's address,
the resource kind and its key (`full_url`), and our own code systems and canonical URLs live under
`SYSTEM`. A Bundle always holds every resource its entries reference, the Patient first; `bundle`
refuses one that would not. The domain apps only build their own resources, as *parts*: a function
`(patient) -> list of (full_url, resource)`. Apps register their parts (`register_part`) so that
`patient_bundle` can give one Bundle with everything; an app's own page may ask for its parts only.

Plain dictionaries: the tests validate every Bundle with fhir.resources' R4B models.
"""

import json
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

SYSTEM = "https://spine-portal.example/fhir"  # our own code systems, canonical URLs and identifiers

Part = Callable[..., list[tuple[str, dict]]]
_parts: dict[str, Part] = {}


def full_url(kind: str, key) -> str:
    """The one identifier of a resource in our Bundles: stable for the same portal, kind and key."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.PORTAL_BASE_URL}/{kind}/{key}')}"


def code_system(name: str) -> str:
    return f"{SYSTEM}/CodeSystem/{name}"


def canonical(resource_type: str, name: str) -> str:
    return f"{SYSTEM}/{resource_type}/{name}"


def patient_url(patient) -> str:
    return full_url("patient", patient.pk)


def patient_resource(patient) -> dict:
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": f"{SYSTEM}/patient-id", "value": str(patient.pk)}],
        "telecom": [{"system": "email", "value": patient.email}],
    }
    if patient.get_full_name():
        name = {"text": patient.get_full_name()}
        if patient.last_name:
            name["family"] = patient.last_name
        if patient.first_name:
            name["given"] = [patient.first_name]
        resource["name"] = [name]
    return resource


def references(value) -> set[str]:
    """Every `reference` anywhere inside a resource."""
    if isinstance(value, dict):
        found = {value["reference"]} if isinstance(value.get("reference"), str) else set()
        return found.union(*(references(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(references(v) for v in value))
    return set()


def bundle(*, patient, entries: Iterable[tuple[str, dict]]) -> dict:
    """The patient first, then `entries`; raises ValueError if any entry references a resource the
    Bundle does not hold (a Bundle a receiver cannot resolve is worse than none)."""
    entries = [(patient_url(patient), patient_resource(patient)), *entries]
    held = {url for url, _ in entries}
    missing = set().union(*(references(resource) for _, resource in entries)) - held
    if missing:
        raise ValueError(f"the Bundle references resources it does not hold: {sorted(missing)}")
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def register_part(name: str, part: Part) -> None:
    """An app's resources for `patient_bundle` (called from its AppConfig.ready)."""
    _parts[name] = part


def patient_bundle(*, patient, parts: Iterable[str] | None = None) -> dict:
    """One Bundle of the patient and the resources of the named parts (all registered ones by default)."""
    names = list(_parts) if parts is None else list(parts)
    entries = [entry for name in names for entry in _parts[name](patient=patient)]
    return bundle(patient=patient, entries=entries)


def bundle_response(document: dict, *, filename: str) -> HttpResponse:
    """A Bundle as a downloaded `application/fhir+json` file."""
    text = json.dumps(document, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
    response = HttpResponse(text, content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
