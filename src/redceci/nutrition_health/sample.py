"""A sample recipe book of everyday Mexican dishes and a 4-week menu that keeps every rule, for
the demo, the tests and the bench. ASSUMPTION: written for redceci from the composition table (not
IMSS's own recipes or menus, which are not public); batch weights and yields are plausible kitchen
figures, not measured ones."""

from __future__ import annotations

from redceci.nutrition_health.menus import WEEKDAYS, Menu, MenuItem
from redceci.nutrition_health.recipes import Recipe, RecipeBook, RecipeLine
from redceci.nutrition_health.stages import Course, Meal, Texture

C, T = Course, Texture


def _r(
    code: str,
    name: str,
    course: Course,
    texture: Texture,
    yield_g: float,
    *lines: tuple[str, float] | tuple[str, float, float],
) -> Recipe:
    """A recipe from (ingredient, net g) or (ingredient, gross g, net g) lines."""
    out = []
    for line in lines:
        if len(line) == 2:
            out.append(RecipeLine(line[0], line[1], line[1]))
        else:
            out.append(RecipeLine(line[0], line[1], line[2]))
    return Recipe(code, name, course, texture, tuple(out), yield_g)


_FRUITS = [
    ("banana", "Plátano", 150, 100),
    ("papaya", "Papaya", 160, 100),
    ("melon", "Melón", 190, 100),
    ("watermelon", "Sandía", 200, 100),
    ("apple", "Manzana", 120, 100),
    ("mango", "Mango", 150, 100),
    ("pear", "Pera", 115, 100),
    ("guava", "Guayaba", 110, 100),
    ("strawberries", "Fresa", 105, 100),
    ("pineapple", "Piña", 190, 100),
    ("orange", "Naranja", 140, 100),
]


def recipes() -> list[Recipe]:
    """Every sample recipe (per batch)."""
    out = [
        _r("leche_materna", "Leche materna o fórmula", C.MILK, T.MILK, 1000),
        _r("leche", "Leche entera", C.MILK, T.FAMILY, 1000, ("milk_whole", 1000)),
        _r("agua", "Agua natural", C.DRINK, T.FAMILY, 1000, ("water", 1000)),
        _r(
            "agua_pepino",
            "Agua de pepino con limón",
            C.DRINK,
            T.FAMILY,
            1000,
            ("water", 900),
            ("cucumber", 110, 100),
            ("lime", 20),
        ),
        # Breakfast cereals and dishes (family food)
        _r(
            "avena_platano",
            "Avena con leche y plátano",
            C.CEREAL,
            T.FAMILY,
            1000,
            ("oats", 120),
            ("milk_whole", 700),
            ("banana", 230, 150),
            ("cinnamon", 2),
        ),
        _r(
            "huevo_mexicana",
            "Huevo a la mexicana con tortilla",
            C.CEREAL,
            T.PIECES,
            1000,
            ("egg", 400),
            ("tomato", 220, 200),
            ("onion", 60, 50),
            ("oil_canola", 20),
            ("tortilla_corn", 350),
        ),
        _r(
            "tacos_frijol",
            "Tacos de frijol con aguacate",
            C.CEREAL,
            T.PIECES,
            1000,
            ("tortilla_corn", 400),
            ("black_beans", 180),
            ("avocado", 230, 150),
            ("tomato", 120, 100),
        ),
        _r(
            "amaranto_leche",
            "Amaranto con leche y fresa",
            C.CEREAL,
            T.FAMILY,
            1000,
            ("amaranth", 120),
            ("milk_whole", 700),
            ("strawberries", 160, 150),
        ),
        _r(
            "tortitas_papa",
            "Tortitas de papa con huevo",
            C.CEREAL,
            T.PIECES,
            1000,
            ("potato", 600, 520),
            ("egg", 200),
            ("oil_canola", 30),
            ("zucchini", 150),
        ),
        _r(
            "arroz_leche",
            "Arroz con leche y canela (sin azúcar)",
            C.CEREAL,
            T.FAMILY,
            1000,
            ("rice_white", 150),
            ("milk_whole", 800),
            ("cinnamon", 3),
            ("apple", 120, 100),
        ),
        # Soups
        _r(
            "sopa_verduras",
            "Sopa de verduras",
            C.SOUP,
            T.FAMILY,
            1500,
            ("carrot", 170, 150),
            ("zucchini", 160, 150),
            ("chayote", 170, 150),
            ("potato", 230, 200),
            ("onion", 60, 50),
            ("oil_canola", 15),
            ("water", 900),
        ),
        _r(
            "caldo_pollo",
            "Caldo de pollo con verduras",
            C.SOUP,
            T.FAMILY,
            1500,
            ("chicken_meat", 250),
            ("carrot", 170, 150),
            ("potato", 230, 200),
            ("chayote", 120, 100),
            ("water", 1000),
        ),
        _r(
            "sopa_lentejas",
            "Sopa de lentejas",
            C.SOUP,
            T.FAMILY,
            1500,
            ("lentils", 250),
            ("tomato", 170, 150),
            ("onion", 60, 50),
            ("carrot", 110, 100),
            ("oil_canola", 15),
            ("water", 1100),
        ),
        _r(
            "crema_calabaza",
            "Crema de calabaza",
            C.SOUP,
            T.FAMILY,
            1500,
            ("pumpkin", 700, 550),
            ("milk_whole", 500),
            ("onion", 60, 50),
            ("oil_canola", 15),
            ("water", 350),
        ),
        _r(
            "sopa_fideo",
            "Sopa de fideo con jitomate",
            C.SOUP,
            T.FAMILY,
            1500,
            ("pasta", 200),
            ("tomato", 330, 300),
            ("onion", 60, 50),
            ("oil_canola", 20),
            ("water", 1000),
        ),
        # Mains
        _r(
            "pollo_cacahuate",
            "Pollo encacahuatado",
            C.MAIN,
            T.PIECES,
            1000,
            ("chicken_breast", 700),
            ("peanuts", 80),
            ("tomato", 220, 200),
            ("onion", 60, 50),
            ("garlic", 6, 5),
            ("oil_canola", 15),
        ),
        _r(
            "picadillo",
            "Picadillo de res con papa y zanahoria",
            C.MAIN,
            T.PIECES,
            1000,
            ("beef_ground", 550),
            ("potato", 260, 220),
            ("carrot", 170, 150),
            ("tomato", 170, 150),
            ("oil_canola", 10),
        ),
        _r(
            "tilapia_verduras",
            "Tilapia con verduras",
            C.MAIN,
            T.PIECES,
            1000,
            ("tilapia", 650),
            ("zucchini", 160, 150),
            ("tomato", 170, 150),
            ("onion", 60, 50),
            ("oil_canola", 15),
        ),
        _r(
            "tinga_pollo",
            "Tinga de pollo con tortilla",
            C.MAIN,
            T.PIECES,
            1000,
            ("chicken_meat", 500),
            ("tomato", 280, 250),
            ("onion", 120, 100),
            ("tortilla_corn", 250),
            ("oil_canola", 10),
        ),
        _r(
            "albondigas",
            "Albóndigas en caldillo de jitomate",
            C.MAIN,
            T.PIECES,
            1000,
            ("beef_ground", 500),
            ("egg", 50),
            ("rice_white", 40),
            ("tomato", 330, 300),
            ("oil_canola", 10),
        ),
        _r(
            "pollo_verduras",
            "Pollo guisado con verduras",
            C.MAIN,
            T.PIECES,
            1000,
            ("chicken_breast", 600),
            ("chayote", 220, 200),
            ("carrot", 170, 150),
            ("oil_canola", 15),
        ),
        # Sides
        _r(
            "arroz_blanco",
            "Arroz blanco con verduras",
            C.SIDE,
            T.FAMILY,
            1000,
            ("rice_white", 330),
            ("peas", 60),
            ("carrot", 60, 50),
            ("oil_canola", 15),
        ),
        _r(
            "frijoles_olla",
            "Frijoles de la olla",
            C.SIDE,
            T.FAMILY,
            1000,
            ("black_beans", 330),
            ("onion", 35, 30),
        ),
        _r(
            "pure_papa",
            "Puré de papa",
            C.SIDE,
            T.FAMILY,
            1000,
            ("potato", 1000, 850),
            ("milk_whole", 150),
            ("oil_canola", 10),
        ),
        _r(
            "calabacitas",
            "Calabacitas con elote",
            C.SIDE,
            T.PIECES,
            1000,
            ("zucchini", 600),
            ("corn_sweet", 400, 300),
            ("tomato", 120, 100),
            ("oil_canola", 10),
        ),
        _r(
            "nopales_ensalada",
            "Ensalada de nopales y jitomate",
            C.SIDE,
            T.PIECES,
            1000,
            ("nopales", 650, 600),
            ("tomato", 280, 250),
            ("onion", 60, 50),
            ("avocado", 150, 100),
        ),
        _r(
            "espinacas_papa",
            "Espinacas con papa",
            C.SIDE,
            T.PIECES,
            1000,
            ("spinach", 400),
            ("potato", 600, 520),
            ("oil_canola", 10),
        ),
        # Infants 6-11 months: purées and mashed or minced dishes, no salt, no sugar
        _r(
            "papilla_avena",
            "Papilla de avena con plátano",
            C.CEREAL,
            T.MASHED,
            800,
            ("oats", 120),
            ("banana", 300, 200),
            ("water", 500),
        ),
        _r(
            "papilla_arroz",
            "Papilla de arroz con manzana",
            C.CEREAL,
            T.MASHED,
            800,
            ("rice_white", 120),
            ("apple", 300, 250),
            ("water", 500),
        ),
        _r(
            "papilla_amaranto",
            "Papilla de amaranto con pera",
            C.CEREAL,
            T.MASHED,
            800,
            ("amaranth", 110),
            ("pear", 300, 250),
            ("water", 500),
        ),
        _r(
            "papilla_avena_mango",
            "Papilla de avena con mango",
            C.CEREAL,
            T.MASHED,
            800,
            ("oats", 120),
            ("mango", 300, 200),
            ("water", 500),
        ),
        _r(
            "papilla_arroz_papaya",
            "Papilla de arroz con papaya",
            C.CEREAL,
            T.MASHED,
            800,
            ("rice_white", 120),
            ("papaya", 300, 200),
            ("water", 500),
        ),
        _r(
            "pure_pollo_calabaza",
            "Puré de pollo con calabaza",
            C.MAIN,
            T.PUREE,
            1000,
            ("chicken_breast", 350),
            ("pumpkin", 500, 400),
            ("potato", 300, 250),
        ),
        _r(
            "pure_res_zanahoria",
            "Puré de res con zanahoria",
            C.MAIN,
            T.PUREE,
            1000,
            ("beef_ground", 320),
            ("carrot", 450, 400),
            ("potato", 300, 250),
        ),
        _r(
            "pure_lentejas",
            "Puré de lentejas con calabacita",
            C.MAIN,
            T.MASHED,
            1000,
            ("lentils", 200),
            ("zucchini", 350),
            ("water", 450),
        ),
        _r(
            "pure_frijol_huevo",
            "Frijol machacado con yema de huevo",
            C.MAIN,
            T.MASHED,
            1000,
            ("black_beans", 200),
            ("egg", 150),
            ("water", 500),
        ),
        _r(
            "pure_pescado",
            "Puré de tilapia con papa",
            C.MAIN,
            T.PUREE,
            1000,
            ("tilapia", 300),
            ("potato", 600, 520),
            ("chayote", 220, 200),
        ),
        _r(
            "picado_pollo_arroz",
            "Arroz con pollo picado",
            C.MAIN,
            T.MINCED,
            1000,
            ("chicken_meat", 300),
            ("rice_white", 150),
            ("carrot", 170, 150),
            ("water", 500),
        ),
        _r(
            "picado_res_papa",
            "Res picada con papa",
            C.MAIN,
            T.MINCED,
            1000,
            ("beef_ground", 300),
            ("potato", 400, 350),
            ("zucchini", 200),
            ("water", 250),
        ),
        _r(
            "picado_pescado",
            "Pescado desmenuzado con calabacita",
            C.MAIN,
            T.MINCED,
            1000,
            ("tilapia", 350),
            ("zucchini", 300),
            ("rice_white", 100),
            ("water", 300),
        ),
        _r(
            "picado_lentejas",
            "Lentejas con arroz machacadas",
            C.MAIN,
            T.MASHED,
            1000,
            ("lentils", 180),
            ("rice_white", 100),
            ("carrot", 120, 100),
            ("water", 650),
        ),
        _r(
            "picado_huevo",
            "Huevo revuelto con espinaca picada",
            C.MAIN,
            T.MINCED,
            1000,
            ("egg", 500),
            ("spinach", 250),
            ("oil_canola", 10),
            ("tortilla_corn", 250),
        ),
        _r(
            "caldo_verduras_pure",
            "Crema de verduras (puré)",
            C.SOUP,
            T.PUREE,
            1000,
            ("carrot", 220, 200),
            ("zucchini", 200),
            ("potato", 300, 250),
            ("water", 400),
        ),
    ]
    for code, name, gross, net in _FRUITS:
        out.append(_r(f"fruta_{code}", name, C.FRUIT, T.PIECES, net, (code, gross, net)))
        out.append(
            _r(f"pure_{code}", f"Puré de {name.lower()}", C.FRUIT, T.PUREE, net, (code, gross, net))
        )
    return out


def book() -> RecipeBook:
    return RecipeBook.of(recipes())


_BREAKFAST = [
    "avena_platano",
    "huevo_mexicana",
    "tacos_frijol",
    "amaranto_leche",
    "tortitas_papa",
    "arroz_leche",
]
_SOUPS = ["sopa_verduras", "caldo_pollo", "sopa_lentejas", "crema_calabaza", "sopa_fideo"]
_MAINS = [
    "pollo_cacahuate",
    "picadillo",
    "tilapia_verduras",
    "tinga_pollo",
    "albondigas",
    "pollo_verduras",
]
_SIDES = [
    "arroz_blanco",
    "frijoles_olla",
    "pure_papa",
    "calabacitas",
    "nopales_ensalada",
    "espinacas_papa",
]
_INFANT_CEREAL = [
    "papilla_avena",
    "papilla_arroz",
    "papilla_amaranto",
    "papilla_avena_mango",
    "papilla_arroz_papaya",
]
_PUREES = [
    "pure_pollo_calabaza",
    "pure_res_zanahoria",
    "pure_lentejas",
    "pure_frijol_huevo",
    "pure_pescado",
]
_MINCED = [
    "picado_pollo_arroz",
    "picado_res_papa",
    "picado_pescado",
    "picado_lentejas",
    "picado_huevo",
]
_FRUIT_CODES = [f[0] for f in _FRUITS]


def _pick(options: list[str], week: int, day: int, offset: int = 0) -> str:
    return options[(day + week + offset) % len(options)]


def _family_day(week: int, day: int, stage: str) -> list[MenuItem]:
    fruit_am = _FRUIT_CODES[(2 * day + week) % len(_FRUIT_CODES)]
    fruit_pm = _FRUIT_CODES[(2 * day + week + 1) % len(_FRUIT_CODES)]
    dishes = [
        (Meal.BREAKFAST, _pick(_BREAKFAST, week, day)),
        (Meal.BREAKFAST, "leche"),
        (Meal.MORNING_SNACK, f"fruta_{fruit_am}"),
        (Meal.LUNCH, _pick(_SOUPS, week, day)),
        (Meal.LUNCH, _pick(_MAINS, week, day)),
        (Meal.LUNCH, _pick(_SIDES, week, day, 2)),
        (Meal.LUNCH, "agua_pepino" if day % 2 else "agua"),
        (Meal.AFTERNOON_SNACK, f"fruta_{fruit_pm}"),
        (Meal.AFTERNOON_SNACK, "leche"),
    ]
    return [MenuItem(week, day, meal, stage, recipe) for meal, recipe in dishes]


def _infant_day(week: int, day: int, stage: str, *, minced: bool) -> list[MenuItem]:
    fruit_am = _FRUIT_CODES[(2 * day + week) % len(_FRUIT_CODES)]
    fruit_pm = _FRUIT_CODES[(2 * day + week + 1) % len(_FRUIT_CODES)]
    kind = "fruta" if minced else "pure"
    dishes = [
        (Meal.BREAKFAST, "leche_materna"),
        (Meal.BREAKFAST, _pick(_INFANT_CEREAL, week, day)),
        (Meal.MORNING_SNACK, f"{kind}_{fruit_am}"),
        (Meal.LUNCH, _pick(_MINCED if minced else _PUREES, week, day)),
        (Meal.LUNCH, "leche_materna"),
        (Meal.AFTERNOON_SNACK, f"{kind}_{fruit_pm}"),
        (Meal.AFTERNOON_SNACK, "leche_materna"),
    ]
    seen: set[tuple[Meal, str]] = set()
    out = []
    for meal, recipe in dishes:
        if (meal, recipe) not in seen:
            seen.add((meal, recipe))
            out.append(MenuItem(week, day, meal, stage, recipe))
    return out


def four_week_menu(code: str = "ciclo-4-semanas", weeks: int = 4) -> Menu:
    """A menu for every stage that keeps every rule of the default ``MenuRules``."""
    items: list[MenuItem] = []
    for week in range(1, weeks + 1):
        for day in range(WEEKDAYS):
            for meal in Meal:
                items.append(MenuItem(week, day, meal, "lactante_0_5", "leche_materna"))
            items += _infant_day(week, day, "lactante_6_8", minced=False)
            items += _infant_day(week, day, "lactante_9_11", minced=True)
            for stage in ("maternal_12_23", "maternal_24_35", "preescolar_36_59"):
                items += _family_day(week, day, stage)
    return Menu.of(code, "Ciclo de 4 semanas (muestra)", weeks, items)
