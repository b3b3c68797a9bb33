"""How raw label-file values become the generator's input channels.

Mirrors the official data loaders (see docs/model-format.md, `labels`): a raw
value either names the dontcare channel or maps to channel `v + value_offset`;
the one-hot map is followed by an instance-edge channel when edges are used.
"""

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class LabelEncoding:
    """The `labels` section of a model file, minus names and palette."""

    label_nc: int
    contain_dontcare_label: bool
    instance_edges: bool
    value_offset: int
    dontcare_values: tuple

    @property
    def semantic_nc(self) -> int:
        return self.label_nc + int(self.contain_dontcare_label) + int(self.instance_edges)


#: The official dataset modes: (label_nc, dontcare, edges, value_offset, dontcare values).
#: ade20k files store 0 for "unknown" and 1..150 for classes; coco stores 255 for
#: "unknown"; cityscapes has no dontcare class.
DATASET_MODES = {
    "ade20k": LabelEncoding(150, True, False, -1, (0,)),
    "coco": LabelEncoding(182, True, True, 0, (255,)),
    "cityscapes": LabelEncoding(35, False, True, 0, ()),
}


def label_encoding(opt) -> LabelEncoding:
    """The encoding an options object implies.

    The official modes fix the offset and dontcare values; any other mode
    follows the official generic loader, which turns a 255 into the dontcare
    channel.
    """
    official = DATASET_MODES.get(opt.dataset_mode)
    offset, dontcare = (official.value_offset, official.dontcare_values) if official else (0, (255,))
    return LabelEncoding(
        label_nc=opt.label_nc,
        contain_dontcare_label=opt.contain_dontcare_label,
        instance_edges=not opt.no_instance,
        value_offset=offset,
        dontcare_values=dontcare if opt.contain_dontcare_label else (),
    )


def raw_to_channels(raw: np.ndarray, encoding: LabelEncoding) -> np.ndarray:
    """Channel index (int64) of every raw label value; raises ValueError on a
    value that maps outside [0, label_nc) and is not a dontcare value."""
    raw = np.asarray(raw).astype(np.int64)
    channels = raw + encoding.value_offset
    is_dontcare = np.isin(raw, encoding.dontcare_values) if encoding.contain_dontcare_label \
        else np.zeros(raw.shape, dtype=bool)
    channels[is_dontcare] = encoding.label_nc
    bad = ~is_dontcare & ((channels < 0) | (channels >= encoding.label_nc))
    if bad.any():
        raise ValueError(f"raw label values {sorted(set(raw[bad].tolist()))[:8]} are outside "
                         f"the {encoding.label_nc} classes of this encoding")
    return channels


def instance_edges(instance: torch.Tensor) -> torch.Tensor:
    """1.0 where a pixel's instance id differs from a 4-neighbour's, marking
    both pixels of each differing pair; input and output are (B, 1, H, W)."""
    edge = torch.zeros(instance.shape, dtype=torch.bool, device=instance.device)
    horizontal = instance[..., :, 1:] != instance[..., :, :-1]
    vertical = instance[..., 1:, :] != instance[..., :-1, :]
    edge[..., :, 1:] |= horizontal
    edge[..., :, :-1] |= horizontal
    edge[..., 1:, :] |= vertical
    edge[..., :-1, :] |= vertical
    return edge.float()


def labels_to_input(label: torch.Tensor, instance, opt) -> torch.Tensor:
    """The official one-hot (+ instance edge) encoding of a channel-index map.

    label: (B, 1, H, W) or (B, H, W) integer channel indices (after
    `raw_to_channels`); instance: same shape, or None when `opt.no_instance`.
    Returns (B, semantic_nc, H, W) float32.
    """
    if label.dim() == 3:
        label = label.unsqueeze(1)
    channels = opt.label_nc + (1 if opt.contain_dontcare_label else 0)
    one_hot = torch.zeros(label.shape[0], channels, *label.shape[2:], device=label.device)
    one_hot.scatter_(1, label.long(), 1.0)
    if opt.no_instance:
        return one_hot
    if instance is None:
        raise ValueError("this model uses instance edges but no instance map was given")
    if instance.dim() == 3:
        instance = instance.unsqueeze(1)
    return torch.cat((one_hot, instance_edges(instance)), dim=1)
