"""The contradictions' admin: editors decide on a group ("resolved: this claim holds", with a note, or
"not a contradiction"); the groups themselves and their members are found, never typed in."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from events.admin_base import HistoryAdmin
from events.models import Claim, ContradictionGroup, ContradictionMember
from events.permissions import can_edit


class ContradictionMemberInline(admin.TabularInline):
    model = ContradictionMember
    extra = 0
    fields = ["claim", "claimant", "figure", "made_on", "status"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        members = super().get_queryset(request).select_related("claim__claimant")
        return members if can_edit(request.user) else members.filter(claim__status="published")

    @admin.display(description="claimant")
    def claimant(self, member):
        return member.claim.claimant or member.claim.claimant_text

    @admin.display(description="figure")
    def figure(self, member):
        return member.claim.figure_text or ""

    @admin.display(description="made on")
    def made_on(self, member):
        return member.claim.made_on

    @admin.display(description="review status")
    def status(self, member):
        return member.claim.get_status_display()


class DecisionForm(forms.ModelForm):
    class Meta:
        model = ContradictionGroup
        fields = ["decision", "holds", "note"]

    visible_claims = Claim.objects.published()  # replaced per request by the admin's get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a claim of this group, and one the user may read, can be the side that holds.
        if "holds" in self.fields:  # a reader's form has no editable fields
            members = self.visible_claims.filter(contradiction_memberships__group=self.instance)
            self.fields["holds"].queryset = members if self.instance.pk else Claim.objects.none()


@admin.register(ContradictionGroup)
class ContradictionGroupAdmin(HistoryAdmin):
    form = DecisionForm
    list_display = ["__str__", "crisis", "kind", "measure", "newest_on", "decision"]
    list_filter = ["crisis", "kind", "decision"]
    list_select_related = ["crisis"]
    search_fields = ["key", "note"]
    date_hierarchy = "newest_on"
    inlines = [ContradictionMemberInline]
    fields = [
        "crisis",
        "kind",
        "measure",
        "event",
        "newest_on",
        "decision",
        "holds",
        "note",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = ["crisis", "kind", "measure", "event", "newest_on", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False  # groups are found from claims, never typed in

    def get_fields(self, request, obj=None):
        # A reader's page shows the side that holds only when that claim is published (an editor may pick a draft).
        fields = super().get_fields(request, obj)
        return fields if can_edit(request.user) else ["held" if f == "holds" else f for f in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *([] if can_edit(request.user) else ["held"])]

    @admin.display(description="claim that holds")
    def held(self, group):
        holds = group.holds
        return holds if holds is not None and holds.status == "published" else "–"

    def reader_queryset(self, request, queryset):
        if can_edit(request.user):
            return queryset
        return queryset.seen_by(Claim.objects.published())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.visible_claims = Claim.objects.visible_to(request.user)
        return form

    def save_model(self, request, obj, form, change):
        if "decision" in form.changed_data or "holds" in form.changed_data or "note" in form.changed_data:
            obj.decided_by, obj.decided_at = request.user, timezone.now()
        if obj.decision != ContradictionGroup.Decision.RESOLVED:
            obj.holds = None
        super().save_model(request, obj, form, change)
