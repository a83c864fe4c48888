"""Educators' milestone checklist page (CDC 2022): one child's checklist for the latest age
reached; a "not yet" flags the domain and opens a referral for the medical staff."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.store.nutrition_health import development
from redceci.web.i18n import lang_of
from redceci.web.nutrition_health.messages import nh_translator
from redceci.web.pages import PathId, country_of, form_of, render, require_user

router = APIRouter(include_in_schema=False)


@router.get("/desarrollo/ninos/{child_id}")
def checklist_page(
    request: Request, child_id: PathId, meses: int | None = Query(None, ge=1, le=72)
) -> Response:
    principal = require_user(request)
    sheet = development.checklist_for_child(
        get_db(request), principal, child_id, meses, dt.date.today()
    )
    context = {
        "t": nh_translator(lang_of(request), country_of(request).messages),
        "sheet": sheet,
        "errors": [],
        "result": None,
    }
    return render(request, "nutrition_health/checklist.html", context, principal=principal)


@router.post("/desarrollo/ninos/{child_id}")
async def checklist_save(request: Request, child_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    db = get_db(request)
    months_text = str(form.get("checkpoint_months") or "")
    months = int(months_text) if months_text.isdigit() else None
    sheet = development.checklist_for_child(db, principal, child_id, months, dt.date.today())
    answers = {item["code"]: str(form.get(item["code"]) or "") for item in sheet["items"]}
    t = nh_translator(lang_of(request), country_of(request).messages)
    errors: list[str] = []
    result = None
    try:
        result = development.record_screening(
            db,
            principal,
            child_id,
            development.ScreeningData(
                checkpoint_months=sheet["checkpoint_months"] or 0,
                screened_on=dt.date.today(),
                answers={k: v for k, v in answers.items() if v},
            ),
        )
    except (InputError, ValidationError) as exc:
        errors.append(str(exc) if isinstance(exc, InputError) else t("answer_all"))
    context = {"t": t, "sheet": sheet, "errors": errors, "result": result, "answers": answers}
    return render(
        request,
        "nutrition_health/checklist.html",
        context,
        principal=principal,
        status_code=422 if errors else 200,
    )
