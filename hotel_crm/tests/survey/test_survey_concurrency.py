import uuid
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged

from ...models.survey.hotel_crm_survey_invitation import HotelCrmSurveyInvitation
from ..common_concurrency import ConcurrencyMixin


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyConcurrency(ConcurrencyMixin, TransactionCase):
    """Two workers at once on the guest's voice: the invitation job run twice at the same moment,
    the same answer submitted twice at the same moment.

    The workers use real connections: the test commits its data and removes everything committed
    again in a cleanup (the suite runs twice on the same database).
    """

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            company = env.ref("base.main_company")
            departure = company._hotel_today() - timedelta(days=company.hotel_survey_delay_days)
            guest = env["res.partner"].create(
                {
                    "name": f"Concurrent Voice {self.token}",
                    "email": f"voice.{self.token}@example.com",
                    "hotel_guest": True,
                    "hotel_consent_email": True,
                    "hotel_consent_survey": True,
                }
            )
            stay = (
                env["hotel.crm.stay"]
                .with_context(hotel_loyalty_no_points=True, hotel_no_preference_service=True)
                .create(
                    {
                        "partner_id": guest.id,
                        "company_id": company.id,
                        "external_ref": f"VOICE-{self.token}",
                        "arrival_date": departure - timedelta(days=2),
                        "departure_date": departure,
                        "state": "checked_out",
                    }
                )
            )
            env.flush_all()
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM hotel_crm_survey_invitation")
            self.invitation_mark = cr.fetchone()[0]
            cr.commit()  # pylint: disable=invalid-commit
            self.company_id, self.guest_id, self.stay_id = company.id, guest.id, stay.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._cursor() as cr:
            # every invitation the jobs committed (at most the ones of this test's stay), their
            # answers, mails and texts
            cr.execute(
                "SELECT id, user_input_id FROM hotel_crm_survey_invitation WHERE id > %s", [self.invitation_mark]
            )
            rows = cr.fetchall()
            invitation_ids = tuple(row[0] for row in rows) or (0,)
            cr.execute(
                "SELECT id FROM survey_user_input WHERE hotel_stay_id = %s OR id IN %s",
                [self.stay_id, tuple(row[1] for row in rows if row[1]) or (0,)],
            )
            answer_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("SELECT id FROM hotel_crm_complaint WHERE partner_id = %s", [self.guest_id])
            complaint_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            owned = (
                "(model = 'hotel.crm.survey.invitation' AND res_id IN %(invitations)s) "
                "OR (model = 'survey.user_input' AND res_id IN %(answers)s) "
                "OR (model = 'hotel.crm.complaint' AND res_id IN %(complaints)s) "
                "OR (model = 'res.partner' AND res_id = %(guest)s) "
                "OR (model = 'hotel.crm.stay' AND res_id = %(stay)s)"
            )
            ids = {
                "invitations": invitation_ids,
                "answers": answer_ids,
                "complaints": complaint_ids,
                "guest": self.guest_id,
                "stay": self.stay_id,
            }
            self._delete_mail_of(cr, owned, ids)
            cr.execute("DELETE FROM sms_sms WHERE partner_id = %s", [self.guest_id])
            cr.execute("UPDATE survey_user_input SET hotel_complaint_id = NULL WHERE id IN %s", [answer_ids])
            cr.execute("DELETE FROM hotel_crm_complaint WHERE id IN %s", [complaint_ids])
            cr.execute("DELETE FROM hotel_crm_survey_invitation WHERE id IN %s", [invitation_ids])
            cr.execute("DELETE FROM survey_user_input WHERE id IN %s", [answer_ids])
            cr.execute("DELETE FROM hotel_crm_points_move WHERE partner_id = %s", [self.guest_id])
            cr.execute("DELETE FROM hotel_crm_stay WHERE id = %s", [self.stay_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.guest_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_invitation_job_twice_at_once(self):
        original = HotelCrmSurveyInvitation._hotel_invite_company

        def this_property_only(records, company, limit=1000):
            # the demo's other properties are not this test's subject (nor its cleanup's)
            return original(records, company, limit=limit) if company.id == self.company_id else records.browse()

        def run_job(env):
            return env["hotel.crm.survey.invitation"]._cron_send_invitations().ids

        with (
            patch.object(HotelCrmSurveyInvitation, "_hotel_invite_company", this_property_only),
            patch.object(HotelCrmSurveyInvitation, "_hotel_send_reminders", lambda records: records.browse()),
        ):
            results = self._run_together(run_job)
        self.assertTrue(
            all(isinstance(result, list) for result in results.values()),
            f"neither run fails, the second one skips: {results}",
        )
        self.assertEqual(sorted(bool(result) for result in results.values()), [False, True], "one run invites")
        with self._cursor() as cr:
            cr.execute(
                "SELECT i.id, i.user_input_id, i.channel FROM hotel_crm_survey_invitation i WHERE i.stay_id = %s",
                [self.stay_id],
            )
            invitations = cr.fetchall()
            self.assertEqual(len(invitations), 1, "the stay is invited once")
            self.assertTrue(invitations[0][1], "with its answer token")
            self.assertEqual(invitations[0][2], "email")
            cr.execute(
                "SELECT COUNT(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id "
                "WHERE msg.model = 'hotel.crm.survey.invitation' AND msg.res_id = %s",
                [invitations[0][0]],
            )
            self.assertEqual(cr.fetchone()[0], 1, "one e-mail goes to the guest")
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'hotel_crm.job_run.survey_invitations'")
            self.assertTrue(cr.fetchone()[0], "the job's run is stamped")

    def _open_answer(self, scores):
        """An answer of the guest's stay, its scores saved, not yet submitted (committed)."""
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            survey = env.ref("hotel_crm.survey_post_stay")
            answer = survey._create_answer(
                partner=env["res.partner"].browse(self.guest_id),
                check_attempts=False,
                hotel_stay_id=self.stay_id,
                hotel_channel="email",
            )
            for question in survey.question_ids.filtered("hotel_metric"):
                value = scores.get(question.hotel_metric)
                answer._save_lines(question, "" if value is None else str(value))
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit
            return answer.access_token

    def test_same_answer_submitted_twice_at_once(self):
        access_token = self._open_answer({"csat": 2, "nps": 3, "comment": f"Cold room {self.token}"})

        def submit(env):
            # the last page of the survey controller (survey_submit), under Odoo's request retry
            answer = env["survey.user_input"].sudo().search([("access_token", "=", access_token)])
            if answer.state == "done":
                return "unauthorized"  # what survey_submit answers to a finished answer
            answer._mark_done()
            return "done"

        def request(env):
            # what odoo.service.model.retrying does for a request (rollback, fresh environment,
            # again); retrying itself reloads the registry, which the test runner holds
            cr = env.cr
            for _attempt in range(5):
                try:
                    request_env = self._env(cr)
                    result = submit(request_env)
                    request_env.flush_all()
                    return result
                except errors.SerializationFailure:
                    cr.rollback()
            raise AssertionError("still failing after 5 tries")

        results = self._run_together(request, hold=False)
        self.assertEqual(
            sorted(results.values()),
            ["done", "unauthorized"],
            "the second submission waits, is retried on its serialization failure and finds the answer done",
        )
        with self._cursor() as cr:
            cr.execute(
                "SELECT id, state, hotel_csat, hotel_nps, hotel_complaint_id FROM survey_user_input "
                "WHERE access_token = %s",
                [access_token],
            )
            answer_id, state, csat, nps, complaint_id = cr.fetchone()
            self.assertEqual((state, csat, nps), ("done", 2, 3), "the scores are recorded once, as answered")
            cr.execute("SELECT id FROM hotel_crm_complaint WHERE hotel_survey_input_id = %s", [answer_id])
            self.assertEqual([row[0] for row in cr.fetchall()], [complaint_id], "one recovery complaint")
            cr.execute(
                "SELECT COUNT(*) FROM mail_activity a JOIN mail_activity_type t ON t.id = a.activity_type_id "
                "WHERE a.res_model = 'hotel.crm.complaint' AND a.res_id = %s AND a.summary LIKE %s",
                [complaint_id, "%survey answer%"],
            )
            self.assertEqual(cr.fetchone()[0], 1, "one call to the guest is scheduled")
