"""Mexico's vaccination schedule for children aged 0 to 4: the Cartilla Nacional de Vacunación
0-9 años (version 2023), as the pack's ``vaccines``."""

from __future__ import annotations

from redceci.platform.vaccines import Dose, Schedule

__all__ = ["CNV_2023"]


def _doses() -> tuple[Dose, ...]:
    out = [
        Dose("bcg", 1, 0, "BCG"),
        Dose("hepb", 1, 0, "Hepatitis B (al nacer)"),
    ]
    out += [
        Dose("hexavalente", i + 1, m, f"Hexavalente {i + 1}") for i, m in enumerate((2, 4, 6, 18))
    ]
    out += [Dose("rotavirus", i + 1, m, f"Rotavirus {i + 1}") for i, m in enumerate((2, 4))]
    out += [
        Dose("neumococo", i + 1, m, f"Neumocócica conjugada {i + 1}")
        for i, m in enumerate((2, 4, 12))
    ]
    out += [
        Dose("influenza", i + 1, m, f"Influenza {i + 1}")
        for i, m in enumerate((6, 7, 19, 31, 43, 55))
    ]  # then yearly to 59 m [U: seasonal campaign]
    out += [Dose("srp", i + 1, m, f"SRP {i + 1}") for i, m in enumerate((12, 18))]
    out.append(Dose("dpt", 1, 48, "DPT (refuerzo)"))
    return tuple(out)


#: Mexico, Cartilla Nacional de Vacunación 0-9 años (version 2023): ages from secondary sources
#: [S] in operations-facts §3, every dose [U] until checked against the cartilla PDF; influenza's
#: yearly doses placed 12 months apart from 19 months (ASSUMPTION: the campaign is seasonal).
#: A missing dose is given at the family's IMSS family medicine unit (UMF).
CNV_2023 = Schedule(
    code="MX-CNV",
    version="2023",
    source="Cartilla Nacional de Vacunación 0-9 años 2023 (operations-facts.md §3) [U]",
    doses=_doses(),
    card_es="la Cartilla Nacional de Vacunación",
    clinic_es="su unidad de medicina familiar",
)
