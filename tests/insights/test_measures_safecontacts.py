"""Safe Contacts' contacts and referrals in the insight reports (001): counted from the
contact logs through their aggregate selectors, by concern, person and where signposted."""

from __future__ import annotations

import datetime as dt

from insights.figures import Period
from insights.measures import Window, safecontacts
from safecontacts.services.contactlog import contact_log_record

from ..safecontacts.conftest import active, at, kingsway, kp  # noqa: F401 - fixtures

AUTUMN = Period(kind="term", label="Autumn", start=dt.date(2026, 9, 28),
                end=dt.date(2027, 1, 17))
SPRING = Period(kind="term", label="Spring", start=dt.date(2026, 4, 27),
                end=dt.date(2026, 9, 27))


def test_safe_contacts_contacts_and_referrals_are_counted_by_period(kingsway, kp):  # noqa: F811
    record = active(kingsway, kp, kp.applicant)
    user = record.person
    with at("2026-11-20"):
        for concern, kind, signposts in (
                ("harassment", "student", ["report_support", "hr"]),
                ("harassment", "staff", ["hr"]),
                ("sexual_violence", "student", ["isva"])):
            contact_log_record(institution=kingsway, actor=user,
                               contacted_on=dt.date(2026, 11, 16), concern=concern,
                               person_kind=kind, signposted_to=signposts)
    window = Window((AUTUMN, SPRING))
    by_concern = dict(safecontacts.safe_contact_contacts(kingsway, window).rows)
    assert by_concern["Harassment"] == [2, 0]
    assert by_concern["Sexual violence"] == [1, 0]
    assert dict(safecontacts.safe_contact_people(kingsway, window).rows) == {
        "A student": [2, 0], "A member of staff": [1, 0]}
    referrals = dict(safecontacts.safe_contact_referrals(kingsway, window).rows)
    assert referrals["Human Resources"] == [2, 0]
    assert referrals["Report + Support (the institution's reporting tool)"] == [1, 0]
    assert referrals["Independent Sexual Violence Adviser (ISVA) service"] == [1, 0]
    assert referrals["Referred to the Harassment Management Group"] == [0, 0]
