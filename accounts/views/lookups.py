"""Fetching through the user: a person an accounts view shows comes through a query that
answers "whom may this user see", so one outside reach is a 404 like one that does not
exist."""

from django.shortcuts import get_object_or_404

from accounts import queries


def patient_for(user, patient_id):
    """The patient (a User annotated with their invitation state) if `user` may see them."""
    return get_object_or_404(queries.patients_for(user), pk=patient_id)
