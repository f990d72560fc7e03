"""Staff pages for Report + Support, under /<institution_slug>/staff/reports/ (namespace
staff:reporting): the triage queue, the report page, the casework actions and escalation."""
