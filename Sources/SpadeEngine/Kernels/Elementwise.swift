import Foundation

// Elementwise ops take their first input `consuming`: a temporary's buffer is then updated in
// place instead of copied, which keeps peak memory at high resolutions down.

/// Leaky ReLU with negative slope `slope` (0.2 throughout SPADE).
public func leakyReLU(_ x: consuming Tensor, slope: Float = 0.2) -> Tensor {
    var y = consume x
    y.data.withUnsafeMutableBufferPointer { d in
        parallelFor(d.count, minimumPerThread: 1 << 16) { range in
            for i in range where d[i] < 0 { d[i] *= slope }
        }
    }
    return y
}

/// ReLU in place.
public func reluInPlace(_ x: inout Tensor) {
    x.data.withUnsafeMutableBufferPointer { d in
        for i in d.indices where d[i] < 0 { d[i] = 0 }
    }
}

/// Hyperbolic tangent, elementwise.
public func tanh(_ x: consuming Tensor) -> Tensor {
    var y = consume x
    y.data.withUnsafeMutableBufferPointer { d in
        for i in d.indices { d[i] = Foundation.tanh(d[i]) }
    }
    return y
}

/// `a + b`, elementwise.
public func add(_ a: consuming Tensor, _ b: Tensor) -> Tensor {
    precondition(a.channels == b.channels && a.height == b.height && a.width == b.width, "add: shapes differ")
    var y = consume a
    y.data.withUnsafeMutableBufferPointer { d in
        b.data.withUnsafeBufferPointer { s in
            parallelFor(d.count, minimumPerThread: 1 << 16) { range in
                for i in range { d[i] += s[i] }
            }
        }
    }
    return y
}

/// SPADE's modulation `x̂ · (1 + γ) + β`, elementwise.
public func modulate(_ normalized: Tensor, gamma: Tensor, beta: Tensor) -> Tensor {
    var y = normalized
    y.data.withUnsafeMutableBufferPointer { d in
        gamma.data.withUnsafeBufferPointer { g in
            beta.data.withUnsafeBufferPointer { b in
                for i in d.indices { d[i] = d[i] * (1 + g[i]) + b[i] }
            }
        }
    }
    return y
}

/// Nearest-neighbour upsampling by 2 in both directions.
public func upsample2x(_ x: Tensor) -> Tensor {
    let h = x.height, w = x.width
    var y = Tensor(uninitializedChannels: x.channels, height: 2 * h, width: 2 * w)
    x.data.withUnsafeBufferPointer { s in
        y.data.withUnsafeMutableBufferPointer { d in
            parallelFor(x.channels) { range in
                for c in range {
                    let src = s.baseAddress! + c * h * w
                    let dst = d.baseAddress! + c * 4 * h * w
                    for yy in 0..<h {
                        let row = dst + 2 * yy * 2 * w
                        for xx in 0..<w {
                            let v = src[yy * w + xx]
                            row[2 * xx] = v
                            row[2 * xx + 1] = v
                        }
                        (row + 2 * w).update(from: row, count: 2 * w)
                    }
                }
            }
        }
    }
    return y
}

/// Bilinear resize with PyTorch's `align_corners=False` rule (source = (dst + 0.5) · in/out − 0.5,
/// clamped at 0), used for the style encoder's input.
public func resizeBilinear(_ x: Tensor, height oh: Int, width ow: Int) -> Tensor {
    if oh == x.height && ow == x.width { return x }
    func taps(_ input: Int, _ output: Int) -> [(Int, Int, Float)] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { o in
            let src = max(0, (Float(o) + 0.5) * scale - 0.5)
            let i0 = min(Int(src), input - 1)
            let i1 = min(i0 + 1, input - 1)
            return (i0, i1, src - Float(i0))
        }
    }
    let ys = taps(x.height, oh), xs = taps(x.width, ow)
    var y = Tensor(channels: x.channels, height: oh, width: ow)
    for c in 0..<x.channels {
        for (oy, (y0, y1, fy)) in ys.enumerated() {
            for (ox, (x0, x1, fx)) in xs.enumerated() {
                let top = (1 - fx) * x[c, y0, x0] + fx * x[c, y0, x1]
                let bottom = (1 - fx) * x[c, y1, x0] + fx * x[c, y1, x1]
                y[c, oy, ox] = (1 - fy) * top + fy * bottom
            }
        }
    }
    return y
}
