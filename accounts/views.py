from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from institutions.models import Deadline

from .decorators import staff_view
from .forms import EmailAuthenticationForm
from .permissions import session_institution_id
from .roles import Role, role_description
from .selectors import memberships_of
from .workspace import my_work


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # A session limited by single sign-on to one institution is sent here to sign in to
        # another: show the form rather than send it back to where it was refused.
        if session_institution_id(request) is not None:
            self.redirect_authenticated_user = False
        return super().dispatch(request, *args, **kwargs)


@login_required
def home(request):
    """After login: straight to the dashboard of the user's only institution, else a choice.
    A session opened by single sign-on goes to the institution that signed it in."""
    memberships = memberships_of(user=request.user)
    bound = session_institution_id(request)
    if bound is not None:
        memberships = [m for m in memberships if m.institution_id == bound] or memberships
    if len(memberships) == 1:
        return redirect("staff:dashboard", institution_slug=memberships[0].institution.slug)
    return render(request, "accounts/choose_institution.html", {"memberships": memberships})


@staff_view()
def dashboard(request, institution_slug: str):
    inst, membership = request.institution, request.membership
    roles = [
        {"role": r, "label": inst.role_label(r), "description": role_description(r)}
        for r in sorted(membership.role_set)
    ]
    my_deadlines = (
        Deadline.objects.for_institution(inst)
        .filter(assignee=request.user, status__in=[Deadline.Status.RUNNING,
                                                   Deadline.Status.PAUSED])
        .order_by("due_date")[:10]
    )
    membership.institution = inst  # the same row, already loaded
    return render(request, "accounts/dashboard.html",
                  {"roles": roles, "my_deadlines": my_deadlines,
                   "work": my_work(membership=membership),
                   "is_admin": membership.has_role(Role.INSTITUTION_ADMIN),
                   "manages_training": membership.has_role(Role.TRAINING_ADMIN,
                                                           Role.INSTITUTION_ADMIN)})
