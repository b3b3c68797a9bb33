import CBLAS
import CHalf

/// A 3×3 stride-1 convolution's weights transformed for Winograd's F(2×2, 3×3) (Lavin & Gray 2016):
/// `U = G g Gᵀ`, stored as 16 matrices `(out × in)`, one per 4×4 transform position.
/// Each 2×2 output tile then costs 16 multiplies per (out, in) pair instead of 36.
///
/// Large layers may keep `U` in half precision (`half`): 16 half values take less memory than the 9
/// floats of the original kernel, and each 16-matrix panel is widened to float just before its GEMM.
public struct WinogradWeights: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    /// `16 × out × in` floats, or empty when `half` is set.
    let u: [Float]
    /// `16 × out × in` IEEE half bit patterns, or empty.
    let uHalf: [UInt16]
    let bias: [Float]?

    public var isHalf: Bool { !uHalf.isEmpty }

    public init(_ conv: ConvWeights, half: Bool = false) {
        precondition(conv.kernel == 3 && conv.stride == 1 && conv.padding == 1, "Winograd F(2,3) needs a 3×3 'same' conv")
        precondition(conv.outChannels > 0 && conv.inChannels > 0, "Winograd F(2,3) needs channels")
        outChannels = conv.outChannels
        inChannels = conv.inChannels
        bias = conv.bias
        let pairs = outChannels * inChannels
        var u = [Float](repeating: 0, count: 16 * pairs)
        conv.weight.withUnsafeBufferPointer { g in
            u.withUnsafeMutableBufferPointer { dst in
                parallelFor(pairs, minimumPerThread: 4096) { range in
                    for pair in range {
                        let k = g.baseAddress! + pair * 9
                        // t = G · k (4×3), G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]]; then U = t · Gᵀ.
                        @inline(__always) func column(_ j: Int) -> SIMD4<Float> {
                            let k0 = k[j], k1 = k[3 + j], k2 = k[6 + j]
                            return SIMD4(k0, 0.5 * (k0 + k1 + k2), 0.5 * (k0 - k1 + k2), k2)
                        }
                        let t0 = column(0), t1 = column(1), t2 = column(2)
                        let u0 = t0, u1 = 0.5 * (t0 + t1 + t2), u2 = 0.5 * (t0 - t1 + t2), u3 = t2
                        for i in 0..<4 {
                            dst[(i * 4 + 0) * pairs + pair] = u0[i]
                            dst[(i * 4 + 1) * pairs + pair] = u1[i]
                            dst[(i * 4 + 2) * pairs + pair] = u2[i]
                            dst[(i * 4 + 3) * pairs + pair] = u3[i]
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

    /// Values stored: 16 per (out, in) pair.
    public var weightCount: Int { 16 * outChannels * inChannels }
}

/// Scratch bytes per thread for one chunk of tiles (transformed input and GEMM output together).
private let winogradChunkBudget = 6 << 20
/// Scratch bytes for a chunk when chunks run one after another.
private let winogradSharedBudget = 24 << 20
/// Tiles per chunk aimed at: enough columns for an efficient GEMM, few enough to stay in cache.
private let winogradChunkTiles = 512

/// A 3×3 'same' convolution through Winograd F(2×2, 3×3): input tiles transformed (`Bᵀ d B`), 16 GEMMs
/// `U_ξ · V_ξ`, output tiles transformed back (`Aᵀ m A`).
///
/// The image is cut into chunks of whole tile rows. When there are enough chunks, each thread runs
/// whole chunks (transform, single-threaded GEMMs, inverse transform) on its own scratch, so the
/// data of a chunk stays in that core's cache; otherwise the chunks run one after another with the
/// GEMMs split over the threads. Both transforms work on whole rows of tiles at once (even and odd
/// columns apart), which the compiler vectorises.
public func conv2d(_ input: Tensor, _ w: WinogradWeights) -> Tensor {
    precondition(input.channels == w.inChannels, "winograd conv: \(input.channels) channels, weights expect \(w.inChannels)")
    let h = input.height, cin = w.inChannels, cout = w.outChannels
    let tilesX = (input.width + 1) / 2, tilesY = (h + 1) / 2
    let bytesPerTile = 16 * 4 * (cin + cout)
    var rowsPerChunk = max(1, min(tilesY, min(winogradChunkTiles, winogradChunkBudget / bytesPerTile) / tilesX))
    var chunks = (tilesY + rowsPerChunk - 1) / rowsPerChunk
    let parallelChunks = chunks >= 2 * EngineThreads.count && !w.isHalf
    if !parallelChunks {
        // One chunk at a time with threaded GEMMs: larger chunks, fewer (half: fewer panel widenings).
        rowsPerChunk = max(1, min(tilesY, winogradSharedBudget / bytesPerTile / tilesX))
        chunks = (tilesY + rowsPerChunk - 1) / rowsPerChunk
    }
    var output = Tensor(channels: cout, height: h, width: input.width)
    input.data.withUnsafeBufferPointer { src in
        output.data.withUnsafeMutableBufferPointer { dst in
            w.u.withUnsafeBufferPointer { u in
                // Half weights: one panel widened at a time (chunks then run one after another).
                let panel = w.isHalf ? UnsafeMutablePointer<Float>.allocate(capacity: cout * cin) : nil
                defer { panel?.deallocate() }
                func run(_ chunkRange: Range<Int>, splitGEMM: Bool) {
                    let n = rowsPerChunk * tilesX
                    let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * cin * n)
                    let m = UnsafeMutablePointer<Float>.allocate(capacity: 16 * cout * n)
                    defer { v.deallocate(); m.deallocate() }
                    for chunk in chunkRange {
                        let ty0 = chunk * rowsPerChunk, rows = min(rowsPerChunk, tilesY - ty0), tiles = rows * tilesX
                        winogradInput(src.baseAddress!, input, tileRow0: ty0, rows: rows, tilesX: tilesX, into: v)
                        for xi in 0..<16 {
                            let b = v + xi * cin * tiles, c = m + xi * cout * tiles
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
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(cout), Int32(tiles), Int32(cin),
                                            1, a, Int32(cin), b, Int32(tiles), 0, c, Int32(tiles))
                            }
                        }
                        winogradOutput(m, w.bias, into: dst.baseAddress!, channels: cout, height: h, width: input.width,
                                       tileRow0: ty0, rows: rows, tilesX: tilesX, parallel: splitGEMM)
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
private func winogradInput(_ src: UnsafePointer<Float>, _ input: Tensor, tileRow0: Int, rows: Int, tilesX: Int,
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
private func winogradOutput(_ m: UnsafePointer<Float>, _ bias: [Float]?, into dst: UnsafeMutablePointer<Float>,
                            channels cout: Int, height h: Int, width wd: Int, tileRow0: Int, rows: Int, tilesX: Int,
                            parallel: Bool) {
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
