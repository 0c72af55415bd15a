import uuid
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ...models.loyalty.hotel_crm_greeting import HotelCrmGreeting
from ..common_concurrency import ConcurrencyMixin

MESSAGE_OWNERS = (
    "(model = 'res.partner' AND res_id = %(guest)s) OR (model = 'hotel.crm.tier.grant' AND res_id IN %(grants)s)"
)


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyJobsConcurrency(ConcurrencyMixin, TransactionCase):
    """The greeting and tier-grant expiry jobs run twice at the same moment (a second cron record,
    a server action, a script beside the scheduled run): one run does the work, the other skips
    without an error; one greeting, one e-mail, one expiry and one chatter line per guest.

    Data is committed from real connections and removed again in a cleanup.
    """

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            company = env.ref("base.main_company")
            self.today = company._hotel_today()
            guest = env["res.partner"].create(
                {
                    "name": f"Concurrent Birthday {self.token}",
                    "email": f"bday.{self.token}@example.com",
                    "hotel_guest": True,
                    "hotel_consent_email": True,
                    "hotel_consent_marketing": True,
                    "hotel_birthday": self.today.replace(year=1984) if self.today.month != 2 else self.today,
                }
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.company_id, self.guest_id = company.id, guest.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._cursor() as cr:
            cr.execute("SELECT id FROM hotel_crm_tier_grant WHERE partner_id = %s", [self.guest_id])
            ids = {"guest": self.guest_id, "grants": tuple(row[0] for row in cr.fetchall()) or (0,)}
            self._delete_mail_of(cr, MESSAGE_OWNERS, ids)
            cr.execute("DELETE FROM hotel_crm_greeting WHERE partner_id = %s", [self.guest_id])
            cr.execute("DELETE FROM hotel_crm_points_move WHERE partner_id = %s", [self.guest_id])
            cr.execute("DELETE FROM hotel_crm_tier_grant WHERE partner_id = %s", [self.guest_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.guest_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_greetings_job_twice_at_once(self):
        original = HotelCrmGreeting._hotel_greeting_candidates

        def this_guest_only(records, occasion, today):
            # the demo guests born today are not this test's subject (nor its cleanup's)
            return [pid for pid in original(records, occasion, today) if pid == self.guest_id]

        with patch.object(HotelCrmGreeting, "_hotel_greeting_candidates", this_guest_only):
            results = self._run_together(lambda env: env["hotel.crm.greeting"]._cron_hotel_send_greetings())
        self.assertEqual(sorted(results.values(), key=str), [0, 1], f"one run greets, the other skips: {results}")
        with self._cursor() as cr:
            cr.execute(
                "SELECT occasion, year, mail_id IS NOT NULL FROM hotel_crm_greeting WHERE partner_id = %s",
                [self.guest_id],
            )
            self.assertEqual(cr.fetchall(), [("birthday", self.today.year, True)], "greeted once")
            cr.execute(
                "SELECT COUNT(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id "
                "WHERE msg.model = 'res.partner' AND msg.res_id = %s",
                [self.guest_id],
            )
            self.assertEqual(cr.fetchone()[0], 1, "one birthday e-mail")
            cr.execute(
                "SELECT COUNT(*) FROM hotel_crm_points_move "
                "WHERE partner_id = %s AND origin_model = 'hotel.crm.greeting'",
                [self.guest_id],
            )
            self.assertLessEqual(cr.fetchone()[0], 1, "the birthday bonus, if any, is booked once")

    def test_tier_grant_expiry_twice_at_once(self):
        with self._cursor() as cr:
            env = self._env(cr)
            tier = env["hotel.crm.tier"]._hotel_ranked()[-1:]
            grant = env["hotel.crm.tier.grant"].create(
                {
                    "partner_id": self.guest_id,
                    "tier_id": tier.id,
                    "company_id": self.company_id,
                    "date_from": self.today - timedelta(days=30),
                    "date_until": self.today + timedelta(days=30),
                    "reason": "vip_courtesy",
                }
            )
            env.flush_all()
            # its last day passed without the job noticing yet
            cr.execute(
                "UPDATE hotel_crm_tier_grant SET date_until = %s WHERE id = %s",
                [self.today - timedelta(days=1), grant.id],
            )
            cr.commit()  # pylint: disable=invalid-commit
            grant_id = grant.id

        results = self._run_together(lambda env: env["hotel.crm.tier.grant"]._cron_expire())
        self.assertTrue(all(isinstance(result, int) for result in results.values()), f"neither run fails: {results}")
        self.assertEqual(min(results.values()), 0, "the second run skips")
        self.assertGreaterEqual(max(results.values()), 1, "the first run expires the grant")
        with self._cursor() as cr:
            cr.execute("SELECT state FROM hotel_crm_tier_grant WHERE id = %s", [grant_id])
            self.assertEqual(cr.fetchone()[0], "expired")
            cr.execute(
                "SELECT COUNT(*) FROM mail_message WHERE model = 'res.partner' AND res_id = %s AND body LIKE %s",
                [self.guest_id, "%ended on%"],
            )
            self.assertEqual(cr.fetchone()[0], 1, "the end of the grant is logged once")
