"""Streaming an exercise's uploaded picture: shared by the staff view (exercises) and the
patient's view (programs), so both answer the same way for a missing file."""

from django.http import FileResponse, Http404

from exercises.models import Exercise


def picture_response(exercise: Exercise) -> FileResponse:
    """The uploaded picture of `exercise`, or a 404 when it has none or the file is gone.

    Served by the app, not from a public media folder: a clinic's own pictures are the
    clinic's, and whitenoise serves static files only, so production needs a view anyway.
    The caching and security headers are the middleware's, as for every page.
    """
    if not exercise.image:
        raise Http404("No picture")
    try:
        picture = exercise.image.open("rb")
    except FileNotFoundError as error:  # a database restored without its media folder
        raise Http404("No picture") from error
    # The stored name is ours (a random hex name with the re-encoded format's extension), so
    # the type FileResponse guesses from it is the picture's real one.
    return FileResponse(picture)
