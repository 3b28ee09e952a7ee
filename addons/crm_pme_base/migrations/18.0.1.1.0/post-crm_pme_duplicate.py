# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Give every listed pair of possible duplicates the company whose users see
both partners (issue 11): pairs found across batches had no company and showed
to every company. A pair of partners of two different companies is dropped;
the monthly job never lists one any more."""


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM crm_pme_duplicate d
         USING res_partner pa, res_partner pb
         WHERE pa.id = d.partner_id
           AND pb.id = d.duplicate_id
           AND pa.company_id IS NOT NULL
           AND pb.company_id IS NOT NULL
           AND pa.company_id != pb.company_id
        """
    )
    cr.execute(
        """
        UPDATE crm_pme_duplicate d
           SET company_id = COALESCE(pa.company_id, pb.company_id)
          FROM res_partner pa, res_partner pb
         WHERE pa.id = d.partner_id
           AND pb.id = d.duplicate_id
           AND d.company_id IS DISTINCT FROM COALESCE(pa.company_id, pb.company_id)
        """
    )
