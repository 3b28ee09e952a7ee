# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Compute the company-dependent RFM figures of every company (their old
single-company columns were dropped in pre-migrate)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._crm_pme_recompute_rfm()
