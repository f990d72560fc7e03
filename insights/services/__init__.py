"""The insights services: the only code that changes a report or an import."""
