import Foundation

/// A named style: a seed and a truncation ψ. Presets are only names for seeds; they hold no
/// image statistics, so what "sunset" looks like is whatever that seed gives the loaded model.
///
/// A palette may name its own in `Palettes/<palette>.presets.json`:
///
/// ```json
/// {"presets": [{"name": "day", "seed": 4, "psi": 0.8}, {"name": "dusk", "seed": 31}]}
/// ```
///
/// Otherwise the built-in "day", "sunset" and "night" are seeds 1, 2 and 3 with decreasing ψ.
public struct StylePreset: Codable, Hashable, Sendable {
    public var name: String
    public var seed: UInt64
    /// nil or absent: no truncation.
    public var psi: Float?

    public init(name: String, seed: UInt64, psi: Float? = nil) {
        self.name = name
        self.seed = seed
        self.psi = psi
    }

    /// Named seeds used when the palette has no presets file.
    public static let builtIn = [
        StylePreset(name: "day", seed: 1, psi: 1.0),
        StylePreset(name: "sunset", seed: 2, psi: 0.75),
        StylePreset(name: "night", seed: 3, psi: 0.5),
    ]

    /// The presets file next to a palette file: `Palettes/landscape.json` →
    /// `Palettes/landscape.presets.json`.
    public static func path(besidePalette palettePath: String) -> String {
        (palettePath as NSString).deletingPathExtension + ".presets.json"
    }

    /// Reads a presets file.
    /// - Throws: a one-line `FileError`-style message naming the file.
    public static func load(from path: String) throws -> [StylePreset] {
        struct File: Decodable { var presets: [StylePreset] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PresetError("\(path): cannot be read")
        }
        let presets: [StylePreset]
        do {
            presets = try JSONDecoder().decode(File.self, from: data).presets
        } catch {
            throw PresetError("\(path): is not a presets file ({\"presets\": [{\"name\", \"seed\", \"psi\"}]})")
        }
        guard !presets.isEmpty else { throw PresetError("\(path): holds no presets") }
        return presets
    }

    /// The palette's presets if it has a file, else the built-in ones.
    public static func presets(besidePalette palettePath: String?) throws -> [StylePreset] {
        guard let palettePath else { return builtIn }
        let path = path(besidePalette: palettePath)
        guard FileManager.default.fileExists(atPath: path) else { return builtIn }
        return try load(from: path)
    }
}

/// A presets file that cannot be used.
public struct PresetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
