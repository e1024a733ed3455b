from django.db import migrations

DEFAULTS = [
    ("spam", "Spam or advertising", "Selling, links to unrelated sites, repeated posts."),
    ("abuse", "Abuse or harassment", "Insults, threats, attacks on a member."),
    ("hate", "Hate speech", "Attacks on people for who they are."),
    ("misinformation", "Deliberate misinformation", "Fabricated quotes, sources or facts."),
    ("off_topic", "Off topic", "Belongs in another thread or forum."),
    ("other", "Something else", "Explain in the note."),
]


def add_reasons(apps, schema_editor):
    ReportReason = apps.get_model("moderation", "ReportReason")
    for position, (key, label, description) in enumerate(DEFAULTS):
        ReportReason.objects.get_or_create(
            key=key, defaults={"label": label, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_reports")]

    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
