"""One `Superior` per distinct superior-body name, and every `SuperiorBody` row linked to it.

Names are compared by `core.text.search_key` (trimmed, spacing folded, case and diacritics
ignored): "Đảng ủy xã Krông Bông" and "đảng ủy xã krông bông " are one superior. The superior
is named by the best of its rows' spellings (`_spelling_rank`, spacing folded). Reversed, the links
are cleared (the superiors stay; going forward again finds them by their key).
"""

from django.db import migrations

from core.text import search_key

# The kind guessed from the name's first words (search keys); anything else is "other".
KIND_PREFIXES = (
    ("dang uy xa ", "commune"),
    ("dang uy phuong ", "ward"),
    ("dang uy khoi ", "sector"),
    ("huyen uy ", "district"),
    ("quan uy ", "district"),
    ("thi uy ", "district"),
    ("thanh uy ", "province"),
    ("tinh uy ", "province"),
)


def _kind(key: str) -> str:
    return next((kind for prefix, kind in KIND_PREFIXES if key.startswith(prefix)), "other")


def _spelling_rank(name: str, count: int, row) -> tuple:
    """Which spelling names the superior: the most used, then one written with its accents and
    in mixed case (not "DANG UY XA …" nor all lower case), then the most recent row's."""
    accented = search_key(name) != " ".join(name.lower().split())
    mixed_case = not (name.isupper() or name.islower())
    return (count, accented, mixed_case, row.valid_from, row.pk)


def link_superiors(apps, schema_editor):
    db = schema_editor.connection.alias
    Superior = apps.get_model("cells", "Superior")
    SuperiorBody = apps.get_model("cells", "SuperiorBody")
    superiors = {s.name_key: s for s in Superior.objects.using(db)}
    rows = list(SuperiorBody.objects.using(db).order_by("valid_from", "pk"))
    groups = {}
    for body in rows:
        groups.setdefault(search_key(body.name), []).append(body)
    for key, bodies in groups.items():
        if key not in superiors:
            spellings = [" ".join(body.name.split()) for body in bodies]
            name = max(
                zip(spellings, bodies, strict=True),
                key=lambda pair: _spelling_rank(pair[0], spellings.count(pair[0]), pair[1]),
            )[0]
            superiors[key] = Superior.objects.using(db).create(
                name=name, name_key=key, kind=_kind(key)
            )
        for body in bodies:
            body.superior_id = superiors[key].pk
    SuperiorBody.objects.using(db).bulk_update(rows, ["superior"], batch_size=500)


def unlink_superiors(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("cells", "SuperiorBody").objects.using(db).update(superior=None)


class Migration(migrations.Migration):
    dependencies = [("cells", "0012_superior")]

    operations = [migrations.RunPython(link_superiors, unlink_superiors)]
