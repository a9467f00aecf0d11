"""An editor's acknowledgement that an article cites a retracted work is the article's record,
not the library's: the model moves to articles (articles migration 0007 takes over its tables,
rows and history). The library knows no article, in its schema too.

Nothing here touches the database: the tables stay until articles 0007 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("references", "0003_retraction_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalRetractionAcknowledgement"),
                migrations.DeleteModel(name="RetractionAcknowledgement"),
            ],
            database_operations=[],
        ),
    ]
