import SpadeLatent
import Foundation

/// A painting session as a film: the canvas when recording started and every edit after it, in
/// order, and the latent the painter used. `spade-studio timelapse` renders it into an animation.
///
/// The studio appends to the file as it paints (beside the autosave, `<autosave>.film`), so the
/// format is a sequence of self-contained records after a magic line; a record cut short by a
/// crash ends the film where the last whole record did. Each record is a kind byte, then:
///
/// ```
/// "C"  width u16, height u16, width·height class ids         a whole canvas (a start, an open)
/// "P"  x u16, y u16, width u16, height u16, width·height ids  a region after an edit
/// "L"  length u32, that many bytes of JSON (FilmLatent)       the latent from here on
/// ```
///
/// Integers are little-endian; ids are row-major. A patch must lie inside the canvas before it.
public struct PaintingFilm: Equatable, Sendable {
    public static let magic = Array("SPADEFILM 1\n".utf8)
    /// Canvas sides above this are refused before allocating (the studio's own limit is far below).
    public static let maximumSide = 8192

    public enum Record: Equatable, Sendable {
        case canvas(LabelCanvas)
        case patch(LabelPatch)
        case latent(FilmLatent)
    }

    public var records: [Record]

    public init(records: [Record] = []) { self.records = records }

    /// The bytes of one record.
    public static func encode(_ record: Record) -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        switch record {
        case let .canvas(canvas):
            out.append(UInt8(ascii: "C"))
            u16(canvas.width); u16(canvas.height)
            out += canvas.pixels
        case let .patch(patch):
            out.append(UInt8(ascii: "P"))
            u16(patch.rect.x); u16(patch.rect.y); u16(patch.rect.width); u16(patch.rect.height)
            out += patch.bytes
        case let .latent(latent):
            let json = latent.json
            out.append(UInt8(ascii: "L"))
            out += withUnsafeBytes(of: UInt32(json.count).littleEndian, Array.init)
            out += json
        }
        return out
    }

    /// The whole file.
    public var encoded: [UInt8] { records.reduce(Self.magic) { $0 + Self.encode($1) } }

    /// Reads a film; `source` names the file in errors.
    /// - Throws: `FilmError`, one line naming the file, for anything but a cut-short last record.
    public static func decode(_ bytes: [UInt8], source: String) throws -> PaintingFilm {
        guard bytes.starts(with: magic) else { throw FilmError(source, "is not a painting film (no 'SPADEFILM 1' line)") }
        var records: [Record] = []
        var at = magic.count
        var size: (width: Int, height: Int)?
        func fail(_ text: String) -> FilmError { FilmError(source, "record \(records.count + 1): \(text)") }
        // nil when the file ends inside the record (a crash mid-append): the film ends before it.
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count <= bytes.count - at else { return nil }
            defer { at += count }
            return bytes[at..<at + count]
        }
        func u16(_ s: ArraySlice<UInt8>, _ i: Int) -> Int { Int(s[s.startIndex + i]) | Int(s[s.startIndex + i + 1]) << 8 }
        reading: while at < bytes.count {
            let kind = bytes[at]
            at += 1
            switch kind {
            case UInt8(ascii: "C"):
                guard let head = take(4) else { break reading }
                let (w, h) = (u16(head, 0), u16(head, 2))
                guard (1...maximumSide).contains(w), (1...maximumSide).contains(h) else { throw fail("canvas of \(w)×\(h)") }
                guard let ids = take(w * h) else { break reading }
                records.append(.canvas(LabelCanvas(width: w, height: h, pixels: Array(ids))!))
                size = (w, h)
            case UInt8(ascii: "P"):
                guard let head = take(8) else { break reading }
                let rect = Rect(x: u16(head, 0), y: u16(head, 2), width: u16(head, 4), height: u16(head, 6))
                guard let size else { throw fail("an edit before any canvas") }
                guard rect.width > 0, rect.height > 0, rect.endX <= size.width, rect.endY <= size.height else {
                    throw fail("edit \(rect.width)×\(rect.height) at (\(rect.x), \(rect.y)) outside the \(size.width)×\(size.height) canvas")
                }
                guard let ids = take(rect.area) else { break reading }
                records.append(.patch(LabelPatch(rect: rect, bytes: Array(ids))))
            case UInt8(ascii: "L"):
                guard let head = take(4) else { break reading }
                let length = head.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
                guard length <= 1 << 20 else { throw fail("latent of \(length) bytes") }
                guard let json = take(length) else { break reading }
                guard let latent = FilmLatent(json: Array(json)) else { throw fail("latent is not valid JSON of seed, psi, style") }
                records.append(.latent(latent))
            default:
                throw fail("unknown record kind \(kind)")
            }
        }
        return PaintingFilm(records: records)
    }

    /// The canvas after each canvas or edit record, in order.
    public var frames: [LabelCanvas] {
        var out: [LabelCanvas] = []
        var current: LabelCanvas?
        for record in records {
            switch record {
            case let .canvas(canvas): current = canvas
            case let .patch(patch): current?.paste(patch)
            case .latent: continue
            }
            if let current { out.append(current) }
        }
        return out
    }

    /// The latent recorded last (the look the painting ended with), nil if none was.
    public var lastLatent: FilmLatent? {
        for case let .latent(latent) in records.reversed() { return latent }
        return nil
    }
}

/// The latent a film is rendered with: a seed (and ψ), or a style vector (a look, an image's code).
public struct FilmLatent: Codable, Equatable, Sendable {
    public var seed: UInt64
    public var psi: Float?
    public var style: [Float]?

    public init(seed: UInt64, psi: Float?, style: [Float]?) {
        self.seed = seed
        self.psi = psi
        self.style = style
    }

    /// JSON; a style with non-finite values (which JSON cannot hold) is left out.
    var json: [UInt8] {
        let data = (try? JSONEncoder().encode(self)) ?? (try? JSONEncoder().encode(FilmLatent(seed: seed, psi: psi, style: nil)))
        return Array(data ?? Data())
    }

    init?(json: [UInt8]) {
        guard let value = try? JSONDecoder().decode(FilmLatent.self, from: Data(json)) else { return nil }
        self = value
    }

    /// The vector of length `dim` this latent means under `prior`.
    public func vector(prior: LatentPrior = .standardNormal, dim: Int) -> [Float] {
        if let style, style.count == dim { return style }
        return LatentState(seed: seed, psi: psi).latent(prior: prior, dim: dim)
    }
}

/// A film that cannot be read: one line naming the file.
public struct FilmError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ path: String, _ problem: String) { description = "\(path): \(problem)" }
}
