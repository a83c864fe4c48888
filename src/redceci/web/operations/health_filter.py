"""The health filter's exclusion list of a centre: everyone who works the centre's day reads
it; its medical staff replace it (each rule a temperature or a visible sign, with its source)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.operations.health import SIGNS
from redceci.platform.access import Permission, Principal
from redceci.store.operations import setup
from redceci.store.operations.pages import centre_rooms
from redceci.store.operations.setup import RuleData
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page, rules_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: Empty rows the form offers for new rules.
BLANK_ROWS = 2
#: Most rules the form takes.
MAX_ROWS = 30


def _filter_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    rows: list[dict[str, Any]] | None,
    errors: list[str],
    status: int = 200,
) -> Response:
    db = get_db(request)
    t = translator(lang_of(request))
    current = setup.exclusion_rules(db, principal, centre_id, rules=rules_of(request))
    editable = principal.can(Permission.OPERATIONS_HEALTH)
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"]
        if principal.can(Permission.OPERATIONS_RECORD) or principal.can(Permission.OPERATIONS_BOARD)
        else {"id": centre_id, "name": ""},
        "rules": current,
        "rows": (rows if rows is not None else current) + [{}] * (BLANK_ROWS if editable else 0),
        "signs": [(s, t(f"ops_sign_{s}")) for s in SIGNS],
        "editable": editable,
        "errors": errors,
    }
    return page(request, principal, "health_filter.html", context, status_code=status)


@router.get("/operaciones/centros/{centre_id}/filtro")
def filter_page(request: Request, centre_id: PathId) -> Response:
    return _filter_page(request, require_user(request), centre_id, None, [])


def _rows(form: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_ROWS):
        code = str(form.get(f"r{i}_code") or "").strip()
        if not code:
            continue
        temperature = str(form.get(f"r{i}_temperature") or "").strip().replace(",", ".")
        rows.append(
            {
                "code": code,
                "label_es": str(form.get(f"r{i}_label_es") or "").strip(),
                "label_en": str(form.get(f"r{i}_label_en") or "").strip(),
                "min_temperature_c": temperature or None,
                "sign": str(form.get(f"r{i}_sign") or "").strip() or None,
                "source": str(form.get(f"r{i}_source") or "").strip(),
            }
        )
    return rows


@router.post("/operaciones/centros/{centre_id}/filtro")
async def set_filter(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    rows = _rows(form)
    try:
        data = [RuleData.model_validate(r) for r in rows]
        setup.set_exclusion_rules(get_db(request), principal, centre_id, data)
    except InputError as exc:
        return _filter_page(request, principal, centre_id, rows, [str(exc)], 422)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _filter_page(request, principal, centre_id, rows, [reasons], 422)
    return RedirectResponse(f"/operaciones/centros/{centre_id}/filtro", status_code=303)
