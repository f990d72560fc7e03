"""The Safe Contact API (safecontacts/api_urls.py)."""
