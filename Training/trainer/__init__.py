"""Training machinery for train.py: options, discriminator, losses, data order,
checkpoints, distributed helpers and progress reports.
"""
