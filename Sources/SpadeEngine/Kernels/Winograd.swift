import CBLAS

/// A 3×3 stride-1 convolution's weights transformed for Winograd's F(2×2, 3×3) (Lavin & Gray 2016):
/// `U = G g Gᵀ`, stored as 16 matrices `(out × in)`, one per 4×4 transform position.
/// Each 2×2 output tile then costs 16 multiplies per (out, in) pair instead of 36.
public struct WinogradWeights: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    /// `16 × out × in` values.
    let u: [Float]
    let bias: [Float]?

    public init(_ conv: ConvWeights) {
        precondition(conv.kernel == 3 && conv.stride == 1 && conv.padding == 1, "Winograd F(2,3) needs a 3×3 'same' conv")
        outChannels = conv.outChannels
        inChannels = conv.inChannels
        bias = conv.bias
        let pairs = outChannels * inChannels
        var u = [Float](repeating: 0, count: 16 * pairs)
        let g: [[Float]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
        for pair in 0..<pairs {
            let k = Array(conv.weight[pair * 9..<pair * 9 + 9])
            // t = G · k (4×3), then U = t · Gᵀ (4×4).
            var t = [Float](repeating: 0, count: 12)
            for i in 0..<4 {
                for j in 0..<3 { t[i * 3 + j] = g[i][0] * k[j] + g[i][1] * k[3 + j] + g[i][2] * k[6 + j] }
            }
            for i in 0..<4 {
                for j in 0..<4 {
                    u[(i * 4 + j) * pairs + pair] = t[i * 3] * g[j][0] + t[i * 3 + 1] * g[j][1] + t[i * 3 + 2] * g[j][2]
                }
            }
        }
        self.u = u
    }
}

/// Bytes of transformed input per band of tile rows.
private let winogradBudget = 8 << 20

/// A 3×3 'same' convolution through Winograd F(2×2, 3×3): input tiles transformed (`Bᵀ d B`), 16 GEMMs
/// `U_ξ · V_ξ`, output tiles transformed back (`Aᵀ m A`), in bands of tile rows to bound memory.
public func conv2d(_ input: Tensor, _ w: WinogradWeights) -> Tensor {
    precondition(input.channels == w.inChannels, "winograd conv: \(input.channels) channels, weights expect \(w.inChannels)")
    let h = input.height, wd = input.width, cin = w.inChannels, cout = w.outChannels
    let tilesX = (wd + 1) / 2, tilesY = (h + 1) / 2
    var output = Tensor(channels: cout, height: h, width: wd)
    let bandRows = max(1, min(tilesY, winogradBudget / 4 / max(1, 16 * max(cin, cout) * tilesX)))
    var v = [Float](repeating: 0, count: 16 * cin * bandRows * tilesX)
    var m = [Float](repeating: 0, count: 16 * cout * bandRows * tilesX)
    var ty0 = 0
    while ty0 < tilesY {
        let rows = min(bandRows, tilesY - ty0), n = rows * tilesX
        // V_ξ[c][tile] = (Bᵀ d B)_ξ for the 4×4 input patch of each tile (zero outside the image).
        input.data.withUnsafeBufferPointer { src in
            v.withUnsafeMutableBufferPointer { vb in
                parallelFor(cin) { range in
                    for c in range {
                        let plane = src.baseAddress! + c * h * wd
                        @inline(__always) func row(_ y: Int, _ x0: Int) -> SIMD4<Float> {
                            guard y >= 0 && y < h else { return .zero }
                            if x0 >= 0 && x0 + 3 < wd {
                                let p = plane + y * wd + x0
                                return SIMD4(p[0], p[1], p[2], p[3])
                            }
                            var r = SIMD4<Float>.zero
                            for j in 0..<4 where x0 + j >= 0 && x0 + j < wd { r[j] = plane[y * wd + x0 + j] }
                            return r
                        }
                        for r in 0..<rows {
                            let y0 = 2 * (ty0 + r) - 1
                            for tx in 0..<tilesX {
                                let x0 = 2 * tx - 1
                                let d0 = row(y0, x0), d1 = row(y0 + 1, x0), d2 = row(y0 + 2, x0), d3 = row(y0 + 3, x0)
                                // Bᵀ d (rows), then the same on each row's columns.
                                let base = c * n + r * tilesX + tx
                                @inline(__always) func store(_ i: Int, _ q: SIMD4<Float>) {
                                    vb[((i * 4 + 0) * cin) * n + base] = q[0] - q[2]
                                    vb[((i * 4 + 1) * cin) * n + base] = q[1] + q[2]
                                    vb[((i * 4 + 2) * cin) * n + base] = q[2] - q[1]
                                    vb[((i * 4 + 3) * cin) * n + base] = q[1] - q[3]
                                }
                                store(0, d0 - d2)
                                store(1, d1 + d2)
                                store(2, d2 - d1)
                                store(3, d1 - d3)
                            }
                        }
                    }
                }
            }
        }
        // M_ξ = U_ξ · V_ξ.
        w.u.withUnsafeBufferPointer { ub in
            v.withUnsafeBufferPointer { vb in
                m.withUnsafeMutableBufferPointer { mb in
                    for xi in 0..<16 {
                        gemm(m: cout, n: n, k: cin, ub.baseAddress! + xi * cout * cin, lda: cin,
                             vb.baseAddress! + xi * cin * n, ldb: n, mb.baseAddress! + xi * cout * n, ldc: n)
                    }
                }
            }
        }
        // Y = Aᵀ M A per tile, Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]].
        m.withUnsafeBufferPointer { mb in
            output.data.withUnsafeMutableBufferPointer { dst in
                parallelFor(cout) { range in
                    for o in range {
                        let b = w.bias?[o] ?? 0
                        let plane = dst.baseAddress! + o * h * wd
                        for r in 0..<rows {
                            for tx in 0..<tilesX {
                                let tile = r * tilesX + tx
                                @inline(__always) func srow(_ i: Int) -> SIMD4<Float> {
                                    SIMD4(mb[((i * 4) * cout + o) * n + tile], mb[((i * 4 + 1) * cout + o) * n + tile],
                                          mb[((i * 4 + 2) * cout + o) * n + tile], mb[((i * 4 + 3) * cout + o) * n + tile])
                                }
                                let s0 = srow(0), s1 = srow(1), s2 = srow(2), s3 = srow(3)
                                // Aᵀ s: (s0 + s1 + s2, s1 − s2 − s3), then the same on columns.
                                let t0 = s0 + s1 + s2, t1 = s1 - s2 - s3
                                let y = 2 * (ty0 + r), x = 2 * tx
                                plane[y * wd + x] = t0[0] + t0[1] + t0[2] + b
                                if x + 1 < wd { plane[y * wd + x + 1] = t0[1] - t0[2] - t0[3] + b }
                                if y + 1 < h {
                                    plane[(y + 1) * wd + x] = t1[0] + t1[1] + t1[2] + b
                                    if x + 1 < wd { plane[(y + 1) * wd + x + 1] = t1[1] - t1[2] - t1[3] + b }
                                }
                            }
                        }
                    }
                }
            }
        }
        ty0 += rows
    }
    return output
}
