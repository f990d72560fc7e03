"""The audit events of single sign-on (issue 14 §1). Payloads name the provider and, for a
refusal, a keyed hash of the identity: never the identity itself."""

AUDIT_EVENTS = ("sso.signed_in", "sso.refused")
