"""The survivor opt-out pages (004).

Public, no account, at /<institution_slug>/training/opt-out/ (namespace
``public:training_optout``): the private page a personal link opens, the confirmation, and the
support referral the student may then ask for. Nothing is cached, no referrer is sent (the
link's token is in the address), and the link's token is not kept in the session:
after confirming, the session holds only the signed support ticket, until the student sends or
declines the request.

Staff, at /<institution_slug>/staff/training/compliance/modules/<id>/opt-out-links/: a training
administrator issues the links (emailed, or a CSV of email and link for the learning platform).
"""

from __future__ import annotations

import csv
import functools
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from core.downloads import attachment
from core.errors import DomainRefusal

from .compliance import ADMIN_ROLES, campaign_get, module_get
from .models import Campaign
from .services.optout import (
    DAYS_AFTER_DEADLINE,
    LINK_DAYS,
    LinkNotFound,
    OptOutRefused,
    TicketRefused,
    issue_refusal,
    open_links_count,
    opt_out_recipients,
    optout_confirm,
    optout_link_open,
    optout_links_issue,
    optout_support_request,
    ticket_link,
)

SESSION_KEY = "training-opt-out:{}"
#: What the page says opting out confirms (004). Shown to the student only; never stored.
REASON = ("you are a victim or survivor of sexual violence of any nature. This includes "
          "sexual harassment, sexual misconduct, rape, sexual assault and sexual exploitation.")


def private_page(view):
    """No caching anywhere (a shared computer's back button shows nothing) and no referrer
    sent at all, not even to this site's own pages: the address holds the personal link."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        required=False, label="I confirm that this is why I am opting out")


class SupportForm(forms.Form):
    contact_name = forms.CharField(label="Your name", max_length=200, required=False)
    preferred_contact = forms.ChoiceField(
        label="How would you like to be contacted?", required=False,
        choices=[("email", "By email"), ("phone", "By phone")], widget=forms.RadioSelect)
    contact_email = forms.CharField(label="Email address", max_length=200, required=False,
                                    widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_phone = forms.CharField(label="Phone number", max_length=60, required=False,
                                    widget=forms.TextInput(attrs={"type": "tel",
                                                                  "autocomplete": "tel"}))
    message = forms.CharField(
        label="Anything you would like the team to know (optional)", required=False,
        max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="You do not have to tell anyone what happened.")


def _add_errors(form, exc: ValidationError) -> None:
    for field, problems in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _gone(request, exc: OptOutRefused):
    status = 404 if isinstance(exc, LinkNotFound) else 410
    return render(request, "training/optout_gone.html", {"message": str(exc)}, status=status)


@private_page
def page(request, institution_slug: str, token: str):
    """The private page: what the module is for, what opting out confirms (004), and the
    confirmation."""
    institution = request.institution
    try:
        link = optout_link_open(institution=institution, token=token)
    except OptOutRefused as exc:
        return _gone(request, exc)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = optout_confirm(institution=institution, token=token,
                                  confirmed=form.cleaned_data["confirm"])
        except ValidationError as exc:
            _add_errors(form, exc)
        except OptOutRefused as exc:
            return _gone(request, exc)
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY.format(institution.pk)] = done.ticket
            return redirect(reverse("public:training_optout:support",
                                    kwargs={"institution_slug": institution.slug}))
    return render(request, "training/optout.html", {
        "link": link, "module": link.module, "campaign": link.campaign, "form": form,
        "reason": REASON})


@private_page
def support(request, institution_slug: str):
    """After opting out: it is recorded, and, only if the student asks, support."""
    institution = request.institution
    key = SESSION_KEY.format(institution.pk)
    ticket = request.session.get(key, "")
    try:
        link = ticket_link(institution=institution, ticket=ticket)
    except TicketRefused as exc:
        request.session.pop(key, None)
        return render(request, "training/optout_gone.html", {
            "message": str(exc), "heading": "Asking for support from this page"})
    if request.method == "POST" and "decline" in request.POST:
        request.session.pop(key, None)
        return render(request, "training/optout_done.html", {"declined": True})
    learner = link.learner
    form = SupportForm(request.POST if request.method == "POST" else None, initial={
        "contact_name": learner.full_name, "contact_email": learner.email,
        "preferred_contact": "email"})
    if request.method == "POST" and form.is_valid():
        try:
            referral = optout_support_request(institution=institution, ticket=ticket,
                                              **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except TicketRefused as exc:
            request.session.pop(key, None)
            return render(request, "training/optout_gone.html", {
                "message": str(exc), "heading": "Asking for support from this page"})
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            request.session.pop(key, None)
            return render(request, "training/optout_done.html", {
                "referral": referral, "contact": form.cleaned_data["preferred_contact"],
                "receipt_groups": (referral.receipt or "").split("-")})
    return render(request, "training/optout_support.html", {
        "module": link.module, "form": form})


# -- staff: issuing the links ----------------------------------------------------------------
class IssueForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, empty_label="No campaign",
        label="Campaign",
        help_text=f"A campaign's links work until {DAYS_AFTER_DEADLINE} days after its "
        f"deadline; without one, for {LINK_DAYS} days.")
    delivery = forms.ChoiceField(
        label="How the students get their links", widget=forms.RadioSelect, initial="email",
        choices=[("email", "Email each student their link, at their address on the roster"),
                 ("links", "Download a CSV of email and link, to load into the learning "
                           "platform")])

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.for_institution(
            module.institution_id).filter(module=module).order_by("-opens_on")


def base_url(request) -> str:
    """The site's address for links in emails (the request's own: ALLOWED_HOSTS checks it)."""
    return request.build_absolute_uri("/").rstrip("/")


def links_csv(issued, module) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", "external_id", "opt_out_link", "expires_on"])
    for learner, url in issued.links:
        writer.writerow([learner.email, learner.external_id, url,
                         issued.expires_on.isoformat() if issued.expires_on else ""])
    name = f"opt-out-links-{module.key}-{timezone.localdate():%Y-%m-%d}.csv"
    return attachment(out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", name)


@staff_view(*ADMIN_ROLES)
def issue(request, institution_slug: str, module_id: int):
    institution = request.institution
    module = module_get(institution=institution, module_id=module_id)
    campaign = None
    raw = request.GET.get("campaign")
    if raw:
        campaign = campaign_get(institution=institution, campaign_id=raw)
    refusal = issue_refusal(membership=request.membership, module=module, campaign=campaign)
    if refusal is not None and refusal.forbidden:
        raise PermissionDenied(refusal.message)
    form = IssueForm(request.POST if request.method == "POST" else None, module=module,
                     initial={"campaign": campaign, "delivery": "email"})
    if request.method == "POST" and form.is_valid():
        try:
            issued = optout_links_issue(
                module=module, campaign=form.cleaned_data["campaign"], actor=request.user,
                membership=request.membership, delivery=form.cleaned_data["delivery"],
                base_url=base_url(request))
        except ValidationError as exc:
            _add_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            if form.cleaned_data["delivery"] == "links":
                return links_csv(issued, module)
            messages.success(request, f"{issued.count} link{'s' if issued.count != 1 else ''} "
                             "emailed: each student's earlier link no longer works.")
            return redirect(reverse("staff:training_compliance:module",
                                    kwargs={"institution_slug": institution.slug,
                                            "module_id": module.pk}))
    today = timezone.localdate()
    return render(request, "training/optout_issue.html", {
        "module": module, "form": form, "refusal": refusal,
        "waiting": opt_out_recipients(module=module, campaign=campaign, today=today).count(),
        "open_links": open_links_count(module=module, today=today)})
