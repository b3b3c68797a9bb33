"""One SPADE training iteration: a generator+encoder update, then a discriminator update.

Two savings over the official loop, neither changing the losses: the fake batch made for
the generator update is reused (detached) for the discriminator update, as pix2pixHD
does, instead of running the generator again; and during the generator update the
discriminator's weights are frozen and real images are scored without a graph, so the
backward pass computes only what reaches the generator. (The discriminator normalises
per instance, so scoring fakes and reals in separate batches gives the same outputs.)
"""

from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from spade.models import labels_to_input

from . import losses
from .discriminator import discriminate
from .networks import build


@contextmanager
def frozen(net: torch.nn.Module):
    """No weight gradients for `net` inside the block (inputs still get theirs)."""
    for p in net.parameters():
        p.requires_grad_(False)
    try:
        yield
    finally:
        for p in net.parameters():
            p.requires_grad_(True)


class SpadeGAN:
    def __init__(self, opt, args, processes):
        self.opt = opt
        self.args = args
        self.processes = processes
        device = processes.device
        netG, netE, netD = build(opt, args.ndf, args.n_layers_d, args.num_d)
        if processes.distributed and device.type == "cuda":
            netG = torch.nn.SyncBatchNorm.convert_sync_batchnorm(netG)  # the paper's synchronized BN
        self.netG, self.netE, self.netD = netG.to(device), netE.to(device), netD.to(device)
        if processes.distributed:
            ids = [device.index] if device.type == "cuda" else None
            self.G, self.E, self.D = (DistributedDataParallel(net, device_ids=ids) for net in (netG, netE, netD))
        else:
            self.G, self.E, self.D = self.netG, self.netE, self.netD
        self.optG = torch.optim.Adam(list(netG.parameters()) + list(netE.parameters()), lr=args.lr_g, betas=(0.0, 0.9))
        self.optD = torch.optim.Adam(netD.parameters(), lr=args.lr_d, betas=(0.0, 0.9))

    def set_lr_factor(self, factor: float) -> None:
        for group in self.optG.param_groups:
            group["lr"] = self.args.lr_g * factor
        for group in self.optD.param_groups:
            group["lr"] = self.args.lr_d * factor

    def step(self, labels: torch.Tensor, images: torch.Tensor) -> dict:
        """Train on one batch; returns the loss terms as floats."""
        args = self.args
        semantics = labels_to_input(labels, None, self.opt)

        mu, logvar = self.E(images)
        fake = self.G(semantics, losses.reparameterize(mu, logvar))
        with frozen(self.netD):  # the bare module: nothing of D is trained or synchronised here
            fake_out = self.netD(torch.cat([semantics, fake], 1))
            with torch.no_grad():
                real_out = self.netD(torch.cat([semantics, images], 1))
        terms = {
            "G_GAN": losses.hinge_g(fake_out),
            "G_feat": losses.feature_matching(fake_out, real_out) * args.lambda_feat,
            # Summed over the whole global batch, as the single-process official loss is.
            "KLD": losses.kl_divergence(mu, logvar) * args.lambda_kld * self.processes.world,
            "L1": F.l1_loss(fake, images) * args.lambda_l1,
        }
        self.optG.zero_grad()
        sum(terms.values()).backward()
        self.optG.step()

        fake_out, real_out = discriminate(self.D, semantics, fake.detach(), images)
        terms["D_fake"], terms["D_real"] = losses.hinge_d(fake_out, real_out)
        self.optD.zero_grad()
        (terms["D_fake"] + terms["D_real"]).backward()
        self.optD.step()
        return {name: float(value) for name, value in terms.items()}

    def state_dict(self) -> dict:
        return {"netG": self.netG.state_dict(), "netE": self.netE.state_dict(), "netD": self.netD.state_dict(),
                "optG": self.optG.state_dict(), "optD": self.optD.state_dict()}

    def load_state_dict(self, state: dict) -> None:
        for name in ("netG", "netE", "netD", "optG", "optD"):
            getattr(self, name).load_state_dict(state[name])
