"""One SPADE training iteration: a generator+encoder update, then a discriminator update.

Two savings over the official loop, neither changing the losses: the fake batch made for
the generator update is reused (detached) for the discriminator update, as pix2pixHD
does, instead of running the generator again; and during the generator update the
discriminator's weights are frozen and real images are scored without a graph, so the
backward pass computes only what reaches the generator. (The discriminator normalises
per instance, so scoring fakes and reals in separate batches gives the same outputs.)
"""

import copy
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from spade.models import labels_to_input
from spade.spectral import settle_spectral_norm

from . import losses, oasis
from .discriminator import discriminate
from .networks import build
from .warm_start import warm_start


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
        netG, netE, netD = build(opt, args.discriminator, args.ndf, args.n_layers_d, args.num_d)
        if processes.distributed and device.type == "cuda":
            netG = torch.nn.SyncBatchNorm.convert_sync_batchnorm(netG)  # the paper's synchronized BN
        self.netG, self.netE, self.netD = netG.to(device), netE.to(device), netD.to(device)
        if processes.distributed:
            ids = [device.index] if device.type == "cuda" else None
            self.G, self.E, self.D = (DistributedDataParallel(net, device_ids=ids) for net in (netG, netE, netD))
        else:
            self.G, self.E, self.D = self.netG, self.netE, self.netD
        # The exported generator: a moving average of the trained one's weights (its buffers,
        # spectral-norm vectors and batch-norm statistics, follow the trained one's).
        self.netG_ema = copy.deepcopy(self.netG).requires_grad_(False) if args.ema > 0 else None
        self.updates = 0
        strengths = [p for name, p in netG.named_parameters() if name.endswith(".strength")]
        others = [p for name, p in netG.named_parameters() if not name.endswith(".strength")]
        groups = [{"params": others + list(netE.parameters()), "lr": args.lr_g, "base_lr": args.lr_g}]
        if strengths:
            groups.append({"params": strengths, "lr": args.lr_noise, "base_lr": args.lr_noise})
        self.optG = torch.optim.Adam(groups, betas=(0.0, 0.9))
        self.optD = torch.optim.Adam(netD.parameters(), lr=args.lr_d, betas=(0.0, 0.9))

    def initialise_from(self, path) -> str:
        """Generator and encoder from a model file where shapes agree (see warm_start); a log line."""
        line = warm_start(path, self.netG, self.netE)
        if self.netG_ema is not None:
            self.netG_ema.load_state_dict(self.netG.state_dict())
        return line

    def set_lr_factor(self, factor: float) -> None:
        for group in self.optG.param_groups:
            group["lr"] = group["base_lr"] * factor
        for group in self.optD.param_groups:
            group["lr"] = self.args.lr_d * factor

    def step(self, labels: torch.Tensor, images: torch.Tensor) -> dict:
        """Train on one batch; returns the loss terms as floats."""
        args = self.args
        semantics = labels_to_input(labels, None, self.opt)

        mu, logvar = self.E(images)
        fake = self.G(semantics, losses.reparameterize(mu, logvar))
        terms = {
            # Summed over the whole global batch, as the single-process official loss is.
            "KLD": losses.kl_divergence(mu, logvar) * args.lambda_kld * self.processes.world,
            "L1": F.l1_loss(F.avg_pool2d(fake, args.l1_pool), F.avg_pool2d(images, args.l1_pool)) * args.lambda_l1,
        }
        with frozen(self.netD):  # the bare module: nothing of D is trained or synchronised here
            if args.discriminator == "oasis":
                terms["G_GAN"] = oasis.loss_g(self.netD(fake), labels, self.opt.label_nc)
            else:
                fake_out = self.netD(torch.cat([semantics, fake], 1))
                with torch.no_grad():
                    real_out = self.netD(torch.cat([semantics, images], 1))
                terms["G_GAN"] = losses.hinge_g(fake_out)
                terms["G_feat"] = losses.feature_matching(fake_out, real_out) * args.lambda_feat
        self.optG.zero_grad()
        sum(terms.values()).backward()
        self.optG.step()
        self._update_ema()

        fake = fake.detach()
        if args.discriminator == "oasis":
            mixed, mask = oasis.labelmix(images, fake, labels)
            # One forward over all three (D has no batch statistics), so DDP sees one pass.
            real_logits, fake_logits, mixed_logits = self.D(torch.cat([images, fake, mixed])).chunk(3)
            terms["D_fake"], terms["D_real"] = oasis.loss_d(real_logits, fake_logits, labels, self.opt.label_nc)
            terms["D_mix"] = oasis.labelmix_loss(mixed_logits, real_logits, fake_logits, mask) * args.lambda_labelmix
        else:
            fake_out, real_out = discriminate(self.D, semantics, fake, images)
            terms["D_fake"], terms["D_real"] = losses.hinge_d(fake_out, real_out)
        self.optD.zero_grad()
        sum(terms[name] for name in ("D_fake", "D_real", "D_mix") if name in terms).backward()
        self.optD.step()
        return {name: float(value) for name, value in terms.items()}

    @torch.no_grad()
    def _update_ema(self) -> None:
        if self.netG_ema is None:
            return
        self.updates += 1
        decay = min(self.args.ema, (1 + self.updates) / (10 + self.updates))  # short memory at first
        for average, current in zip(self.netG_ema.parameters(), self.netG.parameters()):
            average.mul_(decay).add_(current, alpha=1 - decay)
        for average, current in zip(self.netG_ema.buffers(), self.netG.buffers()):
            average.copy_(current)

    @property
    def exported_generator(self) -> torch.nn.Module:
        """The generator samples and exports use: the moving average where there is one."""
        return self.netG_ema if self.netG_ema is not None else self.netG

    @torch.no_grad()
    def export_generator(self, data, batches: int = 16, batch: int = 4) -> torch.nn.Module:
        """A copy of the exported generator ready for eval mode: spectral-norm vectors settled on
        its own weights and batch-norm statistics re-estimated (a plain mean over `batches`
        training batches), since averaged weights make the trained net's statistics stale.
        Draws from a private generator, so a milestone export does not change the run."""
        net = copy.deepcopy(self.exported_generator)
        if self.netG_ema is None:
            return net
        settle_spectral_norm(net)
        norms = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
        for norm in norms:
            norm.reset_running_stats()
            norm.momentum = None
        device = self.processes.device
        noise = torch.Generator().manual_seed(0)
        net.train()
        # Noise injection draws from the global generator: forked, so the run's stream is untouched.
        with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
            torch.manual_seed(0)
            for index in range(batches):
                labels, images = data.batch(index, batch)
                mu, logvar = self.netE(images.to(device))
                eps = torch.randn(mu.shape, generator=noise).to(device)
                net(labels_to_input(labels.to(device), None, self.opt), mu + eps * torch.exp(0.5 * logvar))
        for norm in norms:
            norm.momentum = 0.1
        return net.eval()

    def state_dict(self) -> dict:
        state = {"netG": self.netG.state_dict(), "netE": self.netE.state_dict(), "netD": self.netD.state_dict(),
                 "optG": self.optG.state_dict(), "optD": self.optD.state_dict(), "updates": self.updates}
        if self.netG_ema is not None:
            state["netG_ema"] = self.netG_ema.state_dict()
        return state

    def load_state_dict(self, state: dict) -> None:
        for name in ("netG", "netE", "netD", "optG", "optD"):
            getattr(self, name).load_state_dict(state[name])
        self.updates = state.get("updates", 0)
        if self.netG_ema is not None:
            self.netG_ema.load_state_dict(state.get("netG_ema", state["netG"]))
