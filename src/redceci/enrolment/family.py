"""Who applies: a family, its guardians (insured workers), its children and who may pick them up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from redceci.enrolment.identity import (
    person_birth_date,
    person_id_name,
    validate_insurance_id,
    validate_person_id,
)
from redceci.errors import InputError

__all__ = ["PHOTO_REF_MAX", "AuthorisedPerson", "Child", "Family", "Guardian", "IdDocument"]


@dataclass(frozen=True)
class Guardian:
    """A parent or legal guardian; the insured worker through whom the right to a place comes.

    ``employer`` is the employer's identifier (e.g. its RFC or IMSS registro patronal); it decides
    the sponsor-employee priority at a CECI Empresa centre.
    """

    name: str
    nss: str | None = None
    works: bool = True
    employer: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError("a guardian needs a name")
        if self.nss is not None:
            object.__setattr__(self, "nss", validate_insurance_id(self.nss))


@dataclass(frozen=True)
class Child:
    """A child applying for a place. The identifier (``curp``: the CURP, or the identifier of
    the country pack in use) is validated and must agree with the birth date if it encodes one."""

    name: str
    curp: str
    birth_date: date
    disability: bool = False

    def __post_init__(self) -> None:
        curp = validate_person_id(self.curp)
        object.__setattr__(self, "curp", curp)
        encoded = person_birth_date(curp)
        if encoded is not None and encoded != self.birth_date:
            raise InputError(
                f"child {self.name!r}: birth date {self.birth_date} differs from the "
                f"{person_id_name()}'s {encoded}"
            )


class IdDocument(StrEnum):
    """The kinds of official identity document an authorised person shows at pick-up.

    Source: the usual list of a valid official identification ("identificación oficial
    vigente") in Mexican procedures: voter card (INE), passport, professional licence
    (cédula profesional), military service card, driving licence, residence card [V: SAT's list
    of official identifications, RMF Anexo 1-A; no IMSS childcare rule naming the documents was
    found: ASSUMPTION]. ``other`` keeps any other document a centre accepts (its number says
    which). A country pack's words name them (the pages' labels).
    """

    VOTER_ID = "voter_id"
    PASSPORT = "passport"
    PROFESSIONAL_ID = "professional_id"
    MILITARY_ID = "military_id"
    DRIVING_LICENCE = "driving_licence"
    RESIDENCE_CARD = "residence_card"
    OTHER = "other"


#: Longest photo reference a centre records (a file number or an archive path, not a photo).
PHOTO_REF_MAX = 120


@dataclass(frozen=True)
class AuthorisedPerson:
    """Someone a guardian authorises to collect the children (checked at pick-up).

    ``identification`` is the number of the identity document of kind ``document_type``
    (``None``: recorded before the type was asked for). ``photo_ref`` points to the photo of the
    person the centre keeps (its archive's reference, recorded by the director once the person
    has shown the document), so staff can compare the face at pick-up; it is never the image.
    """

    name: str
    relationship: str
    identification: str
    document_type: IdDocument | None = None
    photo_ref: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.identification.strip():
            raise InputError("an authorised person needs a name and an identification")
        if self.document_type is not None:
            try:
                object.__setattr__(self, "document_type", IdDocument(self.document_type))
            except ValueError:
                raise InputError(
                    f"authorised person {self.name!r}: unknown identity document "
                    f"{self.document_type!r} (one of {', '.join(IdDocument)})"
                ) from None
        if self.photo_ref is not None and len(self.photo_ref) > PHOTO_REF_MAX:
            raise InputError(f"a photo reference has at most {PHOTO_REF_MAX} characters")


@dataclass(frozen=True)
class Family:
    """A household applying together; siblings share the family's lottery number."""

    family_id: str
    guardians: tuple[Guardian, ...]
    children: tuple[Child, ...]
    authorised: tuple[AuthorisedPerson, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.guardians:
            raise InputError(f"family {self.family_id!r}: at least one guardian is required")
        if not any(g.nss for g in self.guardians):
            raise InputError(f"family {self.family_id!r}: no guardian has an NSS")
        curps = [c.curp for c in self.children]
        if len(set(curps)) != len(curps):
            raise InputError(f"family {self.family_id!r}: a child is listed twice")

    @property
    def single_working_parent(self) -> bool:
        """One guardian only, and that guardian works."""
        return len(self.guardians) == 1 and self.guardians[0].works

    @property
    def employers(self) -> frozenset[str]:
        return frozenset(g.employer for g in self.guardians if g.employer)

    @property
    def insured_nss(self) -> tuple[str, ...]:
        return tuple(g.nss for g in self.guardians if g.nss)
