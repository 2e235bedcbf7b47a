"""No advance billing (business rule 6).

An invoice date is never before the contract start, and never before the
start of the term (the initial one or a renewal) the billed period belongs
to: a renewal period cannot be invoiced before the renewal is in force.
"""


class AdvanceBillingError(ValueError):
    """An invoice would be dated before its contract or term starts."""


def check_invoice_date(invoice_date, date_start, term_start=None):
    """Raise ``AdvanceBillingError`` if ``invoice_date`` bills in advance."""
    floor = max(d for d in (date_start, term_start) if d is not None)
    if invoice_date < floor:
        raise AdvanceBillingError(
            f"Invoice date {invoice_date} is before the start {floor}."
        )


def earliest_invoice_date(invoice_date, date_start, term_start=None):
    """``invoice_date`` moved forward to the first day allowed, if needed."""
    floor = max(d for d in (date_start, term_start) if d is not None)
    return max(invoice_date, floor)


def beyond_term(period_start, date_end):
    """Whether a period starts after the end date: it needs a renewal first."""
    return date_end is not None and period_start > date_end
