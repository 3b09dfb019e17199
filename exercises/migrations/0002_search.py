import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# A trigger rather than a GeneratedField: array_to_string() is only STABLE, which PostgreSQL
# refuses in a generated column, and a trigger also covers bulk writes and raw SQL.
SEARCH_VECTOR_TRIGGER = """
CREATE FUNCTION exercises_exercise_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english',
               coalesce(array_to_string(NEW.steps, ' '), '') || ' '
               || coalesce(array_to_string(NEW.cues, ' '), '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER exercises_exercise_search_vector
    BEFORE INSERT OR UPDATE ON exercises_exercise
    FOR EACH ROW EXECUTE FUNCTION exercises_exercise_search_vector();
UPDATE exercises_exercise SET id = id;
"""

DROP_SEARCH_VECTOR_TRIGGER = """
DROP TRIGGER IF EXISTS exercises_exercise_search_vector ON exercises_exercise;
DROP FUNCTION IF EXISTS exercises_exercise_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="exercise",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(SEARCH_VECTOR_TRIGGER, DROP_SEARCH_VECTOR_TRIGGER),
        migrations.AddIndex(
            model_name="exercise",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="exercise_search_vector"
            ),
        ),
        migrations.AddIndex(
            model_name="exercise",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"], name="exercise_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
