from datetime import datetime

from odoo.addons.crm_pme_base.tests.common import CrmPmeCase

# Naive UTC datetimes (Paris is UTC+1 in December).
TUESDAY_1030 = datetime(2026, 12, 1, 9, 30)  # Tuesday 1 Dec 2026, 10:30 Paris
SATURDAY_1030 = datetime(2026, 12, 5, 9, 30)
SUNDAY_2300 = datetime(2026, 12, 6, 22, 0)
CHRISTMAS_1030 = datetime(2026, 12, 25, 9, 30)


class MarketingCase(CrmPmeCase):
    """A company (professional line) with a contact, and two consumers: one
    who gave a phone consent, one who did not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.pro = Partner.create(
            cls._company_vals(
                "Menuiserie Mkt Dupont",
                phone="+33 4 78 00 00 01",
                email="contact@menuiserie-mkt.example.com",
            )
        )
        cls.pro_contact = Partner.create(
            {
                "name": "Paul Mkt Dupont",
                "parent_id": cls.pro.id,
                "phone": "+33 6 11 00 00 01",
                "email": "paul@menuiserie-mkt.example.com",
            }
        )
        consumer_vals = {
            "company_id": cls.company_a.id,
            "country_id": cls.fr.id,
            "zip": "69003",
            "city": "Lyon",
        }
        cls.consumer = Partner.create(
            dict(consumer_vals, name="Jeanne Mkt Particulier", phone="06 12 00 00 01")
        )
        cls.consumer_no_consent = Partner.create(
            dict(consumer_vals, name="Jules Mkt Sans Accord", phone="06 12 00 00 02")
        )
        cls.env["crm.pme.consent"].create(
            {
                "partner_id": cls.consumer.id,
                "company_id": cls.company_a.id,
                "channel": "phone",
                "state": "granted",
                "source": "Salon Mkt",
            }
        )

    @classmethod
    def _call_vals(cls, partner, date, **extra):
        vals = {
            "name": f"Appel Mkt {partner.name}",
            "partner_id": partner.id,
            "partner_phone": partner.phone,
            "date": date,
            "direction": "out",
            "company_id": cls.company_a.id,
        }
        vals.update(extra)
        return vals
