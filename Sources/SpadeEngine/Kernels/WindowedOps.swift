import CBLAS

// Kernels that compute only the pixels inside a window of a full-size tensor, for stroke previews.
// Inputs are read anywhere (neighbours outside the window included, zero past the image border), so a
// window's values equal the full computation's wherever the inputs they read are up to date.

/// A 'same' stride-1 convolution evaluated at the pixels of `window`; other pixels of the result are 0.
func conv2d(_ input: Tensor, _ w: ConvWeights, window: PixelRect) -> Tensor {
    precondition(w.stride == 1 && w.padding == w.kernel / 2 && input.channels == w.inChannels)
    let h = input.height, wd = input.width, k = w.kernel, p = k / 2
    let n = window.area, rowsK = w.inChannels * k * k
    var output = Tensor(channels: w.outChannels, height: h, width: wd)
    guard n > 0 else { return output }
    var columns = [Float](repeating: 0, count: rowsK * n)
    input.data.withUnsafeBufferPointer { src in
        columns.withUnsafeMutableBufferPointer { cols in
            parallelFor(w.inChannels) { range in
                for c in range {
                    let plane = src.baseAddress! + c * h * wd
                    for ky in 0..<k {
                        for kx in 0..<k {
                            var dst = cols.baseAddress! + ((c * k + ky) * k + kx) * n
                            for y in window.y0..<window.y1 {
                                let iy = y + ky - p
                                for x in window.x0..<window.x1 {
                                    let ix = x + kx - p
                                    dst.pointee = (iy >= 0 && iy < h && ix >= 0 && ix < wd) ? plane[iy * wd + ix] : 0
                                    dst += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    var result = [Float](repeating: 0, count: w.outChannels * n)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(w.outChannels), Int32(n), Int32(rowsK), 1,
                w.weight, Int32(rowsK), columns, Int32(n), 0, &result, Int32(n))
    for o in 0..<w.outChannels {
        let b = w.bias?[o] ?? 0
        var i = o * n
        for y in window.y0..<window.y1 {
            for x in window.x0..<window.x1 {
                output.data[(o * h + y) * wd + x] = result[i] + b
                i += 1
            }
        }
    }
    return output
}

/// Applies `f(channel, value)` to the window's pixels, in place.
func mapWindow(_ x: inout Tensor, _ window: PixelRect, _ f: (Int, Float) -> Float) {
    let h = x.height, wd = x.width
    for c in 0..<x.channels {
        for y in window.y0..<window.y1 {
            let row = (c * h + y) * wd
            for i in row + window.x0..<row + window.x1 { x.data[i] = f(c, x.data[i]) }
        }
    }
}

/// Copies the window's pixels of `source` into `target`.
func copyWindow(_ source: Tensor, into target: inout Tensor, _ window: PixelRect) {
    let h = source.height, wd = source.width
    for c in 0..<source.channels {
        for y in window.y0..<window.y1 {
            let row = (c * h + y) * wd
            target.data.replaceSubrange(row + window.x0..<row + window.x1, with: source.data[row + window.x0..<row + window.x1])
        }
    }
}
