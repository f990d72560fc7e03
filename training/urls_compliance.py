"""Training compliance pages, at /<institution_slug>/staff/training/compliance/ (namespace
staff:training_compliance), and the issuing of opt-out links (004)."""

from django.urls import path

from . import views_compliance as v
from . import views_optout

app_name = "training_compliance"

MODULE = "modules/<int:module_id>/"
CAMPAIGN = "campaigns/<int:campaign_id>/"
EXPORT = "export/<slug:what>.<slug:fmt>"

urlpatterns = [
    path("", v.overview, name="overview"),
    path(MODULE, v.detail, name="module"),
    path(MODULE + "outstanding/", v.outstanding_list, name="module_outstanding"),
    path(MODULE + EXPORT, v.export, name="module_export"),
    path(MODULE + "opt-out-links/", views_optout.issue, name="opt_out_links"),
    path(CAMPAIGN, v.detail, name="campaign"),
    path(CAMPAIGN + "outstanding/", v.outstanding_list, name="campaign_outstanding"),
    path(CAMPAIGN + EXPORT, v.export, name="campaign_export"),
]
