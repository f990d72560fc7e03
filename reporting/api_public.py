"""The public Report + Support API, under /api/v1/<institution_slug>/public/: no account, no
authentication, no CSRF cookie.

* ``categories/``, ``support-services/``: what the form offers, and where to get help.
* ``reports/``: submit a disclosure or report (JSON, or multipart with files). The receipt is
  in the 201 answer and nowhere else, ever.
* ``follow-up/`` (+ ``reply/``, ``files/``, ``identity/``): come back with the receipt; each
  re-checks it.

Privacy: nothing here reads the IP address or the user agent. DRF's ``AnonRateThrottle`` keys
on the IP address, so it is not used:

* Submissions are throttled per institution (:class:`InstitutionSubmissionThrottle`:
  ``settings.REPORT_API_SUBMISSIONS_PER_INSTITUTION`` an hour, 60 when unset, counting the
  reports it accepted without proof of work: junk that is refused (400, 413) uses up
  nothing). When it trips, the 429 points to proof of work, to the web form, and to 999.
* Wrong receipts are counted by ``report_for_receipt`` per "session" and per institution. An
  API client has no session, so the "session" is, in order: the session cookie if the caller
  has one (a browser on the public site shares its count with the pages); else the optional
  ``X-Client-Token`` header, a random value the client app makes once and keeps (hashed into
  the key, counted for 15 minutes); else one shared count for every such client of the
  institution. A caller can always change its token, so the real wall against guessing is the
  institution-wide count; receipts carry 80 bits, so it is ample. The token only stops one
  client's typos from locking out the others.
* A wrong receipt answers one generic 404, whether it is malformed or unknown.
* Proof of work (core.work): ``work/?purpose=report`` (or ``receipt``) hands out a challenge;
  a POST that sends ``X-Work-Challenge`` and ``X-Work-Nonce`` with valid, unspent work is not
  counted against the institution-wide limits above (a submission skips
  ``InstitutionSubmissionThrottle``; a wrong receipt counts only per client), so a flood
  without work cannot block clients that do the work.

Errors map as in reporting/api.py (409 for a refused change, 429 for too many attempts).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.roles import Role
from core import ratelimit
from core.work import challenge_issue, work_spend
from web.api import ErrorSerializer

from . import serializers_public as s
from .api import TooManyAttempts, refusal
from .models import Report, ReportCategory, SupportService
from .serializers import PublicCategorySerializer
from .services import followup, submission
from .services.evidence import evidence_quota_check, upload_size

PUBLIC = ["report-public"]
PUBLIC_ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer,
                 429: ErrorSerializer}

#: Default public submissions per institution per hour (settings may override).
SUBMISSIONS_PER_INSTITUTION = 60
CLIENT_HEADER = "X-Client-Token"
WORK_CHALLENGE_HEADER = "X-Work-Challenge"
WORK_NONCE_HEADER = "X-Work-Nonce"
WORK_PURPOSES = ("report", "receipt")


def work_done(request, purpose: str) -> bool:
    """Did this request bring valid, unspent proof of work? Asked once per request."""
    done = getattr(request, "_work_done", None)
    if done is None:
        done = work_spend(challenge=request.headers.get(WORK_CHALLENGE_HEADER, ""),
                          nonce=request.headers.get(WORK_NONCE_HEADER, ""), purpose=purpose,
                          institution_id=request.institution.pk)
        request._work_done = done
    return done


_CLIENT_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
WORK_PARAMETERS = [
    OpenApiParameter(WORK_CHALLENGE_HEADER, OpenApiTypes.STR, location=OpenApiParameter.HEADER,
                     required=False, description="Optional proof of work: a challenge from "
                     "work/. With a valid nonce, the institution-wide limits do not apply."),
    OpenApiParameter(WORK_NONCE_HEADER, OpenApiTypes.STR, location=OpenApiParameter.HEADER,
                     required=False, description="The nonce: sha256(challenge + nonce) starts "
                     "with the challenge's number of zero bits."),
]


class ReceiptNotFound(exceptions.NotFound):
    default_detail = ("We could not find a report with that receipt. Check it and try again; "
                      "it has 16 letters and numbers.")


# -- public ------------------------------------------------------------------------------------
class InstitutionSubmissionThrottle(BaseThrottle):
    """Public submissions through the API without proof of work, per institution per hour on
    the cache (core.ratelimit). Keyed on the institution alone: never an IP address or user
    agent. Only accepted reports are counted (``counted``), so refused junk blocks nobody."""

    window = 60 * 60

    @staticmethod
    def key(request) -> str:
        return f"api-submit:i:{request.institution.pk}"

    def allow_request(self, request, view) -> bool:
        if request.method != "POST" or work_done(request, "report"):
            return True
        limit = getattr(settings, "REPORT_API_SUBMISSIONS_PER_INSTITUTION",
                        SUBMISSIONS_PER_INSTITUTION)
        try:
            ratelimit.check(self.key(request), limit=limit, window=self.window)
        except ratelimit.RateLimited as exc:
            self.retry_after = exc.retry_after
            return False
        return True

    @classmethod
    def counted(cls, request) -> None:
        """An accepted report: count it unless it brought proof of work."""
        if not work_done(request, "report"):
            ratelimit.hit(cls.key(request), window=cls.window)

    def wait(self):
        return getattr(self, "retry_after", self.window)


class PublicAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        self.institution = request.institution
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        return super().handle_exception(refusal(exc))

    def throttled(self, request, wait):
        raise TooManyAttempts(
            "Too many reports have reached us through the API in the last hour. Try again in "
            f"{int(wait) // 60 + 1} minutes, send with proof of work (see work/), or use the "
            "form on our website. If you are in danger now, call 999.", int(wait))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"  # receipts and reporters' words
        return response


class PublicWorkView(PublicAPIView):
    @extend_schema(operation_id="report_public_work", tags=PUBLIC,
                   summary="A proof-of-work challenge for a submission or a receipt",
                   description="Find a nonce so that sha256(challenge + nonce) starts with "
                   "`bits` zero bits; send both as X-Work-Challenge and X-Work-Nonce. Each "
                   "challenge works once, for an hour.",
                   parameters=[OpenApiParameter("purpose", OpenApiTypes.STR,
                                                enum=list(WORK_PURPOSES), required=True)],
                   responses={200: s.WorkChallengeSerializer, 400: ErrorSerializer})
    def get(self, request, institution_slug: str):
        purpose = request.query_params.get("purpose", "")
        if purpose not in WORK_PURPOSES:
            raise exceptions.ValidationError({"purpose": ["Use report or receipt."]})
        return Response({**challenge_issue(purpose=purpose,
                                           institution_id=self.institution.pk),
                         "purpose": purpose})


class PublicCategoriesView(PublicAPIView):
    @extend_schema(operation_id="report_public_categories", tags=PUBLIC,
                   summary="What happened: the categories the form offers",
                   responses={200: PublicCategorySerializer(many=True)})
    def get(self, request, institution_slug: str):
        categories = ReportCategory.objects.for_institution(self.institution).filter(
            is_active=True)
        return Response(PublicCategorySerializer(categories, many=True).data)


class PublicSupportServicesView(PublicAPIView):
    @extend_schema(operation_id="report_public_support_services", tags=PUBLIC,
                   summary="Where to get support, at the institution and outside it",
                   responses={200: s.PublicSupportServiceSerializer(many=True)})
    def get(self, request, institution_slug: str):
        services = SupportService.objects.for_institution(self.institution).filter(
            is_active=True)
        return Response(s.PublicSupportServiceSerializer(services, many=True).data)


def _long_date(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def next_steps(report: Report, due) -> list[str]:
    """What happens now, in plain words, for the submission answer (``due``: the first
    contact's due date, if the institution's procedure sets one)."""
    institution = report.institution
    by = f" no later than {_long_date(due)}" if due else ""
    if report.is_anonymous:
        steps = [
            "Keep your receipt somewhere safe. It is the only way back to your report: it "
            "cannot be shown again or recovered.",
            f"Come back with your receipt to read replies and add to your report. The team "
            f"aims to reply there{by}.",
            "Because you stayed anonymous, nobody can contact you. If you would like support, "
            "you can give your contact details later with your receipt.",
        ]
        if report.wants_formal_report:
            steps.append("A formal report cannot be made anonymously: if you decide to make "
                         "one, give your contact details with your receipt.")
    else:
        team = institution.role_label(Role.SUPPORT_CASEWORKER)
        article = "An" if team[:1].lower() in "aeiou" else "A"
        how = {Report.ContactMethod.EMAIL: " by email",
               Report.ContactMethod.PHONE: " by phone"}.get(report.preferred_contact, "")
        steps = [
            f"{article} {team} aims to contact you{how}{by}, to offer an initial "
            "appointment in person or online.",
            "Keep your receipt if you would like to read messages and add to your report "
            "online: it cannot be shown again or recovered.",
        ]
    steps.append("If you are in danger now, call 999.")
    return steps


class PublicReportSubmitView(PublicAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [InstitutionSubmissionThrottle]

    @extend_schema(
        operation_id="report_public_submit", tags=PUBLIC,
        summary="Submit a disclosure or report, named or anonymous",
        description=(
            "JSON, or multipart/form-data with evidence files. Field errors answer 400 and "
            "nothing is kept. Throttled per institution per hour (never per IP address). "
            "The receipt is in this answer only."),
        parameters=WORK_PARAMETERS,
        request={"application/json": s.ReportSubmitSerializer,
                 "multipart/form-data": s.ReportSubmitMultipartSerializer},
        responses={201: s.ReportSubmittedSerializer, 400: ErrorSerializer,
                   429: ErrorSerializer})
    def post(self, request, institution_slug: str):
        body = s.ReportSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        files = request.FILES.getlist("files") + request.FILES.getlist("files[]")
        evidence_quota_check(institution=self.institution, incoming=upload_size(files))
        result = submission.report_submit(institution=self.institution,
                                          data=dict(body.validated_data), files=files)
        InstitutionSubmissionThrottle.counted(request)
        report = result.report
        return Response({"reference": report.reference, "receipt": result.receipt,
                         "anonymous": report.is_anonymous,
                         "next_steps": next_steps(report, result.first_contact_due)},
                        status=status.HTTP_201_CREATED)


CLIENT_HEADER_PARAMETER = OpenApiParameter(
    CLIENT_HEADER, OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description="Optional: a random value (16-128 letters, digits, - or _) your app makes once "
    "and keeps. Wrong receipts are counted per token, so one client's typos do not lock out "
    "others. Never an identifier of the person.")
FOLLOW_UP_HEADERS = [CLIENT_HEADER_PARAMETER, *WORK_PARAMETERS]


class FollowUpAPIView(PublicAPIView):
    """Every follow-up endpoint re-checks the receipt, with the same counting of failures."""

    def client_key(self) -> str:
        session = getattr(self.request, "session", None)
        if session is not None and session.session_key:
            return session.session_key
        token = self.request.headers.get(CLIENT_HEADER, "")
        if _CLIENT_TOKEN.fullmatch(token):
            digest = hashlib.sha256(f"{self.institution.pk}:{token}".encode()).hexdigest()
            return f"api:{self.institution.pk}:t:{digest[:32]}"
        return f"api:{self.institution.pk}:shared"

    def report_for(self, receipt: str) -> Report:
        report = followup.report_for_receipt(institution=self.institution, receipt=receipt,
                                             session_key=self.client_key(),
                                             worked=work_done(self.request, "receipt"))
        if report is None:
            raise ReceiptNotFound()
        return report

    def thread(self, report: Report, *, code=status.HTTP_200_OK) -> Response:
        report.refresh_from_db()
        messages = followup.reporter_thread(report=report)
        return Response(s.follow_up_thread(report, messages), status=code)


class FollowUpView(FollowUpAPIView):
    @extend_schema(operation_id="report_follow_up", tags=PUBLIC,
                   summary="Open your report with its receipt: status and messages",
                   description="Replies are marked as read. Internal notes and staff names "
                   "are never shown.", parameters=FOLLOW_UP_HEADERS,
                   request=s.ReceiptSerializer,
                   responses={200: s.FollowUpThreadSerializer, 400: ErrorSerializer,
                              404: ErrorSerializer, 429: ErrorSerializer})
    def post(self, request, institution_slug: str):
        body = s.ReceiptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.thread(self.report_for(body.validated_data["receipt"]))


class FollowUpReplyView(FollowUpAPIView):
    @extend_schema(operation_id="report_follow_up_reply", tags=PUBLIC,
                   summary="Write to the support team", parameters=FOLLOW_UP_HEADERS,
                   request=s.FollowUpReplySerializer,
                   responses={201: s.FollowUpThreadSerializer, **PUBLIC_ERRORS})
    def post(self, request, institution_slug: str):
        body = s.FollowUpReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = self.report_for(body.validated_data["receipt"])
        followup.reporter_reply(report=report, body=body.validated_data["body"])
        return self.thread(report, code=status.HTTP_201_CREATED)


class FollowUpFilesView(FollowUpAPIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="report_follow_up_files", tags=PUBLIC,
                   summary="Add files to your report", parameters=FOLLOW_UP_HEADERS,
                   request={"multipart/form-data": s.FollowUpFilesSerializer},
                   responses={201: s.FollowUpThreadSerializer, **PUBLIC_ERRORS})
    def post(self, request, institution_slug: str):
        body = s.FollowUpFilesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = self.report_for(body.validated_data["receipt"])
        files = body.validated_data.get("files", [])
        evidence_quota_check(institution=self.institution, incoming=upload_size(files))
        followup.reporter_add_files(report=report, files=files)
        return self.thread(report, code=status.HTTP_201_CREATED)


class FollowUpIdentityView(FollowUpAPIView):
    @extend_schema(operation_id="report_follow_up_identity", tags=PUBLIC,
                   summary="Give your name and contact details so the team can contact you",
                   parameters=FOLLOW_UP_HEADERS, request=s.FollowUpIdentitySerializer,
                   responses={200: s.FollowUpThreadSerializer, **PUBLIC_ERRORS})
    def post(self, request, institution_slug: str):
        body = s.FollowUpIdentitySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        report = self.report_for(data["receipt"])
        followup.reporter_reveal_identity(
            report=report, name=data["contact_name"], email=data["contact_email"],
            phone=data["contact_phone"], student_id=data["contact_student_id"],
            preferred_contact=data.get("preferred_contact", ""))
        return self.thread(report)
