"""Noise injection: the seeded field, and models that carry it."""

import torch

from conftest import tiny_options, trained_looking
from spade.models import SPADEGenerator, labels_to_input
from spade.noise import SQRT3, NoiseInjection, mix, noise_field


def test_mix_is_a_32_bit_hash_that_spreads_neighbouring_keys():
    keys = torch.arange(4096, dtype=torch.int64)
    h = mix(keys)
    assert int(h.min()) >= 0 and int(h.max()) < 2 ** 32
    assert len(set(h.tolist())) == 4096  # no collisions on consecutive keys
    # Every output bit flips for about half of the neighbouring keys.
    flips = torch.stack([((h[1:] ^ h[:-1]) >> b) & 1 for b in range(32)]).float().mean(1)
    assert flips.min() > 0.4 and flips.max() < 0.6


def test_the_field_is_unit_variance_uniform_and_a_function_of_seed_layer_and_pixel():
    field = noise_field(0, 3, 128, 96)
    assert field.shape == (128, 96) and field.dtype == torch.float32
    assert float(field.min()) >= -SQRT3 and float(field.max()) < SQRT3
    assert abs(float(field.mean())) < 0.02 and abs(float(field.var()) - 1) < 0.02
    assert torch.equal(field, noise_field(0, 3, 128, 96))
    assert torch.equal(noise_field(0, 3, 64, 64), field[:64, :64])  # a window reads the same values
    for other in (noise_field(1, 3, 128, 96), noise_field(0, 4, 128, 96)):
        assert abs(float((field * other).mean())) < 0.02  # uncorrelated
    rows, cols = field[1:] * field[:-1], field[:, 1:] * field[:, :-1]
    assert abs(float(rows.mean())) < 0.02 and abs(float(cols.mean())) < 0.02  # no streaks


def test_the_field_matches_a_plain_integer_spelling_of_the_hash():
    # The spelling of docs/model-format.md, which the Swift engine follows.
    def mix32(h):
        h ^= h >> 16
        h = (h * 0x7FEB352D) % 2 ** 32
        h ^= h >> 15
        h = (h * 0x31848BAB) % 2 ** 32
        return h ^ (h >> 14)

    seed, layer = 2 ** 32 + 7, 5  # seeds are taken modulo 2³²
    field = noise_field(seed, layer, 3, 4)
    base = mix32(mix32(7 ^ 0x5EED) ^ layer)
    for y in range(3):
        for x in range(4):
            h = mix32(mix32(base ^ y) ^ x)
            expected = torch.tensor((h >> 8) * 2.0 ** -23 - 1, dtype=torch.float32) * torch.tensor(SQRT3)
            assert float(field[y, x]) == float(expected)


def test_zero_strength_computes_the_plain_model_and_strength_adds_the_field():
    torch.manual_seed(0)
    plain = trained_looking(SPADEGenerator(tiny_options(use_vae=True, z_dim=8)))
    noisy = SPADEGenerator(tiny_options(use_vae=True, z_dim=8, noise=True))
    missing = noisy.load_state_dict(plain.state_dict(), strict=False).missing_keys
    assert missing and all(".noise_" in key for key in missing)
    noisy.eval()
    seg = labels_to_input(torch.randint(0, 150, (1, 32, 32)), None, plain.opt)
    z = torch.randn(1, 8)
    with torch.no_grad():
        assert torch.equal(plain(seg, z), noisy(seg, z))
        noisy.up_3.noise_1.strength.fill_(0.5)
        a, b, c = noisy(seg, z, noise_seed=0), noisy(seg, z, noise_seed=0), noisy(seg, z, noise_seed=1)
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_training_mode_draws_fresh_noise():
    layer = NoiseInjection(2, 0).train()
    layer.strength.data.fill_(1.0)
    x = torch.zeros(1, 2, 8, 8)
    a, b = layer(x), layer(x)
    assert not torch.equal(a, b) and torch.equal(a[:, 0], a[:, 1])  # one map for all channels
