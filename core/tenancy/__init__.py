"""Tenancy: every tenant-owned row belongs to one institution, and queries fail closed.

``scoping`` (TenantModel, its managers, ``for_institution`` / ``across_institutions``), ``context``
(the institution a request or task works for) and ``checks`` (the system check that every
tenant-owned model fails closed). This package depends on Django only; the ``Institution`` model it
points at is named by its label (``"institutions.Institution"``), not imported.
"""
