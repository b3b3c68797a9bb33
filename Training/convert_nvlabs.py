#!/usr/bin/python3
"""Convert an official NVlabs SPADE checkpoint into a SpadeStudio model file.

    /usr/bin/python3 Training/convert_nvlabs.py --generator latest_net_G.pth \
        [--encoder latest_net_E.pth] --dataset-mode ade20k|coco|cityscapes \
        [--crop-size 256] [--aspect-ratio 1.0] [--num-upsampling-layers normal|more|most] \
        --out model.safetensors [--half]

Architecture (label channels, widths, norm type, VAE, up_4) is read from the
checkpoint and checked against the flags; a mismatch prints one sentence on
stderr and exits with status 2 without writing anything.
"""

import argparse
import sys

from spade.checkpoint import ConversionError
from spade.conversion import ConversionRequest, convert
from spade.labels import DATASET_MODES


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generator", required=True, help="latest_net_G.pth")
    parser.add_argument("--encoder", help="latest_net_E.pth (VAE models)")
    parser.add_argument("--dataset-mode", required=True, choices=sorted(DATASET_MODES))
    parser.add_argument("--crop-size", type=int, help="default: the dataset mode's (256, cityscapes 512)")
    parser.add_argument("--aspect-ratio", type=float, help="width / height; default 1.0, cityscapes 2.0")
    parser.add_argument("--num-upsampling-layers", choices=("normal", "more", "most"),
                        help="default: read from the checkpoint where it can be, else the dataset mode's")
    parser.add_argument("--out", required=True, help="the .safetensors file to write")
    parser.add_argument("--half", action="store_true", help="store F16 weights")
    parser.add_argument("--name", help="the model's display name (default: the dataset mode)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    request = ConversionRequest(
        generator=args.generator, encoder=args.encoder, dataset_mode=args.dataset_mode,
        crop_size=args.crop_size, aspect_ratio=args.aspect_ratio,
        num_upsampling_layers=args.num_upsampling_layers, out=args.out, half=args.half, name=args.name)
    try:
        config = convert(request)
    except ConversionError as error:
        print(error, file=sys.stderr)
        return 2
    g = config["generator"]
    print(f"wrote {args.out}: {config['name']}, {g['param_free_norm']} norm, "
          f"{'VAE' if g['use_vae'] else 'deterministic'}, ngf {g['ngf']}, crop {g['crop_size']}, "
          f"{g['num_upsampling_layers']} upsampling, "
          f"{'with' if config['encoder'] else 'no'} encoder, {'F16' if args.half else 'F32'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
