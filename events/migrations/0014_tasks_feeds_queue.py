"""Background ingest: feeds a crisis follows and the review queue of pending articles (events/models/feeds.py)."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant_editors(apps, schema_editor):
    # Editors run the queue and the feeds; Analysts get nothing here (a pending draft is never for readers).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="events", content_type__model__in=["feed", "pendingarticle"])
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*ours)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0013_places'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Feed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=2000)),
                ('title', models.CharField(blank=True, max_length=300)),
                ('keywords', models.CharField(blank=True, help_text='Comma-separated; an item must contain one of them (in its title or summary). Empty: every item.', max_length=500)),
                ('interval_minutes', models.PositiveIntegerField(default=60, help_text='Poll at most this often.')),
                ('active', models.BooleanField(default=True)),
                ('etag', models.CharField(blank=True, editable=False, max_length=500)),
                ('modified', models.CharField(blank=True, editable=False, max_length=100)),
                ('last_polled_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('last_success_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('last_error', models.TextField(blank=True, editable=False)),
                ('error_count', models.PositiveIntegerField(default=0, editable=False, help_text='Failed polls in a row.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('crisis', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feeds', to='events.crisis')),
            ],
            options={
                'ordering': ['crisis__name', 'url'],
            },
        ),
        migrations.CreateModel(
            name='PendingArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('origin', models.CharField(choices=[('paste', 'Pasted or uploaded'), ('url', 'URL'), ('feed', 'Feed')], default='paste', max_length=5)),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('ready', 'Ready for review'), ('accepting', 'Being saved'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('failed', 'Failed'), ('duplicate', 'Already there')], db_index=True, default='queued', max_length=10)),
                ('url', models.URLField(blank=True, max_length=2000, null=True)),
                ('input_text', models.TextField(blank=True, editable=False)),
                ('input_is_html', models.BooleanField(default=False, editable=False)),
                ('given_published', models.DateField(blank=True, null=True)),
                ('given_title', models.CharField(blank=True, max_length=500)),
                ('given_outlet', models.CharField(blank=True, max_length=200)),
                ('title', models.CharField(blank=True, max_length=500)),
                ('outlet', models.CharField(blank=True, max_length=200)),
                ('published_on', models.DateField(blank=True, null=True)),
                ('language', models.CharField(blank=True, max_length=10)),
                ('content_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ('event_count', models.PositiveIntegerField(default=0)),
                ('claim_count', models.PositiveIntegerField(default=0)),
                ('warning_count', models.PositiveIntegerField(default=0)),
                ('payload', models.JSONField(blank=True, editable=False, null=True)),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64)),
                ('attempts', models.PositiveIntegerField(default=0, editable=False)),
                ('error', models.TextField(blank=True, editable=False)),
                ('started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('finished_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('crisis', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pending_articles', to='events.crisis')),
                ('feed', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='events.feed')),
                ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='events.source')),
            ],
            options={
                'ordering': ['-published_on', '-created_at', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='feed',
            constraint=models.UniqueConstraint(fields=('crisis', 'url'), name='feed_crisis_url_unique'),
        ),
        migrations.AddIndex(
            model_name='pendingarticle',
            index=models.Index(fields=['crisis', 'state', '-created_at'], name='pending_crisis_state'),
        ),
        migrations.AddConstraint(
            model_name='pendingarticle',
            constraint=models.UniqueConstraint(condition=models.Q(('url__isnull', False)), fields=('crisis', 'url'), name='pending_crisis_url_unique'),
        ),
        migrations.AddConstraint(
            model_name='pendingarticle',
            constraint=models.CheckConstraint(condition=models.Q(('url', ''), _negated=True), name='pending_url_null_not_empty'),
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
