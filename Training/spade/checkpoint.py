"""Reading official NVlabs checkpoints and working out their architecture.

Everything the converter needs except crop size and aspect ratio can be read
off the tensor shapes; `ConversionError` carries a one-sentence reason.
"""

from dataclasses import dataclass
from pathlib import Path

import torch

#: Keys under which training scripts commonly nest the actual state dict.
_WRAPPER_KEYS = ("state_dict", "model", "net", "netG", "netE", "generator", "encoder")


class ConversionError(Exception):
    """A checkpoint or flag problem, phrased as one sentence for the user."""


def _is_state_dict(obj) -> bool:
    return isinstance(obj, dict) and len(obj) > 0 and all(
        isinstance(k, str) and torch.is_tensor(v) for k, v in obj.items())


def load_state_dict(path) -> dict:
    """The state dict in `path`, unwrapped from a containing dict and with a
    DataParallel `module.` prefix removed. Only tensors are unpickled."""
    name = Path(path).name
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many types for unreadable files
        raise ConversionError(f"{name} could not be read as a PyTorch checkpoint ({error}).") from None
    if not _is_state_dict(obj) and isinstance(obj, dict):
        obj = next((obj[k] for k in _WRAPPER_KEYS if _is_state_dict(obj.get(k))), obj)
    if not _is_state_dict(obj):
        raise ConversionError(f"{name} does not hold a state dict of tensors.")
    if all(k.startswith("module.") for k in obj):
        obj = {k[len("module."):]: v for k, v in obj.items()}
    return dict(obj)


def _weight(state: dict, stem: str):
    """The conv/linear weight under `stem`, spectral-normalized or not."""
    return state.get(stem + ".weight_orig", state.get(stem + ".weight"))


@dataclass(frozen=True)
class GeneratorArchitecture:
    semantic_nc: int
    ngf: int
    spade_hidden: int
    spade_kernel: int
    param_free_norm: str  # 'batch' or 'instance'
    spectral: bool
    use_vae: bool
    z_dim: int
    latent_cells: int  # sh·sw for VAE generators (fc outputs / 16ngf), else 0
    has_up_4: bool

    @property
    def norm_G(self) -> str:
        k = self.spade_kernel
        return f"{'spectral' if self.spectral else ''}spade{self.param_free_norm}{k}x{k}"


@dataclass(frozen=True)
class EncoderArchitecture:
    ndf: int
    num_layers: int
    z_dim: int

    @property
    def input_size(self) -> int:
        return 4 * 2 ** self.num_layers


def inspect_generator(state: dict, name: str) -> GeneratorArchitecture:
    """Read a SPADEGenerator's settings off its tensor shapes."""
    shared = state.get("head_0.norm_0.mlp_shared.0.weight")
    conv = _weight(state, "head_0.conv_0")
    fc = state.get("fc.weight")
    if shared is None or conv is None or fc is None:
        raise ConversionError(f"{name} is not a SPADE generator checkpoint "
                              "(it lacks fc.weight, head_0.conv_0 or head_0.norm_0.mlp_shared.0.weight).")
    ngf = conv.shape[0] // 16
    use_vae = fc.dim() == 2
    return GeneratorArchitecture(
        semantic_nc=shared.shape[1],
        ngf=ngf,
        spade_hidden=shared.shape[0],
        spade_kernel=shared.shape[2],
        param_free_norm="batch" if "head_0.norm_0.param_free_norm.running_mean" in state else "instance",
        spectral="head_0.conv_0.weight_orig" in state,
        use_vae=use_vae,
        z_dim=fc.shape[1] if use_vae else 256,
        latent_cells=fc.shape[0] // (16 * ngf) if use_vae else 0,
        has_up_4=any(k.startswith("up_4.") for k in state),
    )


def inspect_encoder(state: dict, name: str) -> EncoderArchitecture:
    """Read a ConvEncoder's settings off its tensor shapes."""
    first = _weight(state, "layer1.0")
    fc_mu = state.get("fc_mu.weight")
    if first is None or fc_mu is None:
        raise ConversionError(f"{name} is not a SPADE encoder checkpoint (it lacks layer1.0 or fc_mu.weight).")
    num_layers = 1
    while _weight(state, f"layer{num_layers + 1}.0") is not None:
        num_layers += 1
    return EncoderArchitecture(ndf=first.shape[0], num_layers=num_layers, z_dim=fc_mu.shape[0])
