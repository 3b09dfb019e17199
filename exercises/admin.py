from django.contrib import admin

from exercises.models import Condition, Equipment, Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "body_region", "exercise_type", "difficulty", "clinic", "is_archived"]
    list_filter = ["body_region", "exercise_type", "difficulty", "is_archived", "conditions"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["equipment", "conditions"]
    raw_id_fields = ["progression", "regression"]


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "body_region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
