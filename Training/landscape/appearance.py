"""Global appearance of one picture: what a label map does not determine.

Time of day, season, weather and a camera-like colour grade are drawn per image, so the
same layout can be rendered many ways; this is the variation a SPADE style encoder
(the VAE latent) has to learn to represent.
"""

from dataclasses import dataclass

import numpy as np

TIMES = ("day", "golden", "sunset", "night")
SEASONS = ("summer", "spring", "autumn", "winter")
WEATHERS = ("clear", "overcast", "fog")

# time of day -> (sky at the zenith, sky at the horizon, direct light colour, ambient strength)
_SKY_LIGHT = {
    "day": ((0.22, 0.45, 0.85), (0.68, 0.80, 0.94), (1.00, 0.98, 0.93), 0.42),
    "golden": ((0.30, 0.45, 0.78), (0.98, 0.80, 0.55), (1.05, 0.85, 0.60), 0.38),
    "sunset": ((0.16, 0.18, 0.42), (1.00, 0.48, 0.22), (0.95, 0.55, 0.35), 0.30),
    "night": ((0.01, 0.02, 0.07), (0.07, 0.10, 0.19), (0.24, 0.30, 0.48), 0.4),
}

_FLOWER_COLOURS = ((0.95, 0.85, 0.20), (0.90, 0.20, 0.25), (0.65, 0.35, 0.85),
                   (0.97, 0.97, 0.95), (0.95, 0.55, 0.75), (0.98, 0.55, 0.15))


def _rgb(values) -> np.ndarray:
    return np.asarray(values, np.float32)


@dataclass(frozen=True)
class Look:
    time: str
    season: str
    weather: str
    sun_x: float            # horizontal sun position across the frame (0 left, 1 right)
    zenith: np.ndarray      # sky colour overhead (RGB, 0-1)
    horizon: np.ndarray     # sky colour at the horizon
    light: np.ndarray       # direct light colour and strength
    ambient: float          # share of light that reaches shaded sides
    haze: np.ndarray        # colour distant things fade into
    haze_density: float     # how fast they fade with distance
    flower: np.ndarray      # flower colour of this meadow
    dryness: float          # 0 lush green .. 1 parched grass
    exposure: float
    white_balance: np.ndarray
    saturation: float
    contrast: float

    @property
    def sun_side(self) -> float:
        """+1 when light comes from the right, -1 from the left."""
        return 1.0 if self.sun_x >= 0.5 else -1.0

    @property
    def low_sun(self) -> bool:
        return self.time in ("golden", "sunset")


def sample_look(rng: np.random.Generator) -> Look:
    time = TIMES[rng.choice(4, p=[0.5, 0.2, 0.15, 0.15])]
    season = SEASONS[rng.choice(4, p=[0.4, 0.15, 0.25, 0.2])]
    weather = WEATHERS[rng.choice(3, p=[0.6, 0.25, 0.15])]
    zenith, horizon, light, ambient = _SKY_LIGHT[time]
    jitter = _rgb(rng.normal(0, 0.03, 3))
    zenith, horizon, light = np.clip(_rgb(zenith) + jitter, 0, 1), np.clip(_rgb(horizon) + jitter, 0, 1), _rgb(light)
    haze_density = rng.uniform(0.35, 0.9)
    if weather != "clear":
        grey = _rgb((0.62, 0.65, 0.69)) * (light.mean() / 0.97)
        dim = 0.45 if weather == "overcast" else 0.55
        zenith = zenith * 0.25 + grey * 0.75 * (0.9 if weather == "overcast" else 1.1)
        horizon = horizon * 0.3 + grey * 0.7 * 1.1
        light = light * dim
        ambient = min(ambient + 0.5, 0.95)
        if weather == "fog":
            haze_density = rng.uniform(2.0, 4.0)
    haze = np.clip(horizon * 0.85 + 0.12 * light, 0, 1)
    return Look(
        time=time, season=season, weather=weather,
        sun_x=float(rng.uniform(0.05, 0.95)),
        zenith=zenith, horizon=horizon, light=light, ambient=ambient,
        haze=haze, haze_density=haze_density,
        flower=_rgb(_FLOWER_COLOURS[rng.integers(len(_FLOWER_COLOURS))]),
        dryness=float(rng.uniform(0, 0.6) ** 1.5),
        exposure=float(rng.uniform(0.9, 1.12)),
        white_balance=_rgb(1 + rng.normal(0, 0.035, 3)),
        saturation=float(rng.uniform(0.8, 1.2)),
        contrast=float(rng.uniform(0.9, 1.15)),
    )
