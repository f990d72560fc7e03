"""The Prevent duty action plan of policy 003 ("PREVENT at LSE: action plan, Ver. 14 - 1 Nov
2018"), transcribed: the demo's example action plan (governance/demo.py).

Decision recorded: transcribed rather than parsed. The policy's text is a table flattened to
tabs, broken across page headers in the middle of items 6 and 13 (half an item's action on one
page, the rest after a repeated title); a parser for that one document would be longer than the
table and wrong on the next one. The words are 003's, column by column; only the page breaks
are mended. The dates the demo gives the items are its own (003's are in 2018-2021), so that
the demo shows a plan in use: see governance/demo.py.
"""

from __future__ import annotations

TITLE = "PREVENT at LSE: action plan"
VERSION = "14"
VERSION_DATE = "2018-11-01"

INTRODUCTION = ("This action plan focuses mainly on actions required in the next 12 months as "
                "well as ongoing tasks.")

KEY = ("H-RACU = Head of Risk and Compliance Unit\n"
       "DCPA = Director of Communications and Public Affairs\n"
       "Note: some table entries overlap (eg items 4 and 5) but are listed separately to aid "
       "planning\n"
       "\u201cGuidance para\u201d column = relevant paragraph(s) in Prevent duty guidance: for "
       "higher education institutions in England and Wales, HM Government, 16 July 2015\n"
       "\u201cRisk\u201d column = relevant risk(s) identified in LSE Prevent risk assessment")

#: (item, guidance para, risk, action, timing/detail, lead, notes), as 003 has them.
ITEMS: list[tuple[int, str, str, str, str, str, str]] = [
    (1, "all", "1",
     "Secure agreement from OfS that LSE is demonstrating due regard for Prevent duty, in "
     "respect of annual accountability and data return.",
     "Return due by 3 Dec 2018; Council to approve 20 Nov 2018.", "H-RACU",
     "First return under revised Sep 2018 monitoring framework (first since OfS took over "
     "from HEFCE)."),
    (2, "21", "all", "Review and update this action plan.", "Review before annual return.",
     "H-RACU", "LSE Prevent Group approved this revised action plan on TBC"),
    (3, "19, 20 etc", "all",
     "Keep LSE Prevent risk assessment under review and report any substantive changes to "
     "HEFCE/OfS.", "Review before annual return.", "H-RACU",
     "Particular interest from Audit Committee and Council. Council last agreed (essentially "
     "unchanged) risk assessment on 21 Nov 2017."),
    (4, "7-13", "1, 5", "Keep Code of Practice on Free Speech under periodic review.",
     "By May 2021 or earlier if legislative or other relevant circumstances change.", "H-RACU",
     "Council last agreed updated Code on 15 May 2018."),
    (5, "7-12", "1, 2, 5, 6",
     "Keep procedures for assessing and mitigating risks from external speakers and events "
     "(inc. branded off-campus events) under periodic review, in line with Code of Practice on "
     "Free Speech etc.", "Ongoing",
     "H-RACU supported by Room Bookings, Events Office, LSE Security, DCPA.",
     "Must balance against legal duties to ensure free speech and academic freedom. Small new "
     "network of \u201crisk spotters\u201d established Autumn 2017. New network of "
     "event-planning staff in all academic units launched Jan 2018, with 100% coverage "
     "achieved. Rules and guidance governing events revised June 2018."),
    (6, "8, 19, 20", "3, 4, 7",
     "Review Equality Impact Assessment (EIA) of Prevent procedures.", "January 2020",
     "H-RACU", "LSE Prevent Group last approved EIA in February 2018."),
    (7, "16, 18", "1",
     "Establish and maintain \u201cpartnership\u201d links with relevant bodies, inc. police "
     "and DfE regional HE/FE network coordinators.", "Ongoing", "H-RACU",
     "Links already established with London network, which includes police, local "
     "authorities etc."),
    (8, "16", "3, 4", "Engage and consult students on plans for implementing duty.",
     "Offer LSESU tailored briefing for SU and students annually, e.g. when new sabbatical "
     "officers assume positions.", "H-RACU and LSESU",
     "LSESU Gen Sec is invited to attend LSE Prevent Group. Special briefing sessions run for "
     "LSESU officers and staff twice in 2017."),
    (9, "17", "1", "Maintain a single point of contact to share information internally.",
     "Ongoing", "H-RACU",
     "H-RACU named in 18 Sep 2015 message to LSE community and numerous subsequent notices "
     "and documents."),
    (10, "22, 24", "3, 4, 6, 7", "Provide initial or refresher staff training as necessary.",
     "Focus 2018-19 training on groups less well covered to date, eg residence wardens and "
     "sub-wardens.", "H-RACU", ""),
    (11, "23", "2, 5, 6",
     "Review internal and external procedures in respect of sharing information on vulnerable "
     "individuals",
     "Review agreed procedures every 3 years or before any actual use, therefore June 2019 at "
     "latest.", "H-RACU",
     "Procedure agreed at Director\u2019s Management Team (as was) meeting Dec 2014. Referral "
     "into Channel process potentially sensitive, therefore requires explicit approval of "
     "Director or a Pro-Director on recommendation of Prevent Group. Template for data-sharing "
     "agreement with third parties agreed by SMC June 2016."),
    (12, "25", "2, 3, 5, 6",
     "Ensure sufficient support for students through provision of welfare, chaplaincy, "
     "safeguarding and pastoral care", "Ongoing",
     "Chaplain & Interfaith Advisor; School Senior Advocate for Students; student support "
     "staff.",
     "Extensive arrangements already in place. All key staff trained in Prevent. Student "
     "Wellbeing Service \u201cCause for Concern\u201d I comprehensive guidance for staff fully "
     "updated with appropriate references to Prevent duty, annually since 2016."),
    (13, "26", "2, 3, 5, 6",
     "Ensure appropriate policies in place for use of prayer room/faith-related facilities",
     "Review in MT 2018.", "H-RACU and Chaplain & Interfaith Advisor",
     "Review with H-RACU held 26 Nov 2015."),
    (14, "27, 28", "2, 5, 6",
     "Ensure appropriate policies and procedures in place for use of IT, with explicit refs to "
     "Prevent duty.", "Review at Information Security Advisory Board in LT 2019.",
     "Information Security Manager for IMT; H-RACU and Research Division for policies on "
     "sensitive research.",
     "IT Committee approved amendments to Information Security Policy and Conditions of Use "
     "in Dec 2015. Monitoring and Logging Policy amended Jan 2016. Comms Division updated "
     "policies and guidance on use of social media in 2016."),
    (15, "29", "3, 5",
     "Students' union and societies to cooperate with School policies on Prevent duty.",
     "Ongoing", "LSESU",
     "LSESU Gen Sec is a member of Prevent group. However, SU is not directly covered by "
     "Prevent duty."),
    (16, "30", "3, 5",
     "Students' union to consider Prevent or other relevant training for SU staff and elected "
     "officers", "At intervals such as when new sabbatical officers take office.", "LSESU",
     "Covered in practice by item 8."),
    (17, "", "1",
     "Maintain appropriate internal governance and reporting regime, including Audit "
     "Committee (AuC) and Council at suitable intervals.",
     "Next AuC review 21 May 2019. Next Council review Nov 2018 unless circumstances require "
     "earlier.", "Council, on advice of School Secretary",
     "Aligned with OFS reporting and monitoring regime plus Audit Committee (AuC) and Council "
     "timetables. AuC last reviewed 22 May 2018. Council last reviewed when approving Annual "
     "Return on 21 Nov 2017."),
]
