from django.db import migrations


def add_defaults(apps, schema_editor):
    from search.default_synonyms import DEFAULT_SYNONYMS

    SearchSynonym = apps.get_model("search", "SearchSynonym")
    if not SearchSynonym.objects.exists():
        SearchSynonym.objects.bulk_create([SearchSynonym(terms=terms) for terms, _ in DEFAULT_SYNONYMS])


def remove_defaults(apps, schema_editor):
    from search.default_synonyms import DEFAULT_SYNONYMS

    apps.get_model("search", "SearchSynonym").objects.filter(
        terms__in=[terms for terms, _ in DEFAULT_SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
