"""A patient's health record in FHIR R4: the resources (`resources`), the record and its
Bundles (`record`), the clinic's API tokens (`tokens`, `rate_limit`, `access`) and the pages
and endpoint that serve them (`views`)."""
