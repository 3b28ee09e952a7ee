"""RFM (recency, frequency, monetary) scores and named groups.

Scores are quintiles 1 (worst) to 5 (best) among the customers of a company
that have posted invoices in the window; ``res.partner._crm_pme_rfm_sql``
computes them for all companies in one statement (NTILE window functions)
and builds its group CASE from ``SEGMENT_RULES`` below, so that the SQL and
``rfm_segment`` cannot drift apart.
"""

# (group, min recency, max recency, min FM, max FM), first match wins.
# FM is the rounded-up mean of the frequency and monetary scores.
SEGMENT_RULES = [
    ("champions", 4, 5, 4, 5),
    ("loyal", 3, 5, 3, 5),
    ("cannot_lose", 1, 2, 4, 5),
    ("at_risk", 1, 2, 3, 3),
    ("new", 4, 5, 1, 1),
    ("promising", 3, 5, 1, 2),
    ("hibernating", 2, 2, 1, 2),
    ("lost", 1, 1, 1, 2),
]


def fm_score(frequency, monetary):
    """Rounded-up mean of the frequency and monetary scores."""
    return (frequency + monetary + 1) // 2


def rfm_segment(recency, frequency, monetary):
    """The named group of a score triple, False when not scored."""
    if not (recency and frequency and monetary):
        return False
    fm = fm_score(frequency, monetary)
    for name, r_min, r_max, fm_min, fm_max in SEGMENT_RULES:
        if r_min <= recency <= r_max and fm_min <= fm <= fm_max:
            return name
    return False


def quintiles(values):
    """Scores 1-5 of ``values`` as PostgreSQL's NTILE(5) over ascending
    values gives them (ties broken by position): the reference of the SQL."""
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    count = len(values)
    scores = [0] * count
    base, extra = divmod(count, 5)
    position = 0
    for bucket in range(1, 6):
        size = base + (1 if bucket <= extra else 0)
        for index in order[position : position + size]:
            scores[index] = bucket
        position += size
    return scores
