"""Guest satisfaction metrics: what each survey metric measures and how answers are aggregated.

One home for the definitions, used by the answers (``survey.user_input``), the reports (SQL
views) and the KPI snapshots:

* **CSAT** (customer satisfaction, 1-5, "overall, how satisfied were you"): the mean of the
  answers, and the *top-2-box* share = % of answers that are 4 or 5.
* **NPS** (net promoter score, 0-10, "how likely are you to recommend us"): % of answers 9-10
  (promoters) minus % of answers 0-6 (detractors), over the answers to that question; 7-8 are
  passives. From -100 to +100.
* **CES** (customer effort score, 1-7, "the hotel made it easy for me"): the mean of the answers,
  and the *low-effort* share = % of answers 5, 6 or 7.
* The five service-quality dimensions (reliability, responsiveness, assurance, empathy,
  tangibles), "we knew and served your preferences" and "value for money": 1-5, their mean.

A question the guest skipped is not an answer: it is left out of every mean and share (the
answer's field stays empty, never 0).
"""

from odoo import fields

# metric key -> (label, lowest score, highest score)
METRICS = {
    "csat": ("CSAT", 1, 5),
    "nps": ("NPS", 0, 10),
    "ces": ("CES", 1, 7),
    "reliability": ("Reliability", 1, 5),
    "responsiveness": ("Responsiveness", 1, 5),
    "assurance": ("Assurance", 1, 5),
    "empathy": ("Empathy", 1, 5),
    "tangibles": ("Tangibles", 1, 5),
    "personalisation": ("Preferences Served", 1, 5),
    "value": ("Value for Money", 1, 5),
}
METRIC_SELECTION = [(key, label) for key, (label, _low, _high) in METRICS.items()] + [("comment", "Comment")]
DIMENSIONS = ("reliability", "responsiveness", "assurance", "empathy", "tangibles")
# answer field on survey.user_input for each metric
METRIC_FIELDS = {key: f"hotel_{key}" for key in METRICS}

NPS_PROMOTER_MIN = 9  # 9-10: promoters
NPS_DETRACTOR_MAX = 6  # 0-6: detractors
CSAT_TOP2_MIN = 4  # 4-5: satisfied ("top-2-box")
CES_LOW_EFFORT_MIN = 5  # 5-7: low effort

NPS_BANDS = [("detractor", "Detractor"), ("passive", "Passive"), ("promoter", "Promoter")]


def _answered(scores):
    return [s for s in scores if s is not None and s is not False]


def _share(scores, test):
    answered = _answered(scores)
    return 100.0 * sum(1 for s in answered if test(s)) / len(answered) if answered else None


def mean(scores):
    """Mean of the answered scores (``None`` and ``False`` are skipped questions); ``None`` if none."""
    answered = _answered(scores)
    return sum(answered) / len(answered) if answered else None


def nps(scores):
    """Net promoter score of 0-10 answers: % promoters (9-10) minus % detractors (0-6).

    :param scores: iterable of ints 0-10; ``None``/``False`` (skipped) are left out
    :return: float from -100 to +100, or ``None`` when nobody answered
    """
    answered = _answered(scores)
    if not answered:
        return None
    promoters = sum(1 for s in answered if s >= NPS_PROMOTER_MIN)
    detractors = sum(1 for s in answered if s <= NPS_DETRACTOR_MAX)
    return 100.0 * (promoters - detractors) / len(answered)


def nps_band(score):
    """``'promoter'`` (9-10), ``'passive'`` (7-8), ``'detractor'`` (0-6), or ``False`` when skipped."""
    if score is None or score is False:
        return False
    if score >= NPS_PROMOTER_MIN:
        return "promoter"
    return "detractor" if score <= NPS_DETRACTOR_MAX else "passive"


def csat(scores):
    """CSAT of 1-5 answers.

    :return: ``(mean, top-2-box %)`` where top-2-box is the % of answers 4 or 5; ``(None, None)``
        when nobody answered
    """
    return mean(scores), _share(scores, lambda s: s >= CSAT_TOP2_MIN)


def ces(scores):
    """CES of 1-7 answers ("the hotel made it easy for me": 7 = strongly agree).

    :return: ``(mean, low-effort %)`` where low effort is the % of answers 5, 6 or 7;
        ``(None, None)`` when nobody answered
    """
    return mean(scores), _share(scores, lambda s: s >= CES_LOW_EFFORT_MIN)


def metric_label(env, key):
    """Translated label of a metric."""
    _ = env._
    labels = {
        "csat": _("CSAT"),
        "nps": _("NPS"),
        "ces": _("CES"),
        "reliability": _("Reliability"),
        "responsiveness": _("Responsiveness"),
        "assurance": _("Assurance"),
        "empathy": _("Empathy"),
        "tangibles": _("Tangibles"),
        "personalisation": _("Preferences Served"),
        "value": _("Value for Money"),
    }
    return labels.get(key, key)


class NullableColumn:
    """Mixed into a numeric field class: NULL in the column stays "no value" (``False`` on the
    record, empty in exports) instead of Odoo's 0. The class gives ``convert_to_column``."""

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate=validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_read(self, value, record, use_display_name=True):
        return False if value is None else super().convert_to_read(value, record, use_display_name)

    def convert_to_export(self, value, record):
        return "" if value is None or value is False else value


class NullableInteger(NullableColumn, fields.Integer):
    """An integer column that keeps NULL for "no value".

    Odoo's ``Integer`` stores ``False`` as 0, but a skipped NPS question is not a score of 0:
    the metric fields of an answer stay empty (NULL) when the question was not answered, so
    means, shares and SQL ``AVG`` leave them out.
    """

    def convert_to_column(self, value, record, values=None, validate=True):
        return None if value is None or value is False else int(value)
