"""Seeded value noise and fractal sums of it, evaluated at arbitrary coordinates.

Everything in the landscape generator (ridge lines, cloud cover, textures seen in
perspective) is built from this one primitive, so it is kept small and vectorised:
one octave is four gathers from a random lattice and a smoothstep blend.
"""

import numpy as np

_PERIOD = 256  # lattice size; coordinates wrap, so it must be a power of two
_MASK = _PERIOD - 1


class Noise:
    """Value noise over a random lattice; every call draws fresh lattice offsets from `rng`.

    Because offsets come from the generator in call order, two calls never return the
    same field, yet a given seed and call sequence always reproduces the same fields.
    """

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.flat = rng.uniform(-1.0, 1.0, _PERIOD * _PERIOD).astype(np.float32)  # row-major lattice

    def octave(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """One octave of smooth noise in [-1, 1] at float coordinates (lattice spacing 1)."""
        ox, oy = self.rng.uniform(0, _PERIOD, 2)
        x = np.asarray(x, np.float32) + np.float32(ox)
        y = np.asarray(y, np.float32) + np.float32(oy)
        x0 = np.floor(x)
        y0 = np.floor(y)
        fx = x - x0
        fy = y - y0
        fx = fx * fx * (3 - 2 * fx)
        fy = fy * fy * (3 - 2 * fy)
        ix = x0.astype(np.intp) & _MASK
        iy = (y0.astype(np.intp) & _MASK) * _PERIOD
        jx = (ix + 1) & _MASK
        jy = (iy + _PERIOD) & (_PERIOD * _PERIOD - 1)
        t = self.flat
        a, b = t.take(iy + ix), t.take(iy + jx)
        top = a + fx * (b - a)
        a, b = t.take(jy + ix), t.take(jy + jx)
        bottom = a + fx * (b - a)
        return top + fy * (bottom - top)

    def fbm(self, x, y, octaves: int = 4, gain: float = 0.5, ridged: bool = False) -> np.ndarray:
        """Fractal sum of `octaves` octaves, each at twice the frequency of the last.

        The result is normalised to roughly [-1, 1]; `ridged` folds each octave as
        1 - 2|n|, which gives sharp crests (mountain ridges, cracks) instead of blobs.
        """
        x = np.asarray(x, np.float32)
        y = np.asarray(y, np.float32)
        total = np.zeros(np.broadcast(x, y).shape, np.float32)
        amplitude, norm, frequency = 1.0, 0.0, 1.0
        for _ in range(octaves):
            n = self.octave(x * frequency, y * frequency)
            if ridged:
                n = 1.0 - 2.0 * np.abs(n)
            total += np.float32(amplitude) * n
            norm += amplitude
            amplitude *= gain
            frequency *= 2.0
        return total / np.float32(norm)

    def line(self, x: np.ndarray, frequency: float, octaves: int = 4, ridged: bool = False) -> np.ndarray:
        """1-D fractal noise along `x` (a profile such as a ridge line or shore line)."""
        return self.fbm(x * frequency, np.zeros_like(x), octaves, ridged=ridged)
