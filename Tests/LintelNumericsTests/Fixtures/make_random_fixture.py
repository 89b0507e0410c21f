"""Expected values of Lintel's seeded random stream, from an independent Python implementation of
the published algorithms: SplitMix64 seeding, xoshiro256** (Blackman & Vigna), 53-bit uniforms,
Marsaglia's polar method with ln(s) = e ln 2 + 2 atanh((s'-1)/(s'+1)) summed to 13 terms.
Python floats are IEEE-754 doubles, so the numbers must agree bit for bit.

Run from this folder:  python3 make_random_fixture.py > random_stream.json
"""
import json
import math

MASK = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro:
    def __init__(self, seed):
        s = seed
        self.s = []
        for _ in range(4):
            s, z = splitmix(s)
            self.s.append(z)
        self.spare = None

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0**-53

    def gaussian(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                factor = math.sqrt(-2 * portable_log(s) / s)
                self.spare = v * factor
                return u * factor


def portable_log(x):
    mantissa, exponent = math.frexp(x)  # x = mantissa * 2**exponent, mantissa in [0.5, 1)
    significand, exponent = mantissa * 2, exponent - 1  # significand in [1, 2)
    if significand > 1.4142135623730951:
        significand /= 2
        exponent += 1
    f = (significand - 1) / (significand + 1)
    f2 = f * f
    series = 1.0 / 25
    for k in range(11, -1, -1):
        series = 1.0 / (2 * k + 1) + f2 * series
    return exponent * 0.6931471805599453 + 2 * f * series


def stream(seed, count):
    rng = Xoshiro(seed)
    return [rng.next() for _ in range(count)]


def gaussians(seed, count):
    rng = Xoshiro(seed)
    return [rng.gaussian() for _ in range(count)]


print(json.dumps({
    "seed": 42,
    "bits": [str(v) for v in stream(42, 8)],
    "gaussians": [repr(v) for v in gaussians(42, 16)],
    "seed2": 7,
    "gaussians2": [repr(v) for v in gaussians(7, 16)],
    "logs": [[repr(x), repr(portable_log(x))] for x in [1e-300, 0.001, 0.3, 0.5, 0.7071, 0.999999, 1.0, 2.5, 1e10]],
}, indent=1))
