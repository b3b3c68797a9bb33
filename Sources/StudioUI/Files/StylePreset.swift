import Foundation

/// A named style: a seed and a truncation ψ, from a palette's `Palettes/<palette>.presets.json`:
///
/// ```json
/// {"presets": [{"name": "day", "seed": 4, "psi": 0.8}, {"name": "dusk", "seed": 31}]}
/// ```
///
/// A preset is a name someone gave a seed after looking at it with one model. Looks a model can be
/// held to are the model file's own (`SPADEConfig.NamedLook`), which `m` offers first; there are no
/// built-in names, since a name for a seed is only true of the model it was chosen on.
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

    /// The palette's presets if it has a file, else none.
    public static func presets(besidePalette palettePath: String?) throws -> [StylePreset] {
        guard let palettePath else { return [] }
        let path = path(besidePalette: palettePath)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try load(from: path)
    }
}

/// A presets file that cannot be used.
public struct PresetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
