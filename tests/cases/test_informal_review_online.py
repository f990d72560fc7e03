"""004: a reporting student "is not able to submit an appeal" but may "request an informal
review of the decision or the disciplinary process" directly. From the secure link of a letter
they were sent, they ask online; the request waits for the Student Conduct team (told by
email, nothing of what the student wrote in it) to ask someone independent, who then records
the review and the student is written to. Kingsway's procedure (002) has no such review."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from cases.models import CaseRole, InformalReview, LetterKind

from . import api_support, rules_support
from .rules_support import letters, on, reload
from .test_party_portal import decided

pytestmark = pytest.mark.django_db
midshire = rules_support.midshire  # conftest's fixture fails; see rules_support

CONCERNS = "Nobody told me how the penalty was chosen, and it does not match the harm."


def ask(client, slug, token, **overrides):
    data = {"concerns": CONCERNS, "signed": "on"}
    data.update(overrides)
    return client.post(f"/{slug}/letters/{token}/informal-review/", data)


def test_reporting_student_asks_for_an_informal_review_online_at_midshire(
        midshire, ms, django_capture_on_commit_callbacks, client):
    case, _, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with on("2026-12-21", django_capture_on_commit_callbacks):
        page = client.get(f"/midshire/letters/{party_token}/").content.decode()
        assert "Ask for an informal review of the outcome" in page
        form = client.get(f"/midshire/letters/{party_token}/informal-review/")
        assert form.status_code == 200
        assert "will not change the outcome" in form.content.decode()
        done = ask(client, "midshire", party_token)
    assert "Your request was received" in done.content.decode()
    review = InformalReview.objects.for_institution(midshire).get(case=case)
    assert (review.via, review.reviewer_id, review.recorded_by_id, review.concerns) == (
        InformalReview.Via.ONLINE, None, None, CONCERNS)
    assert review.awaits_reviewer
    event = AuditEvent.objects.for_institution(midshire).get(
        action="informal_review.requested")
    assert event.actor_id is None
    assert "online request" in event.actor_label
    # The Student Conduct team hears of it by email: the reference, not the student's words.
    [notice] = [m for m in mail.outbox if ms.secretary.email in m.to]
    assert case.reference in notice.subject
    assert CONCERNS not in notice.body
    assert f"/midshire/staff/cases/{case.pk}/" in notice.body
    # One request per outcome: the letters page no longer offers it, the form says why.
    with on("2026-12-22", django_capture_on_commit_callbacks):
        page = client.get(f"/midshire/letters/{party_token}/").content.decode()
        assert "Ask for an informal review of the outcome" not in page
        again = client.get(f"/midshire/letters/{party_token}/informal-review/")
        assert "already asked for an informal review" in again.content.decode()
        ask(client, "midshire", party_token)
    assert InformalReview.objects.for_institution(midshire).filter(case=case).count() == 1


def test_online_request_needs_what_the_student_is_dissatisfied_with(
        midshire, ms, django_capture_on_commit_callbacks, client):
    case, _, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        unsigned = ask(client, "midshire", party_token, signed="")
        empty = ask(client, "midshire", party_token, concerns="   ")
    assert unsigned.status_code == empty.status_code == 200
    assert "Confirm that you are asking for this review" in unsigned.content.decode()
    assert CONCERNS in unsigned.content.decode()  # what they typed is kept
    assert "There is a problem" in empty.content.decode()
    assert not InformalReview.objects.for_institution(midshire).filter(case=case).exists()


def test_kingsway_reporting_student_has_no_informal_review_online(
        kingsway, ks, django_capture_on_commit_callbacks, client):
    """002 gives reporting parties no informal review: no action, and the form says so."""
    case, _, party_token = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        page = client.get(f"/kingsway/letters/{party_token}/").content.decode()
        form = client.get(f"/kingsway/letters/{party_token}/informal-review/")
        posted = ask(client, "kingsway", party_token)
    assert "Ask for an informal review" not in page
    assert "gives reporting students no informal review" in form.content.decode()
    assert "gives reporting students no informal review" in posted.content.decode()
    assert not InformalReview.objects.for_institution(kingsway).exists()


def test_only_a_reporting_students_own_link_opens_the_informal_review_form(
        midshire, kingsway, ms, django_capture_on_commit_callbacks, client):
    case, token, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        respondent_page = client.get(f"/midshire/letters/{token}/").content.decode()
        assert "Ask for an informal review" not in respondent_page
        assert client.get(f"/midshire/letters/{token}/informal-review/").status_code == 404
        assert ask(client, "midshire", token).status_code == 404
        assert client.get(f"/kingsway/letters/{party_token}/informal-review/"
                          ).status_code == 404
    assert not InformalReview.objects.for_institution(midshire).exists()


def test_staff_ask_someone_independent_then_the_student_hears_the_finding(
        midshire, ms, django_capture_on_commit_callbacks, client):
    case, _, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        ask(client, "midshire", party_token)
    review = InformalReview.objects.for_institution(midshire).get(case=case)
    page = f"/midshire/staff/cases/{case.pk}/informal-reviews/{review.pk}/reviewer/"
    with on("2026-12-22", django_capture_on_commit_callbacks):
        client.force_login(ms.secretary)
        detail = client.get(f"/midshire/staff/cases/{case.pk}/").content.decode()
        assert "Nobody asked yet" in detail
        assert page in detail  # offered under "What you can do now"
        assert CONCERNS in client.get(page).content.decode()
        # The investigator was involved in the case: not independent.
        refused = client.post(page, {"reviewer": ms.investigator.pk})
        assert refused.status_code == 200
        assert "Choose one of the people listed" in refused.content.decode()
        assert client.post(page, {"reviewer": ms.reviewer.pk}).status_code == 302
    review.refresh_from_db()
    assert review.reviewer == ms.reviewer
    assert not review.awaits_reviewer
    assert case.assignments.filter(user=ms.reviewer, role=CaseRole.INDEPENDENT_REVIEWER,
                                   ended_at__isnull=True).exists()
    with on("2026-12-23", django_capture_on_commit_callbacks):
        client.force_login(ms.secretary)
        # Already appointed: the page says so and offers no form.
        assert "already been asked to review" in client.get(page).content.decode()
        client.force_login(ms.reviewer)
        done = client.post(
            f"/midshire/staff/cases/{case.pk}/informal-reviews/{review.pk}/complete/",
            {"findings": "The penalty is within the table; the reasons were not explained.",
             "learning": "Explain sanctions to reporting students."})
        assert done.status_code == 302
    [letter] = letters(reload(case), LetterKind.INFORMAL_REVIEW_OUTCOME)
    assert letter.recipient_key == f"party-{review.party_id}"


def test_informal_reviewer_appointed_through_the_api(
        midshire, ms, django_capture_on_commit_callbacks, client):
    case, _, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        ask(client, "midshire", party_token)
    review = InformalReview.objects.for_institution(midshire).get(case=case)
    action = f"informal-reviews/{review.pk}/reviewer"
    with on("2026-12-22", django_capture_on_commit_callbacks):
        detail = api_support.get(ms.secretary, midshire, case.pk)
        [shown] = [r for r in detail["informal_reviews"] if r["id"] == review.pk]
        assert (shown["via"], shown["reviewer"], shown["reviewer_name"]) == (
            "online", None, None)
        assert ("informal_review_appoint", review.pk, True) in {
            (a["key"], a["object_id"], a["allowed"]) for a in detail["available_actions"]}
        bad = api_support.post(ms.secretary, midshire, case.pk, action,
                               {"reviewer": ms.investigator.pk}, expect=400)
        assert "reviewer" in bad["errors"]
        api_support.post(ms.investigator, midshire, case.pk, action,
                         {"reviewer": ms.reviewer.pk}, expect=403)
        body = api_support.post(ms.secretary, midshire, case.pk, action,
                                {"reviewer": ms.reviewer.pk})
    assert body["review"]["reviewer"] == ms.reviewer.pk
    assert reload(case).informal_reviews.get().reviewer == ms.reviewer


def test_online_request_waits_in_my_work_until_reviewed(
        midshire, ms, django_capture_on_commit_callbacks, client):
    """004 sets no time limit, so the request waits, in "Waiting on me": first for those who
    record requests, then for the reviewer asked; never for anyone else."""
    from accounts.selectors import membership_get
    from accounts.workspace import WAITING, my_work
    from cases.services.informal_reviews import informal_review_appoint

    def waiting(user) -> list[tuple[str, str]]:
        work = my_work(membership=membership_get(user=user, institution=midshire))
        return [(i.reference, i.what) for i in work.buckets[WAITING]
                if i.kind == "informal_review"]

    case, _, party_token = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        ask(client, "midshire", party_token)
        assert waiting(ms.secretary) == [
            (case.reference, "Ask someone independent to review the request made online")]
        assert waiting(ms.reviewer) == waiting(ms.bystander) == waiting(ms.caseworker) == []
        client.force_login(ms.secretary)
        api = client.get("/api/v1/midshire/my-work/").json()
        assert [i["kind"] for i in api["buckets"]["waiting"]].count("informal_review") == 1
        informal_review_appoint(review=InformalReview.objects.for_institution(midshire).get(),
                                actor=ms.secretary, reviewer=ms.reviewer)
        assert waiting(ms.secretary) == []
        assert waiting(ms.reviewer) == [(case.reference, "Record the informal review")]
