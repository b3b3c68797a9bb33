"""Evaluation for evaluate.py: a segmentation network trained on procedural images, and
the metrics computed with it (mIoU, pixel accuracy, segnet-FID, diversity).
"""
