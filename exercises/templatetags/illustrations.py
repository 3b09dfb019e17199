"""`{% exercise_picture item size="thumb" %}`: an exercise's picture wherever it is read.

`item` is an Exercise, or anything with `exercise` and `side` (a prescription: duck typed so
this app need not know programs). Rendering is pure Python from cached pose data, so a page
adds no query as long as its prescriptions fetch their exercise with `select_related`.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.models import Role
from exercises.illustrations import exercise_svgs, has_illustration, image_metadata

register = template.Library()

# thumb: the start position; large: start and end cross-fading (still under reduced
# motion, by CSS); still: start and end side by side, for paper.
SIZES = ("thumb", "large", "still")


def alt_text(item, exercise) -> str:
    """What the picture shows, in the words the patient reads: the first step, else the
    summary. The item's own copy first: a prescription keeps the steps it was given."""
    steps = getattr(item, "steps", None) or exercise.steps
    return steps[0] if steps else (getattr(item, "summary", "") or exercise.summary)


def upload_url(item, exercise, viewer) -> str | None:
    """Where `viewer` fetches the uploaded picture, or None when they may not.

    Staff use the catalogue's view. A patient may not open the catalogue, so they fetch it
    through their prescription: its `patient_picture_url` (programs sets it, so this app
    need not know programs' URLs). A bare exercise shown to a patient has none."""
    if getattr(viewer, "role", None) == Role.PATIENT:
        return getattr(item, "patient_picture_url", None)
    return reverse("exercise_image", args=[exercise.slug])


def picture_context(
    item, *, size: str, uploads: bool = True, icon: bool = False, viewer=None
) -> dict:
    if size not in SIZES:
        raise template.TemplateSyntaxError(f"exercise_picture size must be one of {SIZES}")
    exercise = getattr(item, "exercise", item)
    if exercise is None:  # a prescription whose exercise was deleted
        return {}
    context = {"exercise": exercise, "size": size, "alt": alt_text(item, exercise)}
    url = upload_url(item, exercise, viewer) if uploads and exercise.image else None
    if url:
        return context | {
            "kind": "upload",
            "url": url,
            "licence": {
                "author": getattr(exercise, "image_author", ""),
                "licence": getattr(exercise, "image_licence", ""),
            },
        }
    if has_illustration(exercise.slug):
        frames = exercise_svgs(exercise.slug, side=getattr(item, "side", ""), title=context["alt"])
        shown = frames[:1] if size == "thumb" else frames[:2]
        return context | {
            "kind": "drawing",
            # Safe: the renderer escapes the title, and the rest is its own markup.
            "frames": [mark_safe(svg) for svg in shown],  # noqa: S308 # nosec B308 B703
            "licence": image_metadata(exercise.slug),
        }
    return context | {"kind": "icon"} if icon else {}


@register.inclusion_tag("exercises/_picture.html", takes_context=True)
def exercise_picture(context, item, size="thumb", icon=False):
    """`icon=True` falls back to the exercise type's icon (the catalogue); the PDF takes
    drawings only, since it fetches nothing (uploads are served by a view)."""
    return picture_context(
        item, size=size, uploads=not context.get("for_pdf"), icon=icon, viewer=context.get("user")
    )
