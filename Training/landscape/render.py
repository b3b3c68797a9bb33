"""Turn a painted `Canvas` and a `Look` into a photo-like RGB image.

Order of work, as light would compose it: sky gradient and sun glow; per-class surface
colour (season, per-object tint, noise texture); lighting (direct light × relief shading
+ ambient); atmospheric perspective by distance; water that mirrors what stands above
it; a camera-like grade, a slight blur and sensor grain.
"""

import numpy as np
from scipy import ndimage

from .appearance import Look
from .canvas import CONIFER, TRUNK, Canvas
from .classes import (BUSH, CLOUDS, DIRT, FLOWER, GRASS, HILL, LAKE, MOUNTAIN, RIVER, ROCK, SAND, SEA,
                      SKY, SNOW, TREE, WATER)

# Surface colours (sRGB, 0-1) by season: summer, spring, autumn, winter.
_SEASONAL = {
    GRASS: ((0.30, 0.48, 0.16), (0.42, 0.60, 0.20), (0.55, 0.50, 0.24), (0.86, 0.88, 0.92)),
    HILL: ((0.30, 0.44, 0.18), (0.38, 0.54, 0.20), (0.52, 0.42, 0.22), (0.80, 0.82, 0.86)),
    BUSH: ((0.20, 0.36, 0.11), (0.30, 0.48, 0.14), (0.62, 0.36, 0.10), (0.38, 0.32, 0.27)),
    TREE: ((0.11, 0.27, 0.09), (0.24, 0.44, 0.13), (0.78, 0.40, 0.08), (0.30, 0.25, 0.21)),
}
_AUTUMN_LEAVES = np.array([(0.80, 0.33, 0.06), (0.88, 0.62, 0.12), (0.62, 0.16, 0.06), (0.35, 0.40, 0.12)],
                          np.float32)
_FIXED = {
    FLOWER: (0.30, 0.48, 0.16),   # overwritten by dots of the look's flower colour
    SAND: (0.84, 0.74, 0.54),
    DIRT: (0.46, 0.34, 0.22),
    ROCK: (0.46, 0.44, 0.41),
    MOUNTAIN: (0.36, 0.35, 0.36),
    SNOW: (0.95, 0.96, 0.99),
    SEA: (0.03, 0.16, 0.28),
    RIVER: (0.10, 0.22, 0.22),
    LAKE: (0.06, 0.17, 0.22),
}
# Strength of large blotches and of fine grain in each class's texture (by raw label).
_BLOTCHES = np.zeros(16, np.float32)
_GRAIN = np.zeros(16, np.float32)
for _label, _blotches, _grain in ((GRASS, 0.18, 0.22), (FLOWER, 0.18, 0.22), (HILL, 0.12, 0.1), (SAND, 0.08, 0.06),
                                  (DIRT, 0.12, 0.3), (SNOW, 0.04, 0.03)):
    _BLOTCHES[_label], _GRAIN[_label] = _blotches, _grain
_DRY = np.array((0.62, 0.55, 0.30), np.float32)  # what green surfaces turn to in a dry year
_CONIFER = (0.07, 0.20, 0.12)
_TRUNK = (0.25, 0.18, 0.12)
_SNOW_WHITE = np.array((0.93, 0.95, 0.98), np.float32)


def _rgb(values) -> np.ndarray:
    return np.asarray(values, np.float32)


def _season_index(look: Look) -> int:
    return ("summer", "spring", "autumn", "winter").index(look.season)


def _sky(c: Canvas, look: Look, rng: np.random.Generator) -> np.ndarray:
    """Sky colour for every pixel (rows below the horizon get the horizon colour)."""
    t = np.clip(c.y / c.horizon, 0, 1)[..., None] ** 1.7
    sky = look.zenith + (look.horizon - look.zenith) * t + np.zeros((1, c.size, 1), np.float32)
    if look.low_sun:
        sun_y = c.horizon - (0.05 if look.time == "sunset" else 0.18)
        d2 = ((c.x - look.sun_x) ** 2 + 2.5 * (c.y - sun_y) ** 2)[..., None]
        glow = _rgb((1.0, 0.75, 0.45)) if look.time == "golden" else _rgb((1.0, 0.55, 0.25))
        strength = 0.25 if look.weather == "clear" else 0.1
        sky = sky + glow * (strength * np.exp(-d2 / 0.03) + 0.9 * strength * np.exp(-d2 / 0.0015))
    elif look.time == "night" and look.weather == "clear":
        stars = rng.random((c.size, c.size)) > 0.992
        sky = sky + (stars * rng.uniform(0.3, 0.9, (c.size, c.size)))[..., None].astype(np.float32) * (1 - t)
    return sky


def _clouds(c: Canvas, look: Look, sky: np.ndarray) -> np.ndarray:
    """Cloud colour: lit tops, grey bellies, tinted by the light and the sky around them."""
    mask = (c.labels == CLOUDS).astype(np.float32)
    reach = max(c.size // 32, 1)
    above = ndimage.uniform_filter(np.roll(mask, reach, axis=0), 2 * reach + 1)
    lit = np.clip(1.15 - above, 0.0, 1.0)[..., None]
    texture = c.noise.fbm(c.x * 14, c.y * 20, octaves=3)[..., None]
    belly = sky * 0.55 + _rgb((0.30, 0.30, 0.33)) * 0.45
    top = np.clip(look.light * 0.95 + 0.1, 0, 1.2)
    if look.weather != "clear":
        top = top * 0.75 + sky * 0.25
    return belly + (top - belly) * np.clip(lit * 0.8 + 0.2 * texture + 0.1, 0, 1)


def _albedo(c: Canvas, look: Look, fields: dict) -> np.ndarray:
    """Surface colour of every land pixel before lighting."""
    n = c.size
    season = _season_index(look)
    albedo = np.zeros((n, n, 3), np.float32)
    for label, colours in _SEASONAL.items():
        albedo[c.labels == label] = colours[season]
    for label, colour in _FIXED.items():
        albedo[c.labels == label] = colour
    if look.season == "winter":
        albedo[c.labels == FLOWER] = _SEASONAL[GRASS][3]
    else:
        green = np.isin(c.labels, (GRASS, FLOWER, HILL, BUSH))
        albedo[green] = albedo[green] * (1 - look.dryness) + _DRY * look.dryness

    tone = c.tone[..., None]
    plants = (c.labels == TREE) | (c.labels == BUSH)
    if look.season == "autumn":
        leaves = _AUTUMN_LEAVES[np.clip(((c.tone + 1) * 2).astype(int), 0, 3)]
        albedo[plants] = leaves[plants] * np.where(c.labels == BUSH, 0.85, 1.0)[plants][..., None]
    albedo[plants & (c.kind == CONIFER)] = _CONIFER
    albedo[plants & (c.kind == TRUNK)] = _TRUNK
    albedo = albedo * (1 + 0.12 * tone * _rgb((1.0, 0.8, 0.6)))

    big, fine, leafy = fields["big"][..., None], fields["fine"][..., None], fields["leafy"][..., None]
    near = (1 - np.clip(c.depth, 0, 1))[..., None]
    albedo = albedo * (1 + _BLOTCHES[c.labels][..., None] * big + _GRAIN[c.labels][..., None] * fine * near)
    albedo = albedo * np.where(plants[..., None], 0.7 + 0.55 * np.clip(leafy + 0.5, 0, 1), 1.0)
    rocky = np.isin(c.labels, (ROCK, MOUNTAIN))[..., None]
    albedo = albedo * np.where(rocky, 0.85 + 0.22 * fields["crags"][..., None], 1.0)

    if look.season == "winter":  # snow settles on plants and rocks
        dusted = np.isin(c.labels, (TREE, BUSH, ROCK, MOUNTAIN, DIRT)) & (c.shade > 0.95) & (fields["big"] > 0)
        dusted = (dusted & (fields["leafy"] > 0.1))[..., None]
        albedo = np.where(dusted, albedo * 0.4 + _SNOW_WHITE * 0.6, albedo)
    dots = (c.labels == FLOWER) & (fields["dots"] > 0.25 + 0.25 * (1 - c.ground_t(c.y)))
    if look.season != "winter":
        albedo[dots] = look.flower * (0.85 + 0.15 * fields["fine"][dots, None])
    return albedo


def _bumps(height: np.ndarray, sun_side: float) -> np.ndarray:
    """Light on a small-scale height field, unit variance: + where a bump faces the light
    (from above, and from the sun's side), - in its shade."""
    dy, dx = np.gradient(height)
    slope = -dy + 0.5 * sun_side * dx
    return slope / (slope.std() + 1e-6)


def _surface_shading(c: Canvas, sun_side: float) -> np.ndarray:
    """Factor on direct light from each class's own small-scale relief: rock strata and
    cracks, lit and shaded foliage clumps, grass blades, sand ripples, snow drifts, pebbles."""
    nz = c.noise
    below = np.maximum(c.y - c.horizon, 0.004)
    gz, gx = 1.0 / below, (c.x - 0.5) / below   # the ground plane, seen in perspective
    warp = nz.fbm(c.x * 3.0, c.y * 3.0, octaves=2)
    strata = np.sin(2 * np.pi * (c.y * 22 + 2.5 * warp + 0.3 * c.x)) * (0.3 + 0.3 * nz.fbm(c.x * 6, c.y * 2, octaves=2))
    cracks = nz.fbm(c.x * 26, c.y * 18, octaves=3, ridged=True)
    fields = (  # (classes, height field, strength)
        ((MOUNTAIN, ROCK), strata + np.clip(cracks, 0.3, None), 0.32),
        ((TREE, BUSH), nz.fbm(c.x * 30, c.y * 30, octaves=3), 0.38),
        ((GRASS, FLOWER, HILL), nz.fbm(c.x * 110, c.y * 22, octaves=2) + 0.6 * nz.fbm(gx * 6, gz * 3, octaves=2),
         0.22),
        ((SAND,), np.sin(gz * 18 + 4 * nz.fbm(gx * 1.5, gz * 0.6, octaves=2)), 0.16),
        ((SNOW,), nz.fbm(c.x * 8, c.y * 12, octaves=3), 0.12),
        ((DIRT,), nz.fbm(c.x * 60, c.y * 60, octaves=2), 0.25),
    )
    factor = np.ones((c.size, c.size), np.float32)
    near = 1 - 0.7 * np.clip(c.depth, 0, 1)  # detail fades with distance
    for labels, height, strength in fields:
        mask = np.isin(c.labels, labels)
        if mask.any():
            bumps = _bumps(np.broadcast_to(height, mask.shape).astype(np.float32), sun_side)
            factor[mask] += (strength * np.tanh(bumps) * near)[mask]
    return factor


def _relief(c: Canvas, fields: dict, sun_side: float) -> np.ndarray:
    """How much direct light each pixel gets (1 = fully lit): drawn shapes, rolling hills,
    and each surface's own small relief."""
    relief = c.shade * _surface_shading(c, sun_side)
    hill = c.labels == HILL
    relief[hill] *= 0.85 + 0.25 * fields["big"][hill]
    return relief


def _water(c: Canvas, look: Look, image: np.ndarray, fields: dict) -> np.ndarray:
    """Water mirrors what lies above its far edge, mixed with its own colour (more mirror far away)."""
    water = np.isin(c.labels, WATER)
    if not water.any():
        return image
    rows = np.arange(c.size)[:, None]
    first = np.where(water.any(axis=0), water.argmax(axis=0), c.size)[None, :]
    ripple = fields["ripple"]
    mirrored = np.clip(2 * first - rows - 1 + (ripple * 2).astype(int), 0, c.size - 1)
    shift = np.clip(np.arange(c.size)[None, :] + (ripple * c.size / 48).astype(int), 0, c.size - 1)
    reflection = image[mirrored, shift]
    body = np.zeros_like(image)
    for label in WATER:
        body[c.labels == label] = _FIXED[label]
    body = body * (look.light * 0.6 + look.ambient * 0.5)
    mirror = np.clip(0.35 + 0.55 * c.depth, 0, 0.92)[..., None]
    mirror = np.where((c.labels == SEA)[..., None], mirror * 0.9, mirror)
    surface = reflection * 0.85 * mirror + body * (1 - mirror)
    surface = surface * (1 + 0.12 * ripple[..., None])
    if look.low_sun or look.time == "day":
        glint = np.exp(-((c.x - look.sun_x) / (0.03 + 0.12 * (1 - c.depth))) ** 2) * (ripple > 0.1)
        surface = surface + (glint * (0.5 if look.low_sun else 0.25))[..., None] * look.light
    return np.where(water[..., None], surface, image)


def _fields(c: Canvas) -> dict:
    """Noise fields shared by all classes (regions are disjoint, so one field serves many)."""
    nz = c.noise
    below = np.maximum(c.y - c.horizon, 0.004)
    gz = 1.0 / below                      # ground seen in perspective: depth
    gx = (c.x - 0.5) * gz                 # and lateral position on the ground plane
    return {
        "big": nz.fbm(c.x * 2.5, c.y * 2.5, octaves=3),
        "fine": nz.fbm(c.x * 40, c.y * 40, octaves=2),
        "leafy": nz.fbm(c.x * 36, c.y * 36, octaves=3),
        "dots": nz.fbm(gx * 5, gz * 5, octaves=1),
        "crags": nz.fbm(c.x * 10, c.y * 14, octaves=4, ridged=True),
        "ripple": nz.fbm(gx * 1.5, gz * 30, octaves=2),
    }


def _grade(image: np.ndarray, look: Look, rng: np.random.Generator) -> np.ndarray:
    image = image * look.exposure * look.white_balance
    grey = image.mean(axis=2, keepdims=True)
    image = grey + (image - grey) * look.saturation
    image = 0.5 + (image - 0.5) * look.contrast
    image = ndimage.uniform_filter(image, (2, 2, 1))
    image = image + rng.normal(0, 0.012, image.shape).astype(np.float32)
    return np.clip(image, 0, 1)


def render(c: Canvas, look: Look, rng: np.random.Generator) -> np.ndarray:
    """RGB uint8 image (H×W×3) of the canvas under the look."""
    fields = _fields(c)
    sky = _sky(c, look, rng)
    light = look.light * _relief(c, fields, look.sun_side)[..., None] + look.ambient * (look.zenith * 0.5 + 0.5 * look.light)
    image = _albedo(c, look, fields) * light
    is_sky = (c.labels == SKY)[..., None]
    image = np.where(is_sky, sky, image)
    image = np.where((c.labels == CLOUDS)[..., None], _clouds(c, look, sky), image)

    distance = np.clip(c.depth, 0, 1.0) ** 1.3
    fade = 1 - np.exp(-look.haze_density * distance)
    fade = np.where(c.labels == CLOUDS, fade * 0.5, fade)
    hazed = image + (look.haze - image) * fade[..., None]
    image = np.where(is_sky, image, hazed)
    image = _water(c, look, image, fields)
    water = np.isin(c.labels, WATER)[..., None]
    image = np.where(water, image + (look.haze - image) * fade[..., None] * 0.8, image)
    return (_grade(image, look, rng) * 255 + 0.5).astype(np.uint8)
