"""Letters for every app: per-institution templates of each registered kind, letters rendered to
tagged PDF by the outbox relay, stored encrypted with their SHA-256, versions and corrections,
the silence-clause check (000 §9) and delivery records. See ``letters.registry``."""
