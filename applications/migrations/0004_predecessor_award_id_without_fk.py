"""The predecessor award becomes a plain id: no foreign key from applications to awards.

The column `predecessor_award_id` and its values stay as they are; only the
foreign-key constraint goes (the awards app checks the reference instead).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_attachment_removed_withdrawn_draft"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="predecessor_award",
            field=models.PositiveBigIntegerField(
                blank=True, db_column="predecessor_award_id", db_index=True, null=True, verbose_name="前段階の採択課題"
            ),
        ),
        migrations.RenameField(
            model_name="application",
            old_name="predecessor_award",
            new_name="predecessor_award_id",
        ),
    ]
