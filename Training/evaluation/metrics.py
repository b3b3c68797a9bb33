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


def gradient_magnitude(images: np.ndarray) -> np.ndarray:
    """(N, H, W) mean over RGB of |∇| (central differences, 0-1 scale) of (N, H, W, 3) uint8."""
    x = images.astype(np.float32) / 255.0
    dy, dx = np.gradient(x, axis=(1, 2))
    return np.sqrt(dx ** 2 + dy ** 2).mean(axis=3)


def interiors(labels: np.ndarray, margin: int) -> np.ndarray:
    """(N, H, W) bool: pixels whose whole (2·margin+1)² window holds their own class."""
    from scipy import ndimage
    inside = np.zeros(labels.shape, bool)
    for value in np.unique(labels):
        mask = labels == value
        inside |= ndimage.binary_erosion(mask, np.ones((1, 2 * margin + 1, 2 * margin + 1), bool)) & mask
    return inside


def texture(images: np.ndarray, labels: np.ndarray, classes, margin: int) -> dict:
    """Mean gradient magnitude inside class interiors: {class index: value} and "all"."""
    grad, inside = gradient_magnitude(images), interiors(labels, margin)
    out = {}
    for c in classes:
        mask = inside & (labels == c)
        if mask.sum() >= 64:
            out[c] = float(grad[mask].mean())
    chosen = inside & np.isin(labels, list(classes))
    out["all"] = float(grad[chosen].mean()) if chosen.any() else float("nan")
    return out


def patch_statistics_distance(a: np.ndarray, b: np.ndarray, patch: int = 8) -> float:
    """Fréchet distance between the statistics (mean colour, colour std, gradient energy)
    of `patch`² patches of two image sets (N, H, W, 3) uint8: low when the textures match."""
    def stats(images):
        x = images.astype(np.float32) / 255.0
        n, h, w, _ = x.shape
        grad = gradient_magnitude(images)[..., None]
        feats = np.concatenate([x, grad], axis=3)
        tiles = feats[:, :h - h % patch, :w - w % patch].reshape(n, h // patch, patch, w // patch, patch, 4)
        mean = tiles.mean(axis=(2, 4))
        std = tiles.std(axis=(2, 4))
        return np.concatenate([mean, std], axis=3).reshape(-1, 8)
    return frechet_distance(stats(a), stats(b))
