"""A synthetic fashion shop, made by the project (no data download): `rec data shop --out DIR`.

It exists so that everything rec claims about understanding requests and ranking is also measured on a
catalog unlike MovieLens: a single-valued `category` beside a list-valued `sizes`, colors with
two-word values ("navy blue"), materials, a price on every item, and no years. Items are composed from
small vocabularies with seeded randomness; interactions come from simulated shoppers, each with a
favourite few categories, colors and a price level, who mostly browse what fits their taste and
sometimes what is popular — so the collaborative, sequential and popularity signals have something
real to find. Same seed, same files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

CATEGORIES = {   # category -> (base price, materials it comes in, sizes kind)
    "t-shirt": (18, ["cotton", "linen", "polyester"], "letter"), "shirt": (39, ["cotton", "linen", "silk"], "letter"),
    "blouse": (45, ["silk", "cotton", "polyester"], "letter"), "dress": (69, ["cotton", "silk", "linen", "polyester"],
                                                                        "letter"),
    "skirt": (42, ["cotton", "denim", "wool", "leather"], "letter"), "jeans": (59, ["denim"], "waist"),
    "trousers": (55, ["cotton", "wool", "linen"], "waist"), "shorts": (29, ["cotton", "denim", "linen"], "waist"),
    "jacket": (99, ["denim", "leather", "polyester", "wool"], "letter"),
    "coat": (159, ["wool", "cashmere", "polyester"], "letter"), "sweater": (65, ["wool", "cashmere", "cotton"],
                                                                            "letter"),
    "hoodie": (49, ["cotton", "polyester"], "letter"), "sneakers": (79, ["leather", "canvas"], "shoe"),
    "boots": (119, ["leather", "suede"], "shoe"), "sandals": (45, ["leather", "canvas"], "shoe"),
    "scarf": (25, ["wool", "cashmere", "silk"], "one"), "bag": (89, ["leather", "canvas"], "one"),
}
COLORS = ["black", "white", "grey", "navy blue", "red", "green", "beige", "brown", "pink", "yellow", "burgundy",
          "olive", "light blue"]
STYLES = ["casual", "formal", "sporty", "vintage", "minimalist", "bohemian", "streetwear", "classic"]
AUDIENCES = ["women", "men", "unisex"]
SIZES = {"letter": ["XS", "S", "M", "L", "XL"], "waist": ["28", "30", "32", "34", "36"],
         "shoe": ["37", "38", "39", "40", "41", "42", "43", "44"], "one": ["one size"]}
_BRAND_A = ["Nord", "Alba", "Cor", "Vel", "Mar", "Lun", "Ost", "Tern", "Bri", "Fen"]
_BRAND_B = ["vik", "ello", "dane", "mora", "wick", "ara", "sted", "ley"]


def items(n: int, rng: random.Random) -> list[dict]:
    brands = sorted({a + b for a in _BRAND_A for b in _BRAND_B})
    rng.shuffle(brands)
    brands = brands[:30]
    out = []
    for i in range(n):
        category = rng.choice(list(CATEGORIES))
        base, materials, sizes = CATEGORIES[category]
        color, material, style = rng.choice(COLORS), rng.choice(materials), rng.choice(STYLES)
        audience, brand = rng.choice(AUDIENCES), rng.choice(brands)
        price = round(base * rng.lognormvariate(0, 0.35) * (1.6 if material in ("cashmere", "silk", "leather") else 1),
                      2)
        title = f"{brand} {color} {material} {category}"
        text = (f"A {style} {color} {category} in {material} for {audience}, by {brand}. "
                f"{_blurb(category, style, rng)}")
        offered = SIZES[sizes]
        out.append({"id": f"p{i:05d}", "title": title, "category": category, "price": price, "text": text,
                    "attributes": {"color": color, "material": material, "style": style, "audience": audience,
                                   "brand": brand, "sizes": sorted(rng.sample(offered, max(1, len(offered) - 2)),
                                                                   key=offered.index)}})
    return out


def _blurb(category: str, style: str, rng: random.Random) -> str:
    fits = {"casual": "easy to wear every day", "formal": "sharp enough for the office or a wedding",
            "sporty": "made to move in", "vintage": "cut after an old classic", "minimalist": "clean lines, no logo",
            "bohemian": "loose and relaxed for festivals", "streetwear": "an oversized city look",
            "classic": "a timeless wardrobe staple"}
    extra = rng.choice(["Machine washable.", "Ethically made.", "Limited edition.", "Best seller.", ""])
    return f"A {category} that is {fits[style]}. {extra}".strip()


def interactions(catalog: list[dict], users: int, rng: random.Random) -> list[dict]:
    """Simulated shoppers: each prefers two or three categories, a few colors and a price level, and
    browses in sessions (view, sometimes click, now and then purchase), mostly along their taste and
    sometimes what is popular; a purchase is often followed by something that goes with it."""
    by_category: dict[str, list[dict]] = {}
    for item in catalog:
        by_category.setdefault(item["category"], []).append(item)
    popular = rng.sample(catalog, max(1, len(catalog) // 20))
    events, ts = [], 1_700_000_000.0
    for u in range(users):
        likes = rng.sample(list(by_category), rng.randint(2, 3))
        colors = set(rng.sample(COLORS, 3))
        budget = rng.choice([0.7, 1.0, 1.5])
        for _ in range(rng.randint(4, 30)):
            ts += rng.uniform(30, 3600)
            if rng.random() < 0.2:
                item = rng.choice(popular)
            else:
                pool = by_category[rng.choice(likes)]
                fits = [i for i in pool if i["attributes"]["color"] in colors
                        and i["price"] <= CATEGORIES[i["category"]][0] * budget * 1.3] or pool
                item = rng.choice(fits)
            roll = rng.random()
            event = "purchase" if roll < 0.15 else "click" if roll < 0.55 else "view"
            events.append({"user_id": f"u{u:04d}", "item_id": item["id"], "event": event, "ts": round(ts, 1)})
    return events


def export_shop(out_dir: Path, n_items: int = 2000, n_users: int = 800, seed: int = 0) -> dict[str, int]:
    """Write catalog.jsonl and interactions.jsonl for the synthetic shop; returns the counts."""
    rng = random.Random(seed)
    catalog = items(n_items, rng)
    events = interactions(catalog, n_users, rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "catalog.jsonl").write_text("".join(json.dumps(i) + "\n" for i in catalog))
    (out_dir / "interactions.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    return {"items": len(catalog), "interactions": len(events), "users": n_users}
