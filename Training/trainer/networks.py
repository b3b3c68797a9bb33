"""Building the three networks with the official initialisation."""

import torch.nn as nn
import torch.nn.init as init

from spade.models import ConvEncoder, SPADEGenerator

from .discriminator import MultiscaleDiscriminator
from .oasis import SegmentationDiscriminator


def xavier_init(net: nn.Module, gain: float = 0.02) -> nn.Module:
    """Glorot-normal weights (gain 0.02) and zero biases for every conv and linear layer,
    as the official `init_weights('xavier', 0.02)`; for spectral-normalised layers the
    stored `weight_orig` is what gets initialised."""
    for module in net.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            weight = module.weight_orig if hasattr(module, "weight_orig") else module.weight
            init.xavier_normal_(weight.data, gain=gain)
            if module.bias is not None:
                init.zeros_(module.bias.data)
    return net


def build(opt, discriminator: str, ndf: int, n_layers_d: int, num_d: int) -> tuple:
    """(netG, netE, netD) for SPADE options `opt`. The PatchGAN sees labels and image
    concatenated; the OASIS discriminator sees the image and segments it."""
    netG = xavier_init(SPADEGenerator(opt))
    netE = xavier_init(ConvEncoder(opt))
    if discriminator == "oasis":
        netD = xavier_init(SegmentationDiscriminator(opt.label_nc, ndf))
    else:
        netD = xavier_init(MultiscaleDiscriminator(opt.semantic_nc + 3, ndf, n_layers_d, num_d))
    return netG, netE, netD
