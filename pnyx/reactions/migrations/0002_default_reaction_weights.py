from django.db import migrations

DEFAULT_WEIGHTS = {"like": 1, "agree": 1, "disagree": 0, "informative": 1, "funny": 1}


def add_default_weights(apps, schema_editor):
    ReactionWeight = apps.get_model("reactions", "ReactionWeight")
    for kind, weight in DEFAULT_WEIGHTS.items():
        ReactionWeight.objects.get_or_create(kind=kind, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("reactions", "0001_initial")]

    operations = [migrations.RunPython(add_default_weights, migrations.RunPython.noop)]
