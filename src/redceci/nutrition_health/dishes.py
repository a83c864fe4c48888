"""The sample recipe book: everyday Mexican dishes written for redceci from the composition
table (ASSUMPTION: not IMSS's recipes, which are not public; batch weights and yields are plausible
kitchen figures, not measured ones). One dish a line: code | name | course | texture | yield (g) |
ingredients as ``code net_g`` or ``code gross_g/net_g``, separated by ``;``."""

from __future__ import annotations

from redceci.errors import InputError
from redceci.nutrition_health.recipes import Recipe, RecipeBook, RecipeLine
from redceci.nutrition_health.stages import Course, Texture

DISHES = """
leche_materna | Leche materna o fórmula | milk | milk | 1000 | -
leche | Leche entera | milk | family | 1000 | milk_whole 1000
agua | Agua natural | drink | family | 1000 | water 1000
agua_pepino | Agua de pepino con limón | drink | family | 1000 | water 900; cucumber 110/100; lime 20
avena_platano | Avena con leche y plátano | cereal | family | 1000 | oats 120; milk_whole 700; banana 230/150; cinnamon 2
huevo_mexicana | Huevo a la mexicana con tortilla | cereal | pieces | 1000 | egg 400; tomato 220/200; onion 60/50; oil_canola 20; tortilla_corn 350
tacos_frijol | Tacos de frijol con aguacate | cereal | pieces | 1000 | tortilla_corn 400; black_beans 180; avocado 230/150; tomato 120/100
amaranto_leche | Amaranto con leche y fresa | cereal | family | 1000 | amaranth 120; milk_whole 700; strawberries 160/150
tortitas_papa | Tortitas de papa con huevo | cereal | pieces | 1000 | potato 600/520; egg 200; oil_canola 30; zucchini 150
arroz_leche | Arroz con leche y canela (sin azúcar) | cereal | family | 1000 | rice_white 150; milk_whole 800; cinnamon 3; apple 120/100
sopa_verduras | Sopa de verduras | soup | family | 1500 | carrot 170/150; zucchini 160/150; chayote 170/150; potato 230/200; onion 60/50; oil_canola 15; water 900
caldo_pollo | Caldo de pollo con verduras | soup | family | 1500 | chicken_meat 250; carrot 170/150; potato 230/200; chayote 120/100; water 1000
sopa_lentejas | Sopa de lentejas | soup | family | 1500 | lentils 250; tomato 170/150; onion 60/50; carrot 110/100; oil_canola 15; water 1100
crema_calabaza | Crema de calabaza | soup | family | 1500 | pumpkin 700/550; milk_whole 500; onion 60/50; oil_canola 15; water 350
sopa_fideo | Sopa de fideo con jitomate | soup | family | 1500 | pasta 200; tomato 330/300; onion 60/50; oil_canola 20; water 1000
pollo_cacahuate | Pollo encacahuatado | main | pieces | 1000 | chicken_breast 700; peanuts 80; tomato 220/200; onion 60/50; garlic 6/5; oil_canola 15
picadillo | Picadillo de res con papa y zanahoria | main | pieces | 1000 | beef_ground 550; potato 260/220; carrot 170/150; tomato 170/150; oil_canola 10
tilapia_verduras | Tilapia con verduras | main | pieces | 1000 | tilapia 650; zucchini 160/150; tomato 170/150; onion 60/50; oil_canola 15
tinga_pollo | Tinga de pollo con tortilla | main | pieces | 1000 | chicken_meat 500; tomato 280/250; onion 120/100; tortilla_corn 250; oil_canola 10
albondigas | Albóndigas en caldillo de jitomate | main | pieces | 1000 | beef_ground 500; egg 50; rice_white 40; tomato 330/300; oil_canola 10
pollo_verduras | Pollo guisado con verduras | main | pieces | 1000 | chicken_breast 600; chayote 220/200; carrot 170/150; oil_canola 15
arroz_blanco | Arroz blanco con verduras | side | family | 1000 | rice_white 330; peas 60; carrot 60/50; oil_canola 15
frijoles_olla | Frijoles de la olla | side | family | 1000 | black_beans 330; onion 35/30
pure_papa | Puré de papa | side | family | 1000 | potato 1000/850; milk_whole 150; oil_canola 10
calabacitas | Calabacitas con elote | side | pieces | 1000 | zucchini 600; corn_sweet 400/300; tomato 120/100; oil_canola 10
nopales_ensalada | Ensalada de nopales y jitomate | side | pieces | 1000 | nopales 650/600; tomato 280/250; onion 60/50; avocado 150/100
espinacas_papa | Espinacas con papa | side | pieces | 1000 | spinach 400; potato 600/520; oil_canola 10
papilla_avena | Papilla de avena con plátano | cereal | mashed | 800 | oats 120; banana 300/200; water 500
papilla_arroz | Papilla de arroz con manzana | cereal | mashed | 800 | rice_white 120; apple 300/250; water 500
papilla_amaranto | Papilla de amaranto con pera | cereal | mashed | 800 | amaranth 110; pear 300/250; water 500
papilla_avena_mango | Papilla de avena con mango | cereal | mashed | 800 | oats 120; mango 300/200; water 500
papilla_arroz_papaya | Papilla de arroz con papaya | cereal | mashed | 800 | rice_white 120; papaya 300/200; water 500
pure_pollo_calabaza | Puré de pollo con calabaza | main | puree | 1000 | chicken_breast 350; pumpkin 500/400; potato 300/250
pure_res_zanahoria | Puré de res con zanahoria | main | puree | 1000 | beef_ground 320; carrot 450/400; potato 300/250
pure_lentejas | Puré de lentejas con calabacita | main | mashed | 1000 | lentils 200; zucchini 350; water 450
pure_frijol_huevo | Frijol machacado con yema de huevo | main | mashed | 1000 | black_beans 200; egg 150; water 500
pure_pescado | Puré de tilapia con papa | main | puree | 1000 | tilapia 300; potato 600/520; chayote 220/200
picado_pollo_arroz | Arroz con pollo picado | main | minced | 1000 | chicken_meat 300; rice_white 150; carrot 170/150; water 500
picado_res_papa | Res picada con papa | main | minced | 1000 | beef_ground 300; potato 400/350; zucchini 200; water 250
picado_pescado | Pescado desmenuzado con calabacita | main | minced | 1000 | tilapia 350; zucchini 300; rice_white 100; water 300
picado_lentejas | Lentejas con arroz machacadas | main | mashed | 1000 | lentils 180; rice_white 100; carrot 120/100; water 650
picado_huevo | Huevo revuelto con espinaca picada | main | minced | 1000 | egg 500; spinach 250; oil_canola 10; tortilla_corn 250
caldo_verduras_pure | Crema de verduras (puré) | soup | puree | 1000 | carrot 220/200; zucchini 200; potato 300/250; water 400
"""

#: Fruits served whole (pieces) or as purée: (ingredient, name, gross g, net g) per 100 g served.
FRUITS: tuple[tuple[str, str, float, float], ...] = (
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
)


def parse_line(spec: str) -> RecipeLine:
    """``"oats 120"`` or ``"banana 230/150"`` (gross/net grams)."""
    try:
        code, grams = spec.split()
        gross, _, net = grams.partition("/")
        return RecipeLine(code, float(gross), float(net or gross))
    except ValueError:
        raise InputError(f"recipe line {spec!r}: write 'ingredient grams' or 'gross/net'") from None


def parse_dish(row: str) -> Recipe:
    """One line of ``DISHES``."""
    fields = [f.strip() for f in row.split("|")]
    if len(fields) != 6:
        raise InputError(f"dish {row!r}: six fields separated by '|'")
    code, name, course, texture, yield_g, lines = fields
    parsed = tuple(parse_line(s) for s in lines.split(";") if s.strip() not in ("", "-"))
    return Recipe(code, name, Course(course), Texture(texture), parsed, float(yield_g))


def recipes() -> list[Recipe]:
    """Every sample recipe, fruits included (per batch)."""
    out = [parse_dish(row) for row in DISHES.strip().splitlines()]
    for code, name, gross, net in FRUITS:
        line = (RecipeLine(code, gross, net),)
        out.append(Recipe(f"fruta_{code}", name, Course.FRUIT, Texture.PIECES, line, net))
        out.append(
            Recipe(
                f"pure_{code}", f"Puré de {name.lower()}", Course.FRUIT, Texture.PUREE, line, net
            )
        )
    return out


def book() -> RecipeBook:
    return RecipeBook.of(recipes())
