import CBLAS

// Kernels over a window of a feature map, for stroke previews. A `Patch` holds the values of one
// rectangle of a map; a window's convolution reads its neighbours from a patch that covers them
// (zero past the image border), so it equals the full computation wherever those inputs are current.

/// The values of `rect` of a `imageWidth × imageHeight` feature map, compactly (`channels × rect`).
struct Patch {
    var rect: PixelRect
    var tensor: Tensor
    let imageWidth: Int
    let imageHeight: Int

    /// `rect` cut out of a full map.
    init(_ full: Tensor, _ rect: PixelRect) {
        self.rect = rect
        imageWidth = full.width
        imageHeight = full.height
        var t = Tensor(channels: full.channels, height: rect.height, width: rect.width)
        for c in 0..<full.channels {
            for y in 0..<rect.height {
                let src = (c * full.height + rect.y0 + y) * full.width + rect.x0
                let dst = (c * rect.height + y) * rect.width
                t.data.replaceSubrange(dst..<dst + rect.width, with: full.data[src..<src + rect.width])
            }
        }
        tensor = t
    }

    init(rect: PixelRect, tensor: Tensor, imageWidth: Int, imageHeight: Int) {
        precondition(tensor.width == rect.width && tensor.height == rect.height, "Patch: tensor does not fit the rect")
        self.rect = rect
        self.tensor = tensor
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
    }

    /// The part of this patch inside `window` (which it must contain).
    func cropped(to window: PixelRect) -> Patch {
        precondition(window.clipped(to: rect) == window, "Patch.cropped: window outside the patch")
        var t = Tensor(channels: tensor.channels, height: window.height, width: window.width)
        for c in 0..<tensor.channels {
            for y in 0..<window.height {
                let src = (c * rect.height + window.y0 - rect.y0 + y) * rect.width + window.x0 - rect.x0
                let dst = (c * window.height + y) * window.width
                t.data.replaceSubrange(dst..<dst + window.width, with: tensor.data[src..<src + window.width])
            }
        }
        return Patch(rect: window, tensor: t, imageWidth: imageWidth, imageHeight: imageHeight)
    }

    /// Writes this patch's values into the full map `target`.
    func paste(into target: inout Tensor) {
        for c in 0..<tensor.channels {
            for y in 0..<rect.height {
                let dst = (c * target.height + rect.y0 + y) * target.width + rect.x0
                let src = (c * rect.height + y) * rect.width
                target.data.replaceSubrange(dst..<dst + rect.width, with: tensor.data[src..<src + rect.width])
            }
        }
    }
}

/// A 'same' stride-1 convolution evaluated at the pixels of `window`, reading `input`, which must
/// cover the window's neighbourhood within the image. Returns the window's values.
func conv2d(_ input: Patch, _ w: ConvWeights, window: PixelRect) -> Patch {
    precondition(w.stride == 1 && w.padding == w.kernel / 2 && input.tensor.channels == w.inChannels)
    let k = w.kernel, p = k / 2, h = input.imageHeight, wd = input.imageWidth
    let src = input.rect, sw = src.width, sh = src.height
    precondition(window.dilated(by: p, width: wd, height: h) == window.dilated(by: p, width: wd, height: h).clipped(to: src),
                 "conv2d(window): input patch does not cover the window's neighbourhood")
    let n = window.area, rowsK = w.inChannels * k * k
    var columns = [Float](repeating: 0, count: rowsK * max(1, n))
    input.tensor.data.withUnsafeBufferPointer { data in
        columns.withUnsafeMutableBufferPointer { cols in
            parallelFor(w.inChannels) { range in
                for c in range {
                    let plane = data.baseAddress! + c * sh * sw
                    for ky in 0..<k {
                        for kx in 0..<k {
                            var dst = cols.baseAddress! + ((c * k + ky) * k + kx) * n
                            for y in window.y0..<window.y1 {
                                let iy = y + ky - p
                                for x in window.x0..<window.x1 {
                                    let ix = x + kx - p
                                    dst.pointee = (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                        ? plane[(iy - src.y0) * sw + (ix - src.x0)] : 0
                                    dst += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    var out = Tensor(channels: w.outChannels, height: window.height, width: window.width)
    if n > 0 {
        w.weight.withUnsafeBufferPointer { a in
            columns.withUnsafeBufferPointer { b in
                out.data.withUnsafeMutableBufferPointer { dst in
                    gemm(m: w.outChannels, n: n, k: rowsK, a.baseAddress!, lda: rowsK, b.baseAddress!, ldb: n,
                         dst.baseAddress!, ldc: n)
                }
            }
        }
        if let bias = w.bias { addChannelBias(&out, bias) }
    }
    return Patch(rect: window, tensor: out, imageWidth: wd, imageHeight: h)
}

extension PixelRect {
    /// The part of this rectangle inside `other`.
    func clipped(to other: PixelRect) -> PixelRect {
        PixelRect(x0: max(x0, other.x0), y0: max(y0, other.y0), x1: min(x1, other.x1), y1: min(y1, other.y1))
    }
}
