from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import TrainingCommon

FOLLOWUP = "hotel_crm.mail_activity_type_hotel_training_followup"
EXPIRY = "hotel_crm.mail_activity_type_hotel_training_expiry"


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingReminders(TrainingCommon):
    """Follow-up evaluations (behaviour) and expiry reminders, by the daily crons, in frozen time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_manager = cls.env["hr.employee"].create(
            {"name": "Duty Manager", "user_id": cls.user_manager.id, "company_id": cls.property_a.id}
        )
        cls.emp_front.parent_id = cls.emp_manager
        # the frozen times below are read in a property on UTC (a new property otherwise takes the
        # time zone of whoever creates it)
        cls.property_a.hotel_tz = "UTC"

    def _activities(self, records, xmlid):
        return records.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_followup_due_after_the_default_30_days(self):
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front, scores={self.emp_front: 80})
        attendance = self._attendance(session, self.emp_front)
        self.assertEqual(attendance.followup_due_date.isoformat(), "2026-04-01", "30 days after the session")
        with freeze_time("2026-03-31 23:00:00"):
            self.assertFalse(self.Attendance._cron_training_followup(), "not due yet")
        with freeze_time("2026-04-01 06:00:00"):
            self.assertEqual(self.Attendance._cron_training_followup(), attendance)
            self.assertFalse(self.Attendance._cron_training_followup(), "one activity, not one a day")
        activity = self._activities(attendance, FOLLOWUP)
        self.assertEqual(activity.user_id, self.user_manager, "the employee's manager evaluates")
        self.assertEqual(activity.date_deadline.isoformat(), "2026-04-01")

        with freeze_time("2026-04-03 10:00:00"):
            attendance.with_user(self.user_manager).write({"followup_score": 75})
        self.assertEqual(attendance.followup_date.isoformat(), "2026-04-03", "stamped when entered")
        self.assertFalse(self._activities(attendance, FOLLOWUP), "entering the score completes the activity")

    def test_followup_delay_is_a_property_setting(self):
        # settings are an administrator's screen, for the property being configured
        self.env["res.config.settings"].with_company(self.property_a).create(
            {"hotel_training_followup_days": 10}
        ).execute()
        self.assertEqual(self.property_a.hotel_training_followup_days, 10)
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_employee | self.emp_front)
        self.assertEqual(set(session.attendance_ids.mapped("followup_due_date")), {fields.Date.to_date("2026-03-12")})
        with freeze_time("2026-03-12 08:00:00"):
            self.assertEqual(self.Attendance._cron_training_followup(), session.attendance_ids)
        # without a manager of their own: the session's organizer evaluates
        self.assertEqual(
            self._activities(self._attendance(session, self.emp_employee), FOLLOWUP).user_id, session.user_id
        )

    def test_expiry_reminder_before_a_pass_expires(self):
        self.assertEqual(self.property_a.hotel_training_expiry_reminder_days, 30)
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front, scores={self.emp_front: 80})
        attendance = self._attendance(session, self.emp_front)
        self.assertEqual(attendance.expiry_date.isoformat(), "2027-03-02")
        with freeze_time("2027-01-30 12:00:00"):
            self.assertFalse(self.Attendance._cron_training_expiry(), "more than 30 days left")
        with freeze_time("2027-01-31 12:00:00"):
            self.assertEqual(self.Attendance._cron_training_expiry(), attendance)
            self.assertFalse(self.Attendance._cron_training_expiry(), "reminded once")
        activity = self._activities(attendance, EXPIRY)
        self.assertEqual(activity.user_id, self.user_front, "the employee is reminded")
        self.assertEqual(activity.date_deadline.isoformat(), "2027-03-02")

    def test_renewed_pass_is_not_reminded(self):
        self._session(self.course, "2026-03-02 12:00:00", self.emp_employee, scores={self.emp_employee: 90})
        self._session(self.course, "2026-12-01 12:00:00", self.emp_employee, scores={self.emp_employee: 95})
        failed = self._session(self.course, "2026-03-02 12:00:00", self.emp_front, scores={self.emp_front: 40})
        with freeze_time("2027-02-15 12:00:00"):
            self.assertFalse(self.Attendance._cron_training_expiry(), "renewed in December; the failure never expires")
        self.assertFalse(self._attendance(failed, self.emp_front).expiry_date)
