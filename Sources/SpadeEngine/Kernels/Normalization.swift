/// Instance normalisation without affine parameters: each channel of this one image is normalised
/// by its own mean and biased variance.
public func instanceNorm(_ x: consuming Tensor, eps: Float = 1e-5) -> Tensor {
    var y = consume x
    let plane = y.planeSize
    y.data.withUnsafeMutableBufferPointer { d in
        parallelFor(y.channels) { range in
            for c in range {
                let base = d.baseAddress! + c * plane
                let (mean, variance) = channelMoments(base, plane)
                let scale = Float(1 / (variance + Double(eps)).squareRoot())
                let m = Float(mean)
                for i in 0..<plane { base[i] = (base[i] - m) * scale }
            }
        }
    }
    return y
}

/// Mean and biased variance of `n` values, accumulated in double (two passes, for accuracy).
func channelMoments(_ values: UnsafePointer<Float>, _ n: Int) -> (mean: Double, variance: Double) {
    var sum: Double = 0
    for i in 0..<n { sum += Double(values[i]) }
    let mean = sum / Double(n)
    var squares: Double = 0
    for i in 0..<n {
        let v = Double(values[i]) - mean
        squares += v * v
    }
    return (mean, squares / Double(n))
}
