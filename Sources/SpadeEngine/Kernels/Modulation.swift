import CKernels
import CBLAS

/// SPADE's γ and β for one layer and one label map, computed with two exact savings:
///
/// - γ and β at a pixel depend only on the labels within `2·(k/2)` pixels (a 5×5 window for 3×3
///   convs). Where that window holds one class (and edge flag) and does not touch the zero-padded
///   border, γ and β are that class's constants, computed once from the weights. Only pixels near a
///   label boundary (or the border) go through the convolution.
/// - Boundary pixels whose neighbourhoods are equal (the same classes, edge flags and border
///   position in the window) have equal γ and β; along a painted boundary the same few patterns
///   repeat, so each distinct neighbourhood is computed once.
/// - γ and β share one GEMM (their weights stacked), over just those distinct neighbourhoods.
///
/// The result is stored compactly (a key per pixel, constants per class, values per boundary pixel)
/// and only expanded inside `modulate`, so caching the plans of every layer costs little memory.
/// A plan may cover only a window of the layer (stroke previews); pixels outside it are untouched.
/// Which pixels are which comes from a `ModulationLayout` of the labels, shared by a block's layers.
public struct ModulationPlan: Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    /// The pixels this plan covers.
    public let window: PixelRect
    /// Per window pixel (row-major within the window): `k ≥ 0` → class constant `k`;
    /// `k < 0` → boundary pattern column `−k − 1`.
    let keys: [Int32]
    /// `(2·channels) × classCount`, row-major: γ rows then β rows.
    let classValues: [Float]
    let classCount: Int
    /// `(2·channels) × patternCount`, row-major.
    let boundaryValues: [Float]
    /// Distinct boundary neighbourhoods, each one column of the γβ GEMM.
    let patternCount: Int
    /// Pixels near a label boundary or the border (not a class constant).
    public let boundaryPixels: Int

    /// Share of the window's pixels near a boundary (for benchmarks and tests).
    public var boundaryFraction: Double { Double(boundaryPixels) / Double(max(1, window.area)) }
    /// Share of the window's pixels whose γ, β the GEMM computed (one per distinct neighbourhood).
    public var computedFraction: Double { Double(patternCount) / Double(max(1, window.area)) }

    /// Builds the plan for `labels` (already at the layer's resolution) over `window` (default: all).
    public init(labels: LabelMap, weights w: SPADEWeights, window: PixelRect? = nil) {
        self.init(layout: ModulationLayout(labels: labels, kernel: w.shared.kernel, window: window), weights: w)
    }

    /// Builds the plan from a layout of the labels, which the SPADE layers of a block share.
    init(layout: ModulationLayout, weights w: SPADEWeights) {
        precondition(w.shared.kernel == layout.kernel && w.gammaBeta.kernel == layout.kernel,
                     "ModulationPlan: layout is for another kernel size")
        channels = w.channels
        height = layout.labels.height
        width = layout.labels.width
        window = layout.window
        keys = layout.keys
        classCount = layout.classKeys.count
        patternCount = layout.patternCount
        boundaryPixels = layout.boundaryPixels
        classValues = Self.classConstants(layout.classKeys, w, edges: layout.labels.edges != nil)
        boundaryValues = layout.patternCount == 0 ? [] : Self.boundaryGammaBeta(layout, w)
    }

    /// γ, β of a pixel surrounded by one class: the hidden layer is then constant,
    /// `relu(b_s + Σ_taps W_s[:, class, tap] (+ edge column))`, and γβ = `b + (Σ_taps W_γβ) · hidden`.
    private static func classConstants(_ classKeys: [Int32], _ w: SPADEWeights, edges: Bool) -> [Float] {
        let n = classKeys.count
        guard n > 0 else { return [] }
        let hidden = w.shared.outChannels, out = w.gammaBeta.outChannels
        // Hidden activations, hidden × n.
        var act = [Float](repeating: 0, count: hidden * n)
        for (col, key) in classKeys.enumerated() {
            let vector = hiddenVector(w, cls: Int(key / 2), edge: key % 2 == 1 && edges)
            for j in 0..<hidden { act[j * n + col] = vector[j] }
        }
        let taps = w.gammaBeta.kernel * w.gammaBeta.kernel
        var summed = [Float](repeating: 0, count: out * hidden)
        for t in 0..<taps {
            for o in 0..<out {
                let base = (t * out + o) * hidden
                for j in 0..<hidden { summed[o * hidden + j] += w.gammaBeta.weight[base + j] }
            }
        }
        var values = [Float](repeating: 0, count: out * n)
        for o in 0..<out {
            for c in 0..<n { values[o * n + c] = w.gammaBeta.bias[o] }
        }
        summed.withUnsafeBufferPointer { a in
            act.withUnsafeBufferPointer { b in
                values.withUnsafeMutableBufferPointer { c in
                    gemm(m: out, n: n, k: hidden, a.baseAddress!, lda: hidden, b.baseAddress!, ldb: n, beta: 1,
                         c.baseAddress!, ldc: n)
                }
            }
        }
        return values
    }

    /// `relu(b_s + Σ_t W_s[:, cls, t] (+ Σ_t W_s[:, edge, t]))`: the hidden vector inside a uniform
    /// neighbourhood of one class and edge flag.
    private static func hiddenVector(_ w: SPADEWeights, cls: Int, edge: Bool) -> [Float] {
        let hidden = w.shared.outChannels, cin = w.shared.inChannels, taps = w.shared.kernel * w.shared.kernel
        var v = w.shared.bias ?? [Float](repeating: 0, count: hidden)
        for t in 0..<taps {
            for c in edge ? [cls, cin - 1] : [cls] {
                let column = (t * cin + c) * hidden
                for j in 0..<hidden { v[j] += w.shared.columns[column + j] }
            }
        }
        for j in 0..<hidden where v[j] < 0 { v[j] = 0 }
        return v
    }

    /// γ, β at the layout's distinct boundary neighbourhoods (one pixel each), as `mlp_gamma` and
    /// `mlp_beta` compute them: `γβ(p) = b + Σ_t W_t · h(p + t)`, with the hidden map `h` zero
    /// outside the image.
    ///
    /// The hidden vector at a pixel depends only on the labels of its k×k neighbourhood, and the
    /// pixels read hold few distinct neighbourhoods. Each distinct one gets its hidden vector once
    /// (a sum of weight columns, no convolution) and its projections `W_t · h` for every tap in one
    /// set of GEMMs; each listed pixel then adds up k² of those projections.
    private static func boundaryGammaBeta(_ layout: ModulationLayout, _ w: SPADEWeights) -> [Float] {
        let labels = layout.labels, h = labels.height, wd = labels.width, k = layout.kernel, p = k / 2, taps = k * k
        let hidden = w.shared.outChannels, out = w.gammaBeta.outChannels, total = layout.patternCount
        let patterns = layout.hiddenPixels, reads = layout.reads
        let count = patterns.count
        var hiddenVectors = [Float](repeating: 0, count: count * hidden)
        hiddenVectors.withUnsafeMutableBufferPointer { dst in
            w.shared.columns.withUnsafeBufferPointer { byTap in
                parallelFor(count, minimumPerThread: 64) { range in
                    let cin = w.shared.inChannels
                    for s in range {
                        let q = patterns[s], y = q / wd, x = q % wd
                        let v = dst.baseAddress! + s * hidden
                        if let bias = w.shared.bias { v.update(from: bias, count: hidden) } else { v.update(repeating: 0, count: hidden) }
                        for ky in 0..<k {
                            let sy = y + ky - p
                            guard sy >= 0 && sy < h else { continue }
                            for kx in 0..<k {
                                let sx = x + kx - p
                                guard sx >= 0 && sx < wd else { continue }
                                let r = sy * wd + sx, t = ky * k + kx
                                let column = byTap.baseAddress! + (t * cin + Int(labels.classes[r])) * hidden
                                for j in 0..<hidden { v[j] += column[j] }
                                if let edges = labels.edges, edges[r] != 0 {
                                    let e = byTap.baseAddress! + (t * cin + cin - 1) * hidden
                                    for j in 0..<hidden { v[j] += e[j] }
                                }
                            }
                        }
                        for j in 0..<hidden where v[j] < 0 { v[j] = 0 }
                    }
                }
            }
        }
        // Projections in chunks of output channels, pattern-major so that a pixel's k² reads are
        // contiguous runs: proj[j][t][oc] = W_t[o0 + oc] · h_j, and row j = count is zero.
        var values = [Float](unsafeUninitializedCapacity: out * total) { _, n in n = out * total }
        let rows = count + 1
        let chunk = max(1, min(out, (8 << 20) / 4 / (rows * taps)))
        var proj = [Float](unsafeUninitializedCapacity: rows * taps * chunk) { _, n in n = rows * taps * chunk }
        var o0 = 0
        while o0 < out {
            let n = min(chunk, out - o0), rowStride = taps * n
            hiddenVectors.withUnsafeBufferPointer { hv in
                w.gammaBeta.weight.withUnsafeBufferPointer { wt in
                    proj.withUnsafeMutableBufferPointer { pr in
                        for t in 0..<taps {
                            gemm(m: count, n: n, k: hidden, hv.baseAddress!, lda: hidden,
                                 wt.baseAddress! + (t * out + o0) * hidden, ldb: hidden, transposeB: true,
                                 pr.baseAddress! + t * n, ldc: rowStride)
                        }
                        (pr.baseAddress! + count * rowStride).update(repeating: 0, count: rowStride)
                    }
                }
            }
            proj.withUnsafeBufferPointer { pr in
                reads.withUnsafeBufferPointer { rd in
                    values.withUnsafeMutableBufferPointer { dst in
                        w.gammaBeta.bias.withUnsafeBufferPointer { allBias in
                            let bias = allBias.baseAddress! + o0
                            // Blocks of pixels: each pixel's n values summed from its k² rows, then the
                            // block written transposed into the channel-major result.
                            let block = 32
                            parallelFor((total + block - 1) / block) { blocks in
                                let acc = UnsafeMutablePointer<Float>.allocate(capacity: block * n)
                                defer { acc.deallocate() }
                                for b in blocks {
                                    let i0 = b * block, pixels = min(block, total - i0)
                                    for p in 0..<pixels {
                                        let a = acc + p * n, at = rd.baseAddress! + (i0 + p) * taps
                                        a.update(from: bias, count: n)
                                        for t in 0..<taps {
                                            let row = pr.baseAddress! + Int(at[t]) * rowStride + t * n
                                            for oc in 0..<n { a[oc] += row[oc] }
                                        }
                                    }
                                    for oc in 0..<n {
                                        let row = dst.baseAddress! + (o0 + oc) * total + i0
                                        for p in 0..<pixels { row[p] = acc[p * n + oc] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            o0 += n
        }
        return values
    }

    /// `x̂ · (1 + γ) + β` with this plan's γ, β, in place. `x` holds the plan's window only
    /// (`channels × window.height × window.width`; for a whole-image plan, the whole map).
    public func modulate(_ x: inout Tensor) {
        x = normalizeAndModulate(x, normalization: .none)
    }

    /// SPADE in one pass over `x` (the plan's window): `x̂ = x · scale_c + shift_c` (the parameter-
    /// free normalisation), then `x̂ · (1 + γ) + β`, then leaky ReLU with `slope` if given. One read
    /// and one write per value, where separate normalise / modulate / activate passes make three.
    /// Inside a run of one class constant all of it is one affine map per channel, `x · A + B`,
    /// which the compiler vectorises; boundary pixels look up their own γ, β. In place: a caller that
    /// hands over its last reference to `x` allocates nothing (otherwise `x` is copied first).
    public func normalizeAndModulate(_ x: consuming Tensor, normalization: ChannelAffine, leakySlope: Float? = nil) -> Tensor {
        precondition(x.channels == channels && x.height == window.height && x.width == window.width,
                     "modulate: plan is for another shape")
        let plane = window.area
        let (scale, shift) = normalization.coefficients(x)
        let slope = leakySlope ?? 1
        var y = consume x
        y.data.withUnsafeMutableBufferPointer { d in
                keys.withUnsafeBufferPointer { keys in
                    classValues.withUnsafeBufferPointer { cv in
                        boundaryValues.withUnsafeBufferPointer { bv in
                            parallelFor(channels) { range in
                                for c in range {
                                    let gC = cv.baseAddress.map { $0 + c * classCount }
                                    let bC = cv.baseAddress.map { $0 + (channels + c) * classCount }
                                    let gB = bv.baseAddress.map { $0 + c * patternCount }
                                    let bB = bv.baseAddress.map { $0 + (channels + c) * patternCount }
                                    let dst = d.baseAddress! + c * plane, src = UnsafePointer(dst)
                                    let a = scale[c], b = shift[c]
                                    var i = 0
                                    while i < plane {
                                        let key = Int(keys[i])
                                        if key >= 0 {
                                            var end = i + 1
                                            while end < plane && keys[end] == keys[i] { end += 1 }
                                            let gamma = 1 + gC![key], beta = bC![key]
                                            spade_scale_shift_leaky(src + i, dst + i, end - i, a * gamma, b * gamma + beta, slope)
                                            i = end
                                        } else {
                                            let gamma = 1 + gB![-key - 1], beta = bB![-key - 1]
                                            let v = (src[i] * a + b) * gamma + beta
                                            dst[i] = v < 0 ? v * slope : v
                                            i += 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
        }
        return y
    }
}

/// The parameter-free normalisation before SPADE's modulation, as a per-channel `x · scale + shift`.
public enum ChannelAffine: Sendable {
    /// Already normalised.
    case none
    /// Batch norm at inference: the running statistics learned in training.
    case batch(mean: [Float], variance: [Float])
    /// Instance norm: each channel's own mean and biased variance over the map.
    case instance

    static let eps: Float = 1e-5

    func coefficients(_ x: Tensor) -> (scale: [Float], shift: [Float]) {
        switch self {
        case .none:
            return ([Float](repeating: 1, count: x.channels), [Float](repeating: 0, count: x.channels))
        case .batch(let mean, let variance):
            let scale = variance.map { 1 / ($0 + Self.eps).squareRoot() }
            return (scale, zip(mean, scale).map { -$0 * $1 })
        case .instance:
            var scale = [Float](repeating: 0, count: x.channels), shift = scale
            let plane = x.planeSize
            x.data.withUnsafeBufferPointer { d in
                scale.withUnsafeMutableBufferPointer { sc in
                    shift.withUnsafeMutableBufferPointer { sh in
                        parallelFor(x.channels) { range in
                            for c in range {
                                let (mean, variance) = channelMoments(d.baseAddress! + c * plane, plane)
                                let s = Float(1 / (variance + Double(Self.eps)).squareRoot())
                                sc[c] = s
                                sh[c] = -Float(mean) * s
                            }
                        }
                    }
                }
            }
            return (scale, shift)
        }
    }
}
