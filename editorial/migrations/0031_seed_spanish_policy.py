"""The Spanish translation of the editorial policy and disclaimer the site ships with, and the
Editors' right to publish translations.

The translation is added to the version in force when it is still the shipped text (version 1
of migration 0008 as migration 0015 rewrote it); a policy the editors have rewritten is left for
them to translate in the admin.
"""

import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_editorialpolicytranslation", "view_editorialpolicytranslation"]

BODY = """\
Cada artículo de este sitio responde a una pregunta clínica para profesionales sanitarios. \
Ninguno se publica hasta que un miembro de nuestro Consejo Asesor Médico lo ha revisado y \
aprobado, y lo que usted lee es siempre el texto exacto que aprobó el consejo.

## Cómo se redactan los artículos

Los autores redactan cada artículo en dos partes: lo que dicen las guías de práctica clínica \
vigentes («Según las guías») y lo que aporta la bibliografía científica («Según la \
investigación»). Cada afirmación que se apoya en una fuente lleva una cita numerada, y cada cita \
remite a una entrada de la lista de referencias del artículo, identificada como guía o como \
investigación, con su título, la revista o el organismo que la publica y el año. Un artículo no \
puede enviarse a revisión mientras alguna cita no remita a ninguna referencia o mientras no cite \
ninguna fuente.

## Cómo se revisan los artículos

Cuando un autor envía un artículo, su texto y sus referencias quedan fijados como una versión: \
el consejo revisa exactamente esa versión, y las modificaciones posteriores no pueden \
introducirse en ella. Un editor inicia la revisión. Los miembros del consejo y los editores \
pueden devolver el artículo solicitando cambios o rechazarlo, y en ambos casos deben explicar \
por qué. Nadie revisa ni aprueba un artículo del que es autor.

## Cómo se aprueban y publican los artículos

Los miembros del consejo invitados a revisar un artículo declaran primero cualquier conflicto \
de intereses; después, cada uno presenta una revisión estructurada con una recomendación. Un \
miembro del Consejo Asesor Médico que no sea autor del artículo, o un editor, aprueba la \
versión, y solo cuando se ha alcanzado el quórum de revisiones favorables de miembros del \
consejo (dos por defecto), no queda sin resolver ningún conflicto de intereses de los revisores \
y un editor ha atendido cada recomendación de rechazo. Solo entonces aparece la versión en el \
sitio, con la fecha de aprobación como «Última actualización» y los nombres de los miembros del \
consejo que la revisaron. Los borradores, los artículos enviados y los que están en revisión \
nunca se muestran a los lectores.

## Cómo se actualizan y corrigen los artículos

Para corregir o actualizar un artículo publicado, su autor o un editor inicia una nueva \
versión. La nueva versión pasa por la misma revisión; hasta que el consejo la aprueba, los \
lectores siguen viendo la última versión aprobada. Cada actualización aprobada figura en el \
historial de cambios del artículo. Un editor puede archivar un artículo en el que ya no debe \
confiarse: deja entonces de estar en el sitio, y se conserva todo su historial.

## Cómo se mantienen al día los artículos

El consejo vuelve a revisar periódicamente cada artículo publicado (cada doce meses por \
defecto). La fecha de la última revisión figura en el artículo como «Última revisión». Cuando \
llega la fecha de la siguiente, un editor inicia una revisión periódica; mientras está en \
curso, el artículo indica que se está revisando de nuevo, y los lectores siguen viendo la \
versión aprobada hasta que el consejo la concluye. Si la fecha pasa sin que la revisión haya \
comenzado, el artículo lo indica: muestra la fecha en que estaba prevista la revisión y que \
usted está leyendo la última versión aprobada por el consejo. Un artículo nunca indica que hay \
una revisión en curso cuando no la hay.

## Qué registramos

Cada paso de la revisión queda registrado con quién lo dio, cuándo, de qué estado a cuál y el \
comentario del revisor; cada cambio de un artículo, de sus secciones, de sus referencias y de \
la composición del consejo se conserva en su historial. Ese registro no puede modificarse ni \
revertirse.
"""

DISCLAIMER = (
    "Esta información está dirigida a profesionales sanitarios. Toda decisión médica debe "
    "basarse en el juicio clínico y en información verificada de forma independiente. Este "
    "contenido no sustituye el criterio profesional y debe considerarse complementario a las "
    "guías clínicas establecidas. Los profesionales sanitarios deben contrastar toda la "
    "información con la bibliografía primaria y con los estándares de práctica vigentes antes "
    "de aplicarla a la atención de los pacientes. $publisher no asume responsabilidad alguna "
    "por las decisiones clínicas basadas en este contenido."
)


def shipped_english() -> tuple[str, str]:
    """The policy and disclaimer the site ships with, in English (migrations 0008 and 0015)."""
    seed = importlib.import_module("editorial.migrations.0008_seed_editorial_policy")
    notice = importlib.import_module("editorial.migrations.0015_policy_periodic_review_notice")
    return seed.BODY.replace(notice.BEFORE, notice.AFTER), seed.DISCLAIMER


def translate(apps, schema_editor):
    EditorialPolicy = apps.get_model("editorial", "EditorialPolicy")
    EditorialPolicyTranslation = apps.get_model("editorial", "EditorialPolicyTranslation")
    latest = EditorialPolicy.objects.order_by("-version").first()
    body, disclaimer = shipped_english()
    if latest is None or latest.language != "en":
        return
    if latest.body != body or latest.disclaimer != disclaimer:
        return
    EditorialPolicyTranslation.objects.get_or_create(
        policy=latest, language="es", defaults={"body": BODY, "disclaimer": DISCLAIMER}
    )


def untranslate(apps, schema_editor):
    EditorialPolicyTranslation = apps.get_model("editorial", "EditorialPolicyTranslation")
    EditorialPolicyTranslation.objects.filter(language="es", body=BODY).delete()


def grant(apps, schema_editor):
    config = apps.get_app_config("editorial")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="editorial", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0030_policy_translations")]

    operations = [
        migrations.RunPython(translate, untranslate),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
