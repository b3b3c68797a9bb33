import Foundation
import ImageIO

/// Why a session file could not be read or written: one sentence naming the file.
public struct SessionError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unreadable, truncated, malformed, wrongVersion, wrongSize, unwritable
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Everything needed to reopen a painting where it was left: the canvas, which palette and model
/// it was painted for, and the latent style. Stored as JSON with the canvas as base64.
///
/// The undo history itself is not saved (it can be tens of megabytes); `historyCount` records
/// how many steps it had, for the status line.
public struct Session: Codable, Sendable, Equatable {
    /// The format version this code writes and the newest it reads.
    public static let currentVersion = 1

    public var version: Int
    public var width: Int
    public var height: Int
    /// `width * height` class ids, row-major.
    public var canvas: Data
    /// The palette's `name`.
    public var paletteName: String
    public var modelPath: String?
    public var seed: UInt64
    public var psi: Float?
    public var locked: Bool
    public var historyCount: Int
    /// The canvas file the session was painting (nil: a new canvas, or an older autosave).
    public var canvasPath: String?

    enum CodingKeys: String, CodingKey {
        case version, width, height, canvas, seed, psi, locked
        case paletteName = "palette"
        case modelPath = "model"
        case historyCount = "history_count"
        case canvasPath = "canvas_path"
    }

    public init(canvas: LabelCanvas, paletteName: String, modelPath: String? = nil,
                latent: LatentState = LatentState(), historyCount: Int = 0, canvasPath: String? = nil) {
        self.canvasPath = canvasPath
        version = Self.currentVersion
        width = canvas.width
        height = canvas.height
        self.canvas = Data(canvas.pixels)
        self.paletteName = paletteName
        self.modelPath = modelPath
        seed = latent.seed
        psi = latent.psi
        locked = latent.isLocked
        self.historyCount = historyCount
    }

    public init(document: Document, paletteName: String, modelPath: String? = nil, latent: LatentState = LatentState(),
                canvasPath: String? = nil) {
        self.init(canvas: document.canvas, paletteName: paletteName, modelPath: modelPath, latent: latent,
                  historyCount: document.history.undoCount, canvasPath: canvasPath)
    }

    /// The canvas; `load` has checked that the bytes match the size.
    public var labelCanvas: LabelCanvas? {
        LabelCanvas(width: width, height: height, pixels: [UInt8](canvas))
    }

    public var latent: LatentState {
        LatentState(seed: seed, isLocked: locked, psi: psi)
    }

    // MARK: - Files

    /// Writes the session so that a crash leaves either the old file or the new one, never a
    /// mix: temporary file in the same directory, fsync, rename.
    /// - Throws: ``SessionError`` of kind `.unwritable`.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw SessionError(.unwritable, "\(path): cannot encode session (\(error))")
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw SessionError(.unwritable, "\(path): cannot be saved (\(error))")
        }
    }

    /// Reads and checks a session file.
    /// - Throws: ``SessionError``: unreadable, truncated, malformed, wrong version or wrong size.
    public static func load(from path: String) throws -> Session {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SessionError(.unreadable, "\(path): cannot be read")
        }
        return try decode(data, source: path)
    }

    /// Parses and checks session JSON.
    /// - Parameter source: names the session in error messages.
    public static func decode(_ data: Data, source: String = "session") throws -> Session {
        // The version is read on its own first, so a file from a newer build is reported as
        // such instead of as whatever field it renamed.
        struct VersionProbe: Decodable { var version: Int }
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).version
        } catch {
            // A file cut short (disk full, copy interrupted) ends before its closing brace;
            // say so rather than reporting whatever token the parser tripped on.
            let last = data.last { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
            if data.isEmpty || (data.first == UInt8(ascii: "{") && last != UInt8(ascii: "}")) {
                throw SessionError(.truncated, "\(source): is truncated (\(data.count) bytes, no closing brace)")
            }
            if case DecodingError.keyNotFound = error {
                throw SessionError(.malformed, "\(source): is not a session file (no 'version')")
            }
            throw SessionError(.malformed, "\(source): is not a valid session file")
        }
        guard version == currentVersion else {
            throw SessionError(.wrongVersion,
                               "\(source): has session format version \(version); this build reads version \(currentVersion)")
        }
        let session: Session
        do {
            session = try JSONDecoder().decode(Session.self, from: data)
        } catch {
            if case let DecodingError.keyNotFound(key, _) = error {
                throw SessionError(.malformed, "\(source): is not a valid session file (missing '\(key.stringValue)')")
            }
            throw SessionError(.malformed, "\(source): is not a valid session file (\(error))")
        }
        guard session.width > 0, session.height > 0, session.width <= 1 << 15, session.height <= 1 << 15 else {
            throw SessionError(.wrongSize, "\(source): has an impossible canvas size \(session.width)×\(session.height)")
        }
        guard session.canvas.count == session.width * session.height else {
            throw SessionError(.wrongSize,
                               "\(source): canvas holds \(session.canvas.count) bytes but \(session.width)×\(session.height) needs \(session.width * session.height)")
        }
        return session
    }
}
