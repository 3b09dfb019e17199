from django.urls import path

from exercises.views import catalogue, clinic_exercises, conditions, gallery

urlpatterns = [
    path("", catalogue.exercise_list, name="exercise_list"),
    path("illustrations/", gallery.illustration_gallery, name="illustration_gallery"),
    path("mine/", clinic_exercises.clinic_exercise_list, name="clinic_exercise_list"),
    path("exercises/new/", clinic_exercises.exercise_create, name="exercise_create"),
    path("exercises/<slug:slug>/", catalogue.exercise_detail, name="exercise_detail"),
    path("exercises/<slug:slug>/image/", catalogue.exercise_image, name="exercise_image"),
    path("exercises/<slug:slug>/edit/", clinic_exercises.exercise_edit, name="exercise_edit"),
    path(
        "exercises/<slug:slug>/archive/", clinic_exercises.exercise_archive, name="exercise_archive"
    ),
    path(
        "exercises/<slug:slug>/restore/", clinic_exercises.exercise_restore, name="exercise_restore"
    ),
    path("conditions/", conditions.condition_list, name="condition_list"),
    # conditions/<slug>/ (condition_detail) is in programs/urls.py: the page lists templates.
]
