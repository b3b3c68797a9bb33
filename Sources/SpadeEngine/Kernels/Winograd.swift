import CBLAS
import CHalf
import CKernels

/// A 3×3 stride-1 convolution's weights transformed for Winograd's F(m×m, 3×3) (Lavin & Gray 2016),
/// `m` = 2 or 4: `U = G g Gᵀ`, stored as `(m + 2)²` matrices `(out × in)`, one per transform position.
/// An m×m output tile then costs `(m + 2)²` multiplies per (out, in) pair instead of `9m²`:
/// 16 for 36 (F(2,3)), 36 for 144 (F(4,3)). The larger tile also moves less data through the
/// transforms per output pixel, at the price of 2.25× the weight memory and larger constants
/// (a relative error of about 10⁻⁶ in float rather than 10⁻⁷).
///
/// Large layers may keep `U` in half precision (`half`): 16 half values take less memory than the 9
/// floats of the original kernel, and each panel is widened to float just before its GEMM.
public struct WinogradWeights: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    /// The output tile's side `m`.
    public let tile: Int
    /// `positions × out × in` floats, or empty when `half` is set.
    let u: [Float]
    /// `positions × out × in` IEEE half bit patterns, or empty.
    let uHalf: [UInt16]
    let bias: [Float]?

    public var isHalf: Bool { !uHalf.isEmpty }
    /// The input tile's side, `m + 2`.
    var alpha: Int { tile + 2 }
    /// Transform positions, one GEMM each.
    var positions: Int { alpha * alpha }

    /// `G` of F(2×2, 3×3) (interpolation points 0, ±1, ∞) and of F(4×4, 3×3) (0, ±1, ±2, ∞).
    private static let g2: [[Float]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
    private static let g4: [[Float]] = [[1.0 / 4, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
                                        [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]

    public init(_ conv: ConvWeights, tile: Int = 2, half: Bool = false) {
        precondition(conv.kernel == 3 && conv.stride == 1 && conv.padding == 1, "Winograd F(m,3) needs a 3×3 'same' conv")
        precondition(conv.outChannels > 0 && conv.inChannels > 0, "Winograd F(m,3) needs channels")
        precondition(tile == 2 || tile == 4, "Winograd F(m,3): m is 2 or 4")
        outChannels = conv.outChannels
        inChannels = conv.inChannels
        self.tile = tile
        bias = conv.bias
        let g = tile == 2 ? Self.g2 : Self.g4, a = tile + 2
        let pairs = outChannels * inChannels
        var u = [Float](repeating: 0, count: a * a * pairs)
        conv.weight.withUnsafeBufferPointer { kernels in
            u.withUnsafeMutableBufferPointer { dst in
                parallelFor(pairs, minimumPerThread: 4096) { range in
                    var t = [Float](repeating: 0, count: 3 * a)   // G · k, a × 3
                    for pair in range {
                        let k = kernels.baseAddress! + pair * 9
                        for r in 0..<a {
                            for j in 0..<3 { t[r * 3 + j] = g[r][0] * k[j] + g[r][1] * k[3 + j] + g[r][2] * k[6 + j] }
                        }
                        for r in 0..<a {
                            for c in 0..<a {
                                let value = t[r * 3] * g[c][0] + t[r * 3 + 1] * g[c][1] + t[r * 3 + 2] * g[c][2]
                                dst[(r * a + c) * pairs + pair] = value
                            }
                        }
                    }
                }
            }
        }
        if half {
            var h = [UInt16](repeating: 0, count: u.count)
            u.withUnsafeBufferPointer { src in h.withUnsafeMutableBufferPointer { chalf_narrow(src.baseAddress!, $0.baseAddress!, src.count) } }
            uHalf = h
            self.u = []
        } else {
            uHalf = []
            self.u = u
        }
    }

    /// Values stored: `positions` per (out, in) pair.
    public var weightCount: Int { positions * outChannels * inChannels }
}

/// Scratch bytes per thread for one chunk of tiles (transformed input and GEMM output together).
private let winogradChunkBudget = 6 << 20
/// Scratch bytes for a chunk when chunks run one after another.
private let winogradSharedBudget = 24 << 20
/// Tiles per chunk aimed at: enough columns for an efficient GEMM, few enough to stay in cache.
private let winogradChunkTiles = 512

/// A 3×3 'same' convolution through Winograd F(m×m, 3×3): input tiles transformed (`Bᵀ d B`), one GEMM
/// `U_ξ · V_ξ` per transform position, output tiles transformed back (`Aᵀ m A`).
///
/// The image is cut into chunks of whole tile rows. When there are enough chunks, each thread runs
/// whole chunks (transform, single-threaded GEMMs, inverse transform) on its own scratch, so the
/// data of a chunk stays in that core's cache; otherwise the chunks run one after another with the
/// GEMMs split over the threads. Both transforms work on whole rows of tiles at once (even and odd
/// columns apart), which the compiler vectorises.
public func conv2d(_ input: Tensor, _ w: WinogradWeights) -> Tensor {
    precondition(input.channels == w.inChannels, "winograd conv: \(input.channels) channels, weights expect \(w.inChannels)")
    let h = input.height, cin = w.inChannels, cout = w.outChannels, m = w.tile, positions = w.positions
    let tilesX = (input.width + m - 1) / m, tilesY = (h + m - 1) / m
    let bytesPerTile = positions * 4 * (cin + cout)
    var rowsPerChunk = max(1, min(tilesY, min(winogradChunkTiles, winogradChunkBudget / bytesPerTile) / tilesX))
    var chunks = (tilesY + rowsPerChunk - 1) / rowsPerChunk
    let parallelChunks = chunks >= 2 * EngineThreads.count && !w.isHalf
    if !parallelChunks {
        // One chunk at a time with threaded GEMMs: larger chunks, fewer (half: fewer panel widenings).
        rowsPerChunk = max(1, min(tilesY, winogradSharedBudget / bytesPerTile / tilesX))
        chunks = (tilesY + rowsPerChunk - 1) / rowsPerChunk
    }
    var output = Tensor(uninitializedChannels: cout, height: h, width: input.width)
    input.data.withUnsafeBufferPointer { src in
        output.data.withUnsafeMutableBufferPointer { dst in
            w.u.withUnsafeBufferPointer { u in
                // Half weights: one panel widened at a time (chunks then run one after another).
                let panel = w.isHalf ? UnsafeMutablePointer<Float>.allocate(capacity: cout * cin) : nil
                defer { panel?.deallocate() }
                func run(_ chunkRange: Range<Int>, splitGEMM: Bool) {
                    let n = rowsPerChunk * tilesX
                    let v = UnsafeMutablePointer<Float>.allocate(capacity: positions * cin * n)
                    let product = UnsafeMutablePointer<Float>.allocate(capacity: positions * cout * n)
                    defer { v.deallocate(); product.deallocate() }
                    for chunk in chunkRange {
                        let ty0 = chunk * rowsPerChunk, rows = min(rowsPerChunk, tilesY - ty0), tiles = rows * tilesX
                        if m == 2 {
                            winogradInput2(src.baseAddress!, input, tileRow0: ty0, rows: rows, tilesX: tilesX, into: v)
                        } else {
                            winogradInput4(src.baseAddress!, input, tileRow0: ty0, rows: rows, tilesX: tilesX, into: v)
                        }
                        for xi in 0..<positions {
                            let b = v + xi * cin * tiles, c = product + xi * cout * tiles
                            let a: UnsafePointer<Float>
                            if let panel {
                                w.uHalf.withUnsafeBufferPointer { h in
                                    parallelFor(cout, minimumPerThread: max(1, 8192 / cin)) { rows in
                                        chalf_widen(h.baseAddress! + (xi * cout + rows.lowerBound) * cin,
                                                    panel + rows.lowerBound * cin, rows.count * cin)
                                    }
                                }
                                a = UnsafePointer(panel)
                            } else {
                                a = u.baseAddress! + xi * cout * cin
                            }
                            if splitGEMM {
                                gemm(m: cout, n: tiles, k: cin, a, lda: cin, b, ldb: tiles, c, ldc: tiles)
                            } else {
                                spade_sgemm(false, Int32(cout), Int32(tiles), Int32(cin),
                                            1, a, Int32(cin), b, Int32(tiles), 0, c, Int32(tiles))
                            }
                        }
                        let output = m == 2 ? winogradOutput2 : winogradOutput4
                        output(product, w.bias, dst.baseAddress!, cout, h, input.width, ty0, rows, tilesX, splitGEMM)
                    }
                }
                if parallelChunks {
                    EngineThreads.configureBLAS()
                    parallelFor(chunks) { run($0, splitGEMM: false) }
                } else {
                    run(0..<chunks, splitGEMM: true)
                }
            }
        }
    }
    return output
}

/// `V_ξ[c][tile] = (Bᵀ d B)_ξ` for the 4×4 input patch of every tile in `rows` tile rows from
/// `tileRow0` (zero outside the image), `Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]]`.
/// Layout of `v`: `16 × channels × (rows · tilesX)`.
private func winogradInput2(_ src: UnsafePointer<Float>, _ input: Tensor, tileRow0: Int, rows: Int, tilesX: Int,
                           into v: UnsafeMutablePointer<Float>) {
    let h = input.height, wd = input.width, cin = input.channels, n = rows * tilesX
    parallelFor(cin, minimumPerThread: n >= 256 ? 1 : cin) { range in
        // Per input row of a tile row: the row transform Bᵀ applied along x, 4 arrays of tilesX values.
        let rowT = UnsafeMutablePointer<Float>.allocate(capacity: 16 * tilesX)
        let even = UnsafeMutablePointer<Float>.allocate(capacity: tilesX + 1)
        let odd = UnsafeMutablePointer<Float>.allocate(capacity: tilesX + 1)
        defer { rowT.deallocate(); even.deallocate(); odd.deallocate() }
        for c in range {
            let plane = src + c * h * wd
            for r in 0..<rows {
                for dy in 0..<4 {
                    let y = 2 * (tileRow0 + r) - 1 + dy
                    let t = rowT + dy * 4 * tilesX
                    guard y >= 0 && y < h else {
                        t.update(repeating: 0, count: 4 * tilesX)
                        continue
                    }
                    // Padded row p[i] = d[i − 1]: even[j] = p[2j], odd[j] = p[2j + 1].
                    let row = plane + y * wd
                    even[0] = 0
                    for j in 1...tilesX { even[j] = 2 * j - 1 < wd ? row[2 * j - 1] : 0 }
                    for j in 0...tilesX { odd[j] = 2 * j < wd ? row[2 * j] : 0 }
                    let t0 = t, t1 = t + tilesX, t2 = t + 2 * tilesX, t3 = t + 3 * tilesX
                    for j in 0..<tilesX {
                        t0[j] = even[j] - even[j + 1]
                        t1[j] = odd[j] + even[j + 1]
                        t2[j] = even[j + 1] - odd[j]
                        t3[j] = odd[j] - odd[j + 1]
                    }
                }
                // The same transform down the columns: combine the 4 rows.
                for j in 0..<4 {
                    let d0 = rowT + j * tilesX, d1 = d0 + 4 * tilesX, d2 = d1 + 4 * tilesX, d3 = d2 + 4 * tilesX
                    let o = c * n + r * tilesX
                    let v0 = v + (0 * 4 + j) * cin * n + o, v1 = v + (1 * 4 + j) * cin * n + o
                    let v2 = v + (2 * 4 + j) * cin * n + o, v3 = v + (3 * 4 + j) * cin * n + o
                    for x in 0..<tilesX {
                        v0[x] = d0[x] - d2[x]
                        v1[x] = d1[x] + d2[x]
                        v2[x] = d2[x] - d1[x]
                        v3[x] = d1[x] - d3[x]
                    }
                }
            }
        }
    }
}

/// `Y = Aᵀ M A` (+ bias) per tile, `Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]]`, written into `rows` tile
/// rows of the output from `tileRow0`. Layout of `m`: `16 × channels × (rows · tilesX)`.
/// (The output's shape comes as numbers: its buffer is being written through `dst`.)
private func winogradOutput2(_ m: UnsafePointer<Float>, _ bias: [Float]?, _ dst: UnsafeMutablePointer<Float>,
                             _ cout: Int, _ h: Int, _ wd: Int, _ tileRow0: Int, _ rows: Int, _ tilesX: Int,
                             _ parallel: Bool) {
    let n = rows * tilesX
    parallelFor(cout, minimumPerThread: parallel ? 1 : cout) { range in
        // Aᵀ along the 4 rows: two rows of 4 arrays each.
        let colT = UnsafeMutablePointer<Float>.allocate(capacity: 8 * tilesX)
        defer { colT.deallocate() }
        for o in range {
            let b = bias?[o] ?? 0
            let plane = dst + o * h * wd
            for r in 0..<rows {
                for j in 0..<4 {
                    let off = o * n + r * tilesX
                    let s0 = m + (0 * 4 + j) * cout * n + off, s1 = m + (1 * 4 + j) * cout * n + off
                    let s2 = m + (2 * 4 + j) * cout * n + off, s3 = m + (3 * 4 + j) * cout * n + off
                    let top = colT + j * tilesX, bottom = colT + (4 + j) * tilesX
                    for x in 0..<tilesX {
                        top[x] = s0[x] + s1[x] + s2[x]
                        bottom[x] = s1[x] - s2[x] - s3[x]
                    }
                }
                for half in 0..<2 {
                    let y = 2 * (tileRow0 + r) + half
                    guard y < h else { continue }
                    let q0 = colT + half * 4 * tilesX, q1 = q0 + tilesX, q2 = q1 + tilesX, q3 = q2 + tilesX
                    let row = plane + y * wd
                    let pairs = wd / 2
                    for x in 0..<pairs {
                        row[2 * x] = q0[x] + q1[x] + q2[x] + b
                        row[2 * x + 1] = q1[x] - q2[x] - q3[x] + b
                    }
                    if wd % 2 == 1 { row[wd - 1] = q0[pairs] + q1[pairs] + q2[pairs] + b }
                }
            }
        }
    }
}

/// F(4×4, 3×3)'s input transform, as `winogradInput2` does F(2×2, 3×3)'s: the 6×6 patch of each tile
/// starts at (4·tile − 1) in both directions, `Bᵀ` =
/// `[[4, 0, −5, 0, 1, 0], [0, −4, −4, 1, 1, 0], [0, 4, −4, −1, 1, 0], [0, −2, −1, 2, 1, 0], [0, 2, −1, −2, 1, 0], [0, 4, 0, −5, 0, 1]]`.
/// Layout of `v`: `36 × channels × (rows · tilesX)`.
private func winogradInput4(_ src: UnsafePointer<Float>, _ input: Tensor, tileRow0: Int, rows: Int, tilesX: Int,
                            into v: UnsafeMutablePointer<Float>) {
    let h = input.height, wd = input.width, cin = input.channels, n = rows * tilesX
    parallelFor(cin, minimumPerThread: n >= 256 ? 1 : cin) { range in
        // Per input row of a tile row: Bᵀ along x, 6 arrays of tilesX values.
        let rowT = UnsafeMutablePointer<Float>.allocate(capacity: 36 * tilesX)
        // The padded row p[i] = d[i − 1] by phase: q[ph][j] = p[4j + ph].
        let q = UnsafeMutablePointer<Float>.allocate(capacity: 4 * (tilesX + 1))
        defer { rowT.deallocate(); q.deallocate() }
        let q0 = q, q1 = q + (tilesX + 1), q2 = q1 + (tilesX + 1), q3 = q2 + (tilesX + 1)
        for c in range {
            let plane = src + c * h * wd
            for r in 0..<rows {
                for dy in 0..<6 {
                    let y = 4 * (tileRow0 + r) - 1 + dy
                    let t = rowT + dy * 6 * tilesX
                    guard y >= 0 && y < h else {
                        t.update(repeating: 0, count: 6 * tilesX)
                        continue
                    }
                    let row = plane + y * wd
                    for ph in 0..<4 {
                        let qp = q + ph * (tilesX + 1)
                        for j in 0...tilesX {
                            let x = 4 * j + ph - 1
                            qp[j] = x >= 0 && x < wd ? row[x] : 0
                        }
                    }
                    let t0 = t, t1 = t0 + tilesX, t2 = t1 + tilesX, t3 = t2 + tilesX, t4 = t3 + tilesX, t5 = t4 + tilesX
                    spade_wino4_bt(q0, q1, q2, q3, q0 + 1, q1 + 1, t0, t1, t2, t3, t4, t5, tilesX)
                }
                // The same transform down the columns: combine the 6 rows.
                let o = c * n + r * tilesX
                for j in 0..<6 {
                    let e0 = rowT + j * tilesX, e1 = e0 + 6 * tilesX, e2 = e1 + 6 * tilesX
                    let e3 = e2 + 6 * tilesX, e4 = e3 + 6 * tilesX, e5 = e4 + 6 * tilesX
                    let plane = cin * n
                    let v0 = v + j * plane + o, v1 = v0 + 6 * plane, v2 = v1 + 6 * plane
                    let v3 = v2 + 6 * plane, v4 = v3 + 6 * plane, v5 = v4 + 6 * plane
                    spade_wino4_bt(e0, e1, e2, e3, e4, e5, v0, v1, v2, v3, v4, v5, tilesX)
                }
            }
        }
    }
}

/// F(4×4, 3×3)'s output transform, `Y = Aᵀ M A` (+ bias) per tile,
/// `Aᵀ = [[1, 1, 1, 1, 1, 0], [0, 1, −1, 2, −2, 0], [0, 1, 1, 4, 4, 0], [0, 1, −1, 8, −8, 1]]`.
/// Layout of `m`: `36 × channels × (rows · tilesX)`.
private func winogradOutput4(_ m: UnsafePointer<Float>, _ bias: [Float]?, _ dst: UnsafeMutablePointer<Float>,
                             _ cout: Int, _ h: Int, _ wd: Int, _ tileRow0: Int, _ rows: Int, _ tilesX: Int,
                             _ parallel: Bool) {
    let n = rows * tilesX
    parallelFor(cout, minimumPerThread: parallel ? 1 : cout) { range in
        // Aᵀ along the 6 rows: four rows of 6 arrays each.
        let colT = UnsafeMutablePointer<Float>.allocate(capacity: 24 * tilesX)
        let tileRow = UnsafeMutablePointer<Float>.allocate(capacity: 4 * tilesX)
        defer { colT.deallocate(); tileRow.deallocate() }
        for o in range {
            let b = bias?[o] ?? 0
            let plane = dst + o * h * wd
            for r in 0..<rows {
                let off = o * n + r * tilesX, stride = cout * n
                for j in 0..<6 {
                    let s0 = m + j * stride + off, s1 = s0 + 6 * stride, s2 = s1 + 6 * stride
                    let s3 = s2 + 6 * stride, s4 = s3 + 6 * stride, s5 = s4 + 6 * stride
                    let z0 = colT + j * tilesX, z1 = z0 + 6 * tilesX, z2 = z1 + 6 * tilesX, z3 = z2 + 6 * tilesX
                    spade_wino4_at(s0, s1, s2, s3, s4, s5, z0, z1, z2, z3, 0, 1, tilesX)
                }
                for yo in 0..<4 {
                    let y = 4 * (tileRow0 + r) + yo
                    guard y < h else { continue }
                    let q0 = colT + yo * 6 * tilesX, q1 = q0 + tilesX, q2 = q1 + tilesX
                    let q3 = q2 + tilesX, q4 = q3 + tilesX, q5 = q4 + tilesX
                    // The 4 outputs of each tile side by side, then copied into the (maybe narrower) row.
                    spade_wino4_at(q0, q1, q2, q3, q4, q5, tileRow, tileRow, tileRow, tileRow, b, 4, tilesX)
                    (plane + y * wd).update(from: tileRow, count: wd)
                }
            }
        }
    }
}
