"""The support inbox in the Wagtail admin: a listing with filters and one screen per request
where staff assign it, change its status, write notes and see the organisation's profile,
latest results and the support offers that fit it. Only for the inbox permission."""

from __future__ import annotations

import django_filters

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from assessment.models import Assessment, SupportRequest
from assessment.snapshot import OrganisationView, Snapshot
from cms.i18n import active_language
from recommendations.models import ActionPlan
from recommendations.offers import offers_matching
from recommendations.plans import latest_plan, plan_actions

from .inbox import (
    can_work_inbox,
    history,
    inbox_staff,
    is_overdue,
    overdue,
    record_changes,
    staff_name,
)

# --- Who may -------------------------------------------------------------------------------


class InboxPermissionPolicy(ModelPermissionPolicy):
    """The inbox permission lets staff see and change requests; nobody adds or deletes them
    here (organisations file them, and they go with the organisation)."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and can_work_inbox(user)

    def users_with_any_permission(self, actions):
        if not {"view", "change"} & set(actions):
            return inbox_staff().none()
        return inbox_staff()


def require_inbox(request: HttpRequest) -> None:
    if not can_work_inbox(request.user):
        raise PermissionDenied


# --- The listing ----------------------------------------------------------------------------


class InboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=SupportRequest.Status.choices,
        empty_label=gettext_lazy("All"),
    )
    assignee = django_filters.ChoiceFilter(
        label=gettext_lazy("Assigned to"),
        method="filter_assignee",
        empty_label=gettext_lazy("Anyone"),
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Overdue"),
        choices=[("yes", gettext_lazy("Overdue only"))],
        method="filter_overdue",
        empty_label=gettext_lazy("All"),
    )
    # Applied by the listing itself (its sortable "asked on" column); here it is a choice
    # a phone reaches more easily than a column header.
    ordering = django_filters.ChoiceFilter(
        label=gettext_lazy("Order"),
        choices=[
            ("-created_at", gettext_lazy("Newest first")),
            ("created_at", gettext_lazy("Oldest first")),
        ],
        method="keep",
        empty_label=None,
    )

    class Meta:
        model = SupportRequest
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = [
            ("me", _("Mine")),
            ("none", _("Not assigned")),
            *((str(user.pk), staff_name(user)) for user in inbox_staff()),
        ]

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset

    def filter_overdue(self, queryset, name, value):
        return overdue(queryset) if value == "yes" else queryset

    def keep(self, queryset, name, value):
        return queryset


class LabelledColumn(Column):
    """A cell that names its column on a phone, where the listing is a stack of cards."""

    cell_template_name = "center/inbox/labelled_cell.html"


class StatusColumn(LabelledColumn):
    """The status, with a worded "overdue" badge (not a colour alone)."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = is_overdue(instance)
        return context


class InboxIndexView(generic.IndexView):
    default_ordering = "-created_at"
    template_name = "center/inbox/index.html"
    page_title = gettext_lazy("Support requests")

    def get_base_queryset(self):
        return SupportRequest.objects.select_related("organisation", "assignee")

    @property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)
        return [
            title(
                "organisation",
                label=gettext_lazy("Organisation that asked"),
                accessor="organisation.name",
                get_url=self.get_edit_url,
            ),
            Column(
                "needs", label=gettext_lazy("Needs"), accessor="needs_text", classname="inbox-wide"
            ),
            StatusColumn("status", label=gettext_lazy("Status"), accessor="get_status_display"),
            LabelledColumn(
                "assignee",
                label=gettext_lazy("Assigned to"),
                accessor=lambda r: staff_name(r.assignee) or _("not assigned"),
            ),
            # The day as every screen shows dates (Wagtail's "3 days ago" stays English).
            LabelledColumn(
                "created_at",
                label=gettext_lazy("Asked on"),
                accessor=lambda r: date_format(
                    timezone.localtime(r.created_at), "SHORT_DATE_FORMAT"
                ),
                sort_key="created_at",
            ),
        ]


# --- One request ----------------------------------------------------------------------------


class InboxForm(forms.ModelForm):
    note = forms.CharField(
        label=gettext_lazy("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Only the centre's staff see it: it is never sent to the organisation."
        ),
    )

    class Meta:
        model = SupportRequest
        fields = ["status", "assignee", "staff_note"]
        widgets = {"staff_note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "status": gettext_lazy("Status"),
            "assignee": gettext_lazy("Assigned to"),
            "staff_note": gettext_lazy("Note for the organisation"),
        }
        help_texts = {
            "staff_note": gettext_lazy(
                "The organisation sees it on its page and in the e-mail about a new status."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assignee.queryset = inbox_staff()
        assignee.empty_label = _("not assigned")
        assignee.label_from_instance = staff_name


class InboxEditView(generic.EditView):
    template_name = "center/inbox/edit.html"
    success_message = gettext_lazy("The request is saved.")
    error_message = gettext_lazy("The request could not be saved: see the messages below.")

    def get_queryset(self):
        return SupportRequest.objects.select_related(
            "organisation", "organisation__sector", "organisation__administrative_unit", "assignee"
        )

    def get_page_subtitle(self):
        return self.object.organisation.name

    def save_instance(self):
        instance = self.form.save(commit=False)
        # The row as it is now, locked (inside the view's transaction): two staff members
        # saving at once each record the change from what the other saved.
        before = SupportRequest.objects.select_for_update().get(pk=instance.pk)
        record_changes(instance, before, self.request.user, self.form.cleaned_data.get("note", ""))
        return instance

    def get_success_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])

    def get_success_buttons(self):
        return []

    def get_history_url(self):
        return None  # the request's own history is on the screen (Wagtail's log is not)

    def get_side_panels(self):
        return MediaContainer([])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        support = self.object
        organisation = support.organisation
        latest = organisation.assessments.latest_submitted()
        view = OrganisationView(
            name=organisation.name,
            kind=organisation.kind,
            sector=organisation.sector.key,
            sector_names=None,
            area_name=organisation.administrative_unit.name,
            size_band=organisation.size_band,
        )
        context.update(
            {
                "support": support,
                "organisation": organisation,
                "latest": latest,
                "results_url": reverse("center:inbox_results", args=[support.pk])
                if latest
                else None,
                "offers": offers_matching(view, timezone.localdate()),
                "history": history(support),
                "overdue": is_overdue(support),
                "language": active_language(),
            }
        )
        return context


class SupportInboxViewSet(ModelViewSet):
    model = SupportRequest
    icon = "help"
    menu_label = gettext_lazy("Support requests")
    menu_order = 240
    add_to_admin_menu = True
    name = "inbox"
    url_prefix = "support-inbox"
    index_view_class = InboxIndexView
    edit_view_class = InboxEditView
    filterset_class = InboxFilterSet
    search_fields = ["contact_name", "phone", "email", "other_need", "organisation__name"]
    add_to_reference_index = False

    @property
    def permission_policy(self):
        return InboxPermissionPolicy(self.model)

    def get_form_class(self, for_update=False):
        return InboxForm

    def get_permissions_to_register(self):
        return inbox_staff().none()  # the permission is the center's (its own migration)


# --- The organisation's latest results, for the request's staff --------------------------


def _latest_of(pk: int) -> tuple[SupportRequest, Assessment]:
    support = get_object_or_404(SupportRequest.objects.select_related("organisation"), pk=pk)
    latest = support.organisation.assessments.latest_submitted()
    if latest is None:
        raise Http404
    return support, latest


def inbox_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest submitted results and plan of the request's organisation, by the request's
    id (the resume key of the assessment never appears in the admin)."""
    require_inbox(request)
    support, assessment = _latest_of(pk)
    language = active_language()
    snapshot = Snapshot.of(assessment)
    names = snapshot.dimension_names(language)
    level = snapshot.level(assessment.level)
    plan = latest_plan(assessment)
    response = TemplateResponse(
        request,
        "center/inbox/results.html",
        {
            "header_title": _("Latest results of %(name)s") % {"name": support.organisation.name},
            "support": support,
            "assessment": assessment,
            "level_name": level.name(language) if level else "",
            "dimensions": [
                (names.get(key, key), score)
                for key, score in (assessment.dimension_scores or {}).items()
            ],
            "plan": plan,
            "actions": [a.title(language) for a in plan_actions(plan)] if plan else [],
            "pdf_ready": bool(plan and plan.status == ActionPlan.Status.READY and plan.file),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def inbox_plan_pdf(request: HttpRequest, pk: int) -> FileResponse:
    require_inbox(request)
    _support, assessment = _latest_of(pk)
    plan = latest_plan(assessment)
    if plan is None or plan.status != ActionPlan.Status.READY or not plan.file:
        raise Http404
    response = FileResponse(
        plan.file.open("rb"),
        as_attachment=True,
        filename=f"ke-hoach-{assessment.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
