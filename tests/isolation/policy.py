"""The isolation policy of every URL (issue 15 item 2): which class of route it is and which
model each of its URL arguments names.

``test_classification`` walks the URL resolver and fails for a route this table does not
classify, or for a staff route with an argument this table does not map to a model: adding a
route means deciding its isolation here. ``test_matrix`` then requests every staff route (404
everywhere), every admin route that names an object (the admin's answer for a missing object)
and every account page (nothing of the other institution's). Nothing here lists endpoints; the
resolver does.
"""

from __future__ import annotations

import fnmatch

PUBLIC = "public"  # reporting pages, letter links, public API, login/logout, schema, brand.css
ACCOUNT = "account"  # the signed-in person's own account (two-factor, tokens page)
ADMIN = "admin"  # the Django admin (superusers, and institution admins for their own)
STAFF_PAGE = "staff page"  # /<institution_slug>/staff/...
STAFF_API = "staff api"  # /api/v1/<institution_slug>/...

#: Route name (or, for an unnamed route, its path) pattern -> class; the first match wins.
CLASSES: list[tuple[str, str]] = [
    ("admin:*", ADMIN),
    ("admin/*", ADMIN),  # the admin's unnamed redirects
    ("home", PUBLIC),
    ("login", PUBLIC),
    ("logout", PUBLIC),
    ("sso:*", PUBLIC),  # single sign-on start/callback: before anyone is signed in
    ("schema", PUBLIC),
    ("api-docs", PUBLIC),
    ("institution_brand_css", PUBLIC),
    ("public:*", PUBLIC),
    ("api-insights-public*", PUBLIC),  # published insight reports
    ("api-safecontacts-directory", PUBLIC),
    ("api-report-public-*", PUBLIC),  # the reporting form's API (categories, submit...)
    ("api-report-follow-up*", PUBLIC),  # an anonymous reporter's follow-up (receipt)
    ("api-training-opt-out-*", PUBLIC),  # a learner's opt-out link (a token)
    ("account_home", ACCOUNT),
    ("twofactor:*", ACCOUNT),
    ("otp_webauthn:*", ACCOUNT),
    ("staff:*", STAFF_PAGE),
    ("<slug:institution_slug>/staff/cases/letter-templates/*", STAFF_PAGE),  # old redirects
    ("api-*", STAFF_API),
]

#: Where each class's routes must live (a staff route outside its prefix is misplaced).
PREFIXES = {
    STAFF_PAGE: "<slug:institution_slug>/staff/",
    STAFF_API: "api/v1/<slug:institution_slug>/",
    ADMIN: "admin/",
}

#: URL argument -> the model its value names (app_label.Model). Every one is ``<int:..._id>``:
#: that is how the role gate knows a URL names an object and answers 404 rather than 403
#: (``accounts.permissions.names_an_object``; test_classification checks it).
KWARG_MODELS: dict[str, str] = {
    "case_id": "cases.Case",
    "report_id": "reporting.Report",
    "matter_id": "precautionary.Matter",
    "pause_id": "cases.CasePause",
    "appeal_id": "cases.Appeal",
    "assignment_id": "cases.CaseAssignment",
    "objection_id": "cases.BoardObjection",
    "review_id": "cases.InformalReview",
    "statement_id": "cases.Statement",
    "doc_id": "cases.EvidenceDocument",
    "document_id": "cases.EvidenceDocument",
    "letter_id": "letters.Letter",
    "evidence_id": "reporting.ReportEvidence",
    "measure_id": "precautionary.Measure",
    "member_id": "precautionary.MatterMember",
    "campaign_id": "training.Campaign",
    "module_id": "training.Module",
    "learner_id": "training.Learner",
    "run_id": "training.ImportRun",
    "session_id": "training.TrainingSession",
    "declaration_id": "governance.RelationshipDeclaration",
    "plan_id": "governance.ActionPlan",
    "item_id": "governance.ActionItem",
    "risk_id": "governance.RiskAssessment",
    "entry_id": "safecontacts.ContactLogEntry",
    "record_id": "safecontacts.SafeContact",
    "request_id": "subjectaccess.SubjectAccessRequest",
    "export_id": "subjectaccess.SubjectAccessExport",
    "hold_id": "retention.LegalHold",
    "import_id": "insights.ExternalImport",
    "token_id": "accounts.ApiToken",
    "user_id": "accounts.User",  # a member of the institution
    "provider_id": "sso.IdentityProvider",
}

#: (route name pattern, argument) -> model, where one argument name means another model.
KWARG_OVERRIDES: list[tuple[str, str, str]] = [
    ("*precautionary*", "appeal_id", "precautionary.Appeal"),
    ("*governance*", "document_id", "governance.PolicyDocument"),
    ("*bundle*", "document_id", "subjectaccess.BundleDocument"),
    ("*investigation*", "request_id", "cases.EvidenceRequest"),
    ("*safecontacts*", "session_id", "safecontacts.Session"),
    ("*insights*", "report_id", "insights.InsightReport"),
]

#: URL arguments that name no object: a valid value to put in the URL.
KWARG_VALUES: dict[str, str] = {
    "institution_slug": "",  # filled with the institution under test
    "fmt": "csv",
    "what": "outstanding",
    "kind": "decision",
    "token": "not-a-token",
}

#: Models the demo has no object of in Midshire: the matrix makes one of each for Midshire
#: (``test_matrix._add_what_the_demo_lacks``), so every route is asked for a real object of B's.
NO_DEMO_OBJECT = frozenset({
    "cases.BoardObjection",
    "cases.EvidenceDocument",
    "reporting.ReportEvidence",
    "subjectaccess.BundleDocument",
    "subjectaccess.SubjectAccessExport",
})

#: (route name, or path when unnamed; method) -> why a staff route may answer other than the
#: plain 404. Only redirects that look nothing up belong here: a refusal, whoever's the object,
#: is the 404 (``accounts.permissions.refuse``).
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
    (f"<slug:institution_slug>/staff/cases/letter-templates/{tail}", method): (
        "a permanent redirect of the old letter templates path to /staff/letters/templates/ "
        "(RedirectView: no lookup, no data); the target answers 404 to another institution")
    for tail in ("", "<slug:kind>/") for method in ("GET", "POST")
}


def classify(name: str | None, path: str) -> str | None:
    key = name or path
    for pattern, klass in CLASSES:
        if fnmatch.fnmatchcase(key, pattern):
            return klass
    return None


def model_for(name: str | None, kwarg: str) -> str | None:
    for pattern, arg, model in KWARG_OVERRIDES:
        if arg == kwarg and fnmatch.fnmatchcase(name or "", pattern):
            return model
    return KWARG_MODELS.get(kwarg)
