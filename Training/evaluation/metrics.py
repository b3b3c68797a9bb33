"""Scores of the paper's protocol, on numpy arrays: segmentation agreement (mIoU, pixel
accuracy), a Fréchet distance between feature sets, and render diversity.
"""

import numpy as np
from scipy import linalg


def confusion(predicted: np.ndarray, truth: np.ndarray, classes: int) -> np.ndarray:
    """classes×classes counts: row = true class, column = predicted class."""
    index = truth.astype(np.int64).ravel() * classes + predicted.astype(np.int64).ravel()
    return np.bincount(index, minlength=classes * classes).reshape(classes, classes)


def class_iou(matrix: np.ndarray) -> np.ndarray:
    """Intersection-over-union of each class; NaN for a class neither true nor predicted."""
    intersection = np.diag(matrix).astype(np.float64)
    union = matrix.sum(0) + matrix.sum(1) - intersection
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, intersection / union, np.nan)


def mean_iou(matrix: np.ndarray) -> float:
    """Mean intersection-over-union over the classes that occur (in truth or prediction)."""
    return float(np.nanmean(class_iou(matrix)))


def pixel_accuracy(matrix: np.ndarray) -> float:
    return float(np.trace(matrix) / max(matrix.sum(), 1))


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """‖μa − μb‖² + Tr(Σa + Σb − 2(ΣaΣb)^½) between two (N, D) feature sets (the FID formula)."""
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root, _ = linalg.sqrtm(cov_a @ cov_b, disp=False)
    if not np.isfinite(root).all():  # near-singular product: nudge both covariances, as the FID code does
        eps = np.eye(a.shape[1]) * 1e-6
        root = linalg.sqrtm((cov_a + eps) @ (cov_b + eps))
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * root.real))


def mean_pairwise_l1(renders: np.ndarray) -> float:
    """Mean absolute difference (0-1 scale) over all pairs of K renders (K, H, W, 3) uint8."""
    x = renders.astype(np.float64) / 255.0
    k = x.shape[0]
    total = sum(np.abs(x[i] - x[j]).mean() for i in range(k) for j in range(i + 1, k))
    return float(total / (k * (k - 1) / 2))
