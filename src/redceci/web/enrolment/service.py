"""The public service page (``/servicio``), read before any account: what a CECI is, who may
use it, the documents to bring, and how places are given (priorities, then a lottery whose
number anyone can re-draw), in plain words."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.api.deps import get_db
from redceci.enrolment.insurance import GRACE_PERIOD
from redceci.store.enrolment.rules import public_rules
from redceci.web.pages import country_of, render, signed_in

router = APIRouter(include_in_schema=False)


@router.get("/servicio")
def service(request: Request) -> Response:
    rules = public_rules(get_db(request))
    pack = country_of(request)
    years = pack.eligibility.age_max_years
    context = {
        "documents": pack.admission_documents,
        "rules": rules.rules,
        "max_choices": rules.max_choices,
        "offer_days": rules.offer_days,
        "min_age_days": pack.eligibility.age_min_days,
        "max_age_years": int(years) if float(years).is_integer() else years,
        "grace_weeks": GRACE_PERIOD.days // 7,
    }
    return render(request, "enrolment/service.html", context, principal=signed_in(request))
