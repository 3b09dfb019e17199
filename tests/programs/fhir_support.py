"""Checks shared by the FHIR tests: a Bundle's resources are valid R4 and hang together."""

import re

from fhir.resources.R4B import get_fhir_model_class

FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def resources_of(bundle, resource_type=None) -> list[dict]:
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if resource_type in (None, r["resourceType"])]


def references_in(value):
    """Every `reference` string anywhere inside a resource."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference":
                yield inner
            else:
                yield from references_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references_in(inner)


def assert_valid_r4(bundle):
    """Each entry parses with the R4B model of its type, with a FHIR id, its fullUrl ending
    in type/id, and references that name an entry; the Bundle parses as a whole too."""
    entries = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert FHIR_ID.fullmatch(resource["id"]), resource["id"]
        key = f"{resource['resourceType']}/{resource['id']}"
        assert entry["fullUrl"].endswith(f"/fhir/{key}")
        assert key not in entries, f"{key} twice"
        entries[key] = resource
    for resource in entries.values():
        for ref in references_in(resource):
            assert ref in entries, f"{resource['resourceType']} points to {ref}, not in the Bundle"
    get_fhir_model_class("Bundle").model_validate(bundle)
    return entries
