"""The governance API, under /api/v1/<institution_slug>/governance/."""
