"""Developmental milestones by age and domain, recorded by educators, and the referral workflow
when a domain is flagged.

Instrument: the CDC "Learn the Signs. Act Early." milestone checklists, 2022 revision (Zubler et
al., Pediatrics 2022;149(3):e2021052138): milestones most children (75 % or more) reach by each
age, in four domains. They are NOT a screening tool (operations-facts §3): a milestone not yet
reached flags its domain and opens a referral for a formal developmental screening (in Mexico
the Prueba EDI at the family medicine unit). The English items follow the CDC checklists
[U: wording from the 2022 checklists as recalled, to verify]; the Spanish are our translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError
from redceci.platform.vocabulary import check_transition

INSTRUMENT = "CDC milestones 2022 (Zubler et al., Pediatrics 2022;149(3):e2021052138)"


class Domain(StrEnum):
    SOCIAL = "social"  # social/emotional
    LANGUAGE = "language"  # language/communication
    COGNITIVE = "cognitive"  # learning, thinking, problem-solving
    MOVEMENT = "movement"  # movement/physical development


class Answer(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Milestone:
    code: str
    months: int
    domain: Domain
    text_en: str
    text_es: str


_S, _L, _C, _M = Domain.SOCIAL, Domain.LANGUAGE, Domain.COGNITIVE, Domain.MOVEMENT
_ITEMS: dict[int, list[tuple[Domain, str, str]]] = {
    2: [
        (_S, "Calms down when spoken to or picked up", "Se calma cuando le hablan o lo cargan"),
        (_S, "Smiles when you talk to or smile at them", "Sonríe cuando le hablan o le sonríen"),
        (_L, "Makes sounds other than crying", "Hace sonidos además del llanto"),
        (_L, "Reacts to loud sounds", "Reacciona a los ruidos fuertes"),
        (_C, "Watches you as you move", "Lo sigue con la mirada cuando usted se mueve"),
        (_M, "Holds head up when on tummy", "Levanta la cabeza cuando está boca abajo"),
        (_M, "Moves both arms and both legs", "Mueve ambos brazos y ambas piernas"),
    ],
    4: [
        (
            _S,
            "Smiles on their own to get your attention",
            "Sonríe por sí solo para llamar su atención",
        ),
        (_L, 'Makes cooing sounds like "oooo" and "aahh"', "Hace sonidos como «oooo» y «aahh»"),
        (_L, "Turns head towards the sound of your voice", "Voltea hacia donde oye su voz"),
        (_C, "Looks at their hands with interest", "Mira sus manos con interés"),
        (
            _M,
            "Holds head steady without support when held",
            "Sostiene la cabeza sin apoyo al cargarlo",
        ),
        (
            _M,
            "Holds a toy when you put it in their hand",
            "Sostiene un juguete que se le pone en la mano",
        ),
    ],
    6: [
        (_S, "Knows familiar people", "Reconoce a las personas conocidas"),
        (_S, "Laughs", "Se ríe"),
        (_L, "Takes turns making sounds with you", "Se turna con usted para hacer sonidos"),
        (_C, "Reaches to grab a toy they want", "Estira la mano para tomar un juguete que quiere"),
        (_M, "Rolls from tummy to back", "Se voltea de boca abajo a boca arriba"),
        (
            _M,
            "Leans on hands to support themselves when sitting",
            "Se apoya en las manos para sostenerse sentado",
        ),
    ],
    9: [
        (
            _S,
            "Is shy, clingy, or fearful around strangers",
            "Es tímido, se aferra o tiene miedo con extraños",
        ),
        (_S, "Looks when you call their name", "Voltea cuando le llaman por su nombre"),
        (
            _L,
            'Makes sounds like "mamamama" and "babababa"',
            "Hace sonidos como «mamamama» y «babababa»",
        ),
        (
            _C,
            "Looks for objects when dropped out of sight",
            "Busca los objetos que se caen fuera de su vista",
        ),
        (_M, "Sits without support", "Se sienta sin apoyo"),
        (_M, "Moves things from one hand to the other", "Pasa objetos de una mano a la otra"),
    ],
    12: [
        (
            _S,
            "Plays games with you, like pat-a-cake",
            "Juega con usted a juegos como «tortillitas»",
        ),
        (_L, 'Waves "bye-bye"', "Dice adiós con la mano"),
        (_L, 'Understands "no"', "Entiende el «no»"),
        (_C, "Looks for things they see you hide", "Busca lo que ve que usted esconde"),
        (_M, "Pulls up to stand", "Se levanta para ponerse de pie"),
        (
            _M,
            "Picks things up between thumb and pointer finger",
            "Toma cosas entre el pulgar y el índice",
        ),
    ],
    15: [
        (_S, "Shows you an object they like", "Le muestra un objeto que le gusta"),
        (
            _L,
            'Tries to say one or two words besides "mama" or "dada"',
            "Intenta decir una o dos palabras además de «mamá» o «papá»",
        ),
        (_C, "Stacks at least two small objects", "Apila al menos dos objetos pequeños"),
        (_M, "Takes a few steps on their own", "Da algunos pasos solo"),
    ],
    18: [
        (_S, "Points to show you something interesting", "Señala para mostrarle algo interesante"),
        (
            _L,
            'Tries to say three or more words besides "mama" or "dada"',
            "Intenta decir tres o más palabras además de «mamá» o «papá»",
        ),
        (
            _L,
            "Follows one-step directions without gestures",
            "Sigue instrucciones de un paso sin gestos",
        ),
        (
            _C,
            "Plays with toys in a simple way, like pushing a toy car",
            "Juega con juguetes de forma sencilla, como empujar un carrito",
        ),
        (_M, "Walks without holding on", "Camina sin sostenerse"),
        (_M, "Tries to use a spoon", "Intenta usar la cuchara"),
    ],
    24: [
        (
            _S,
            "Notices when others are hurt or upset",
            "Nota cuando otros están lastimados o tristes",
        ),
        (
            _L,
            'Says at least two words together, like "more milk"',
            "Dice al menos dos palabras juntas, como «más leche»",
        ),
        (
            _L,
            "Points to at least two body parts when asked",
            "Señala al menos dos partes del cuerpo cuando se le pide",
        ),
        (
            _C,
            "Plays with more than one toy at the same time",
            "Juega con más de un juguete a la vez",
        ),
        (_M, "Kicks a ball", "Patea una pelota"),
        (_M, "Eats with a spoon", "Come con cuchara"),
    ],
    30: [
        (
            _S,
            "Plays next to other children and sometimes with them",
            "Juega junto a otros niños y a veces con ellos",
        ),
        (_L, "Says about 50 words", "Dice unas 50 palabras"),
        (_C, "Follows two-step instructions", "Sigue instrucciones de dos pasos"),
        (_M, "Jumps off the ground with both feet", "Salta con los dos pies"),
    ],
    36: [
        (
            _S,
            "Notices other children and joins them to play",
            "Nota a otros niños y se une a su juego",
        ),
        (
            _L,
            "Talks with you in conversation using at least two back-and-forth exchanges",
            "Conversa con usted con al menos dos intercambios",
        ),
        (_L, "Says first name when asked", "Dice su nombre cuando se le pregunta"),
        (_C, "Draws a circle when you show how", "Dibuja un círculo cuando se le muestra cómo"),
        (_M, "Uses a fork", "Usa el tenedor"),
    ],
    48: [
        (
            _S,
            "Comforts others who are hurt or sad",
            "Consuela a otros que están lastimados o tristes",
        ),
        (_L, "Says sentences with four or more words", "Dice oraciones de cuatro o más palabras"),
        (_C, "Names a few colours of items", "Nombra algunos colores de objetos"),
        (_M, "Catches a large ball most of the time", "Atrapa una pelota grande casi siempre"),
        (_M, "Unbuttons some buttons", "Desabrocha algunos botones"),
    ],
}

MILESTONES: tuple[Milestone, ...] = tuple(
    Milestone(f"m{months:02d}-{i:02d}", months, domain, en, es)
    for months, items in _ITEMS.items()
    for i, (domain, en, es) in enumerate(items, start=1)
)
CHECKPOINTS: tuple[int, ...] = tuple(sorted(_ITEMS))


def checkpoint_for(age_months: float) -> int | None:
    """The latest checklist age the child has reached (None under 2 months)."""
    reached = [m for m in CHECKPOINTS if m <= age_months]
    return reached[-1] if reached else None


def checklist(months: int) -> tuple[Milestone, ...]:
    if months not in _ITEMS:
        raise InputError(f"no checklist at {months} months; ages: {CHECKPOINTS}")
    return tuple(m for m in MILESTONES if m.months == months)


def flagged_domains(months: int, answers: Mapping[str, Answer]) -> tuple[Domain, ...]:
    """Domains with a milestone answered "not yet" (every milestone of the checklist must be
    answered; "unsure" does not flag but is shown to the medical staff)."""
    items = checklist(months)
    missing = [m.code for m in items if m.code not in answers]
    if missing:
        raise InputError(f"milestones not answered: {', '.join(missing)}")
    unknown = set(answers) - {m.code for m in items}
    if unknown:
        raise InputError(f"milestones not in the {months}-month checklist: {sorted(unknown)}")
    return tuple(
        d for d in Domain if any(answers[m.code] is Answer.NOT_YET for m in items if m.domain is d)
    )


class ReferralStatus(StrEnum):
    FLAGGED = "flagged"  # a domain flagged by a checklist
    REFERRED = "referred"  # the medical staff sent the child to a developmental screening
    EVALUATED = "evaluated"  # the screening's result recorded
    CLOSED = "closed"


REFERRAL_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.FLAGGED: frozenset({ReferralStatus.REFERRED, ReferralStatus.CLOSED}),
    ReferralStatus.REFERRED: frozenset({ReferralStatus.EVALUATED, ReferralStatus.CLOSED}),
    ReferralStatus.EVALUATED: frozenset({ReferralStatus.CLOSED}),
    ReferralStatus.CLOSED: frozenset(),
}


def advance(current: ReferralStatus, target: ReferralStatus) -> ReferralStatus:
    check_transition(REFERRAL_TRANSITIONS, current, target, what="referral")
    return target
