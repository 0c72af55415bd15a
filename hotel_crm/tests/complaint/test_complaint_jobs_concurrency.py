import uuid

from odoo.tests import TransactionCase, tagged

from ..common_concurrency import ConcurrencyMixin

THRESHOLD = 3


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestCrisisWarningConcurrency(ConcurrencyMixin, TransactionCase):
    """The crisis early-warning job run twice at the same moment: one alert per spike, the crisis
    team warned once, and the second run skips instead of failing on the unique ``spike_key``.

    (The SLA job, which shares its rows between runs, is ``TestComplaintConcurrency``.) Data is
    committed from real connections and removed again in a cleanup, the property's thresholds
    restored.
    """

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            company = env.ref("base.main_company")
            self.thresholds = {
                "hotel_crisis_complaint_count": company.hotel_crisis_complaint_count,
                "hotel_crisis_complaint_hours": company.hotel_crisis_complaint_hours,
            }
            company.write({"hotel_crisis_complaint_count": THRESHOLD, "hotel_crisis_complaint_hours": 24})
            category = env["hotel.crm.complaint.category"].create(
                {"name": f"Concurrent spike {self.token}", "code": f"SPIKE{self.token}"}
            )
            guest = env["res.partner"].create({"name": f"Spike Guest {self.token}", "hotel_guest": True})
            complaints = env["hotel.crm.complaint"].create(
                [
                    {
                        "name": f"Spike {self.token} {n}",
                        "partner_id": guest.id,
                        "company_id": company.id,
                        "category_id": category.id,
                        "feedback_type": "complaint",
                    }
                    for n in range(THRESHOLD)
                ]
            )
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit
            self.company_id, self.category_id, self.guest_id = company.id, category.id, guest.id
            self.complaint_ids = complaints.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._cursor() as cr:
            env = self._env(cr)
            cr.execute("SELECT id FROM hotel_crm_crisis_alert WHERE category_id = %s", [self.category_id])
            ids = {
                "alerts": tuple(row[0] for row in cr.fetchall()) or (0,),
                "complaints": tuple(self.complaint_ids),
                "guest": self.guest_id,
            }
            owned = (
                "(model = 'hotel.crm.crisis.alert' AND res_id IN %(alerts)s) "
                "OR (model = 'hotel.crm.complaint' AND res_id IN %(complaints)s) "
                "OR (model = 'res.partner' AND res_id = %(guest)s)"
            )
            self._delete_mail_of(cr, owned, ids)
            cr.execute("DELETE FROM hotel_crm_crisis_alert WHERE id IN %(alerts)s", ids)
            cr.execute("DELETE FROM hotel_crm_complaint WHERE id IN %(complaints)s", ids)
            cr.execute("DELETE FROM hotel_crm_complaint_category WHERE id = %s", [self.category_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.guest_id])
            env["res.company"].browse(self.company_id).write(self.thresholds)
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit

    def test_crisis_job_twice_at_once(self):
        def run_job(env):
            alerts = env["hotel.crm.crisis.alert"]._cron_detect_spikes()
            return alerts.filtered(lambda a: a.category_id.id == self.category_id).ids

        results = self._run_together(run_job)
        self.assertTrue(
            all(isinstance(result, list) for result in results.values()),
            f"neither run fails on the unique spike key, the second one skips: {results}",
        )
        self.assertEqual(sorted(len(result) for result in results.values()), [0, 1], "one run raises the alert")
        with self._cursor() as cr:
            cr.execute("SELECT id, count FROM hotel_crm_crisis_alert WHERE category_id = %s", [self.category_id])
            alerts = cr.fetchall()
            self.assertEqual(len(alerts), 1, "one alert for the spike")
            self.assertEqual(alerts[0][1], THRESHOLD, "its complaints counted once")
            cr.execute(
                "SELECT COUNT(*) FROM mail_message WHERE model = 'hotel.crm.crisis.alert' AND res_id = %s "
                "AND body LIKE %s",
                [alerts[0][0], "%Crisis warning%"],
            )
            self.assertEqual(cr.fetchone()[0], 1, "the crisis team is warned once")
