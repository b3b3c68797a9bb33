"""SpadeStudio's PyTorch SPADE: models, safetensors export, checkpoint conversion.

Module and parameter names follow the official NVlabs code so its
checkpoints load into these modules unchanged.
"""
