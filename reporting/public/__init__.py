"""The public Report + Support pages: no account, often a phone, often a bad moment.

Nothing here records an IP address, a user agent or a time: the session holds only a draft's
token, a receipt until it has been shown once, and (for 30 minutes) which report a receipt
opened. Every page is sent with ``Cache-Control: no-store`` so it is not kept in the browser's
cache or history snapshots."""
