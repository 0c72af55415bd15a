from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingDemo(TransactionCase):
    """The demo training story at West Lake (runs on the demo database, as tools/run-tests does):
    the front desk took the complaint course three months ago and resolves complaints faster since,
    while their untrained colleague's pace stayed about the same."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.course = ref("hotel_crm.demo_training_course_complaint")
        cls.xiao = ref("hotel_crm.demo_employee_xiao_mei")
        cls.zhou = ref("hotel_crm.demo_employee_zhou_lan")
        cls.tang = ref("hotel_crm.demo_employee_tang_yifan")
        cls.gao = ref("hotel_crm.demo_employee_gao_ruoxi")

    def test_complaint_course_held_and_assessed(self):
        held = self.course.session_ids.filtered(lambda s: s.state == "done")
        self.assertEqual(len(held), 1)
        self.assertEqual(held.company_id, self.env.ref("hotel_crm.demo_company_west_lake"))
        passed = held.attendance_ids.filtered("passed").employee_id
        self.assertEqual(passed, self.xiao | self.tang, "Gao Ruoxi scored 62 of the 70 needed")
        upcoming = self.course.session_ids.filtered(lambda s: s.state == "planned")
        self.assertEqual(upcoming.attendance_ids.employee_id, self.zhou | self.gao)
        self.assertEqual(
            upcoming.activity_ids.user_id, self.zhou.user_id, "Zhou Lan was invited (Gao Ruoxi has no user)"
        )

    def test_reminders_and_gaps(self):
        Attendance = self.env["hotel.crm.training.attendance"]
        followup = Attendance.search([("employee_id", "=", self.tang.id), ("course_id", "=", self.course.id)])
        self.assertEqual(followup.activity_ids.user_id, self.zhou.user_id, "his follow-up is due with his manager")
        crisis = Attendance.search([("course_id", "=", self.env.ref("hotel_crm.demo_training_course_crisis").id)])
        self.assertTrue(all(crisis.mapped("expiry_reminded")), "the crisis drill of half a year ago expires soon")
        gaps = self.env["hotel.crm.training.gap.report"].search([("course_id", "=", self.course.id)])
        self.assertIn(self.gao, gaps.employee_id, "failed: still lacks the mandatory course")
        self.assertNotIn(self.xiao, gaps.employee_id)
        self.assertIn(self.env.ref("hotel_crm.demo_employee_pan_jiahui"), gaps.employee_id, "the Bund front desk too")

    def test_effect_shows_faster_resolution_after_training(self):
        effect = self.env["hotel.crm.training.effect.report"].hotel_training_effect(
            [("anchor_employee_id", "=", self.xiao.id)]
        )
        trained, control = effect["trained"], effect["control"]
        for period in ("before", "after"):
            self.assertGreaterEqual(trained[period]["count"], 8, f"enough of Xiao Mei's complaints {period}")
            self.assertGreaterEqual(control[period]["count"], 5, f"and of Zhou Lan's {period}")
        self.assertLess(trained["after"]["median_resolution_hours"], trained["before"]["median_resolution_hours"] / 2)
        self.assertGreater(trained["after"]["sla_compliance"], trained["before"]["sla_compliance"])
        self.assertLess(effect["difference"]["median_resolution_hours"], -12, "faster than the untrained colleague")
