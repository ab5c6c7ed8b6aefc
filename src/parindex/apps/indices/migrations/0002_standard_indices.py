"""The standard indices (PAR INDEX, SIPAS, PAPI, PCI, DDCI) and their components, from
:mod:`parindex.apps.indices.standard`."""

from django.db import migrations

from parindex.apps.indices.standard import add_standard, remove_standard


def forwards(apps, schema_editor):
    add_standard(apps)


def backwards(apps, schema_editor):
    remove_standard(apps)


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
