import Foundation

/// One semantic class: the id painted on the canvas, its name, display colour and shortcut.
public struct PaletteClass: Hashable, Sendable, Codable {
    public var id: UInt8
    public var name: String
    public var color: PaletteColor
    /// A single character that selects the class, if any.
    public var hotkey: Character?
    /// The matching COCO-Stuff class id, which lets palettes of different datasets be mapped.
    public var cocoStuffID: Int?

    public init(id: UInt8, name: String, color: PaletteColor, hotkey: Character? = nil, cocoStuffID: Int? = nil) {
        self.id = id
        self.name = name
        self.color = color
        self.hotkey = hotkey
        self.cocoStuffID = cocoStuffID
    }

    enum CodingKeys: String, CodingKey {
        case id, name, color, hotkey
        case cocoStuffID = "coco_stuff_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UInt8.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        color = try container.decode(PaletteColor.self, forKey: .color)
        hotkey = try container.decodeIfPresent(String.self, forKey: .hotkey).flatMap(\.first)
        cocoStuffID = try container.decodeIfPresent(Int.self, forKey: .cocoStuffID)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(color, forKey: .color)
        try container.encode(hotkey.map(String.init), forKey: .hotkey)
        try container.encode(cocoStuffID, forKey: .cocoStuffID)
    }
}

/// A palette error: one sentence that names the file and what is wrong in it.
public struct PaletteError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The set of classes a model understands, as read from `Palettes/*.json`:
///
/// ```json
/// {"name": "landscape", "description": "...",
///  "dontcare": null | {"id": 0, "name": "unlabeled", "color": [0,0,0]},
///  "classes": [{"id": 1, "name": "sky", "color": [120,180,250], "hotkey": "s", "coco_stuff_id": 157}]}
/// ```
///
/// Ids are unique in `0...255` (the canvas stores one byte per pixel), colours are three ints in
/// `0...255`, hotkeys are single characters and unique, names are unique.
public struct Palette: Hashable, Sendable, Codable {
    public let name: String
    public let description: String?
    /// The "unlabeled" class, if the model has one.
    public let dontcare: PaletteClass?
    public let classes: [PaletteClass]
    /// id → index into `allClasses`, -1 when unused.
    private let indexByID: [Int16]

    /// Builds a palette, enforcing the same rules as the JSON loader.
    /// - Parameter source: names the palette in error messages (a file path).
    /// - Throws: ``PaletteError``.
    public init(name: String, description: String? = nil, dontcare: PaletteClass? = nil, classes: [PaletteClass],
                source: String = "palette") throws {
        guard !classes.isEmpty else { throw PaletteError("\(source): has no classes") }
        var index = [Int16](repeating: -1, count: 256)
        var names = Set<String>(), hotkeys = [Character: String]()
        for (position, item) in ((dontcare.map { [$0] } ?? []) + classes).enumerated() {
            guard index[Int(item.id)] < 0 else {
                throw PaletteError("\(source): class '\(item.name)' reuses id \(item.id)")
            }
            index[Int(item.id)] = Int16(position)
            guard names.insert(item.name).inserted else {
                throw PaletteError("\(source): class name '\(item.name)' appears twice")
            }
            if let key = item.hotkey {
                if let other = hotkeys[key] {
                    throw PaletteError("\(source): classes '\(other)' and '\(item.name)' share hotkey '\(key)'")
                }
                hotkeys[key] = item.name
            }
        }
        self.name = name
        self.description = description
        self.dontcare = dontcare
        self.classes = classes
        self.indexByID = index
    }

    /// The dontcare class (if any) followed by the classes, in file order.
    public var allClasses: [PaletteClass] { (dontcare.map { [$0] } ?? []) + classes }

    // MARK: - Lookup

    /// The class with `id` (the dontcare class included), nil if the palette has none.
    public func `class`(id: UInt8) -> PaletteClass? {
        let position = Int(indexByID[Int(id)])
        guard position >= 0 else { return nil }
        if let dontcare { return position == 0 ? dontcare : classes[position - 1] }
        return classes[position]
    }

    /// The class whose hotkey is `key`.
    public func `class`(hotkey key: Character) -> PaletteClass? {
        allClasses.first { $0.hotkey == key }
    }

    /// The class named `name`: an exact match first, then one ignoring case.
    public func `class`(named name: String) -> PaletteClass? {
        allClasses.first { $0.name == name }
            ?? allClasses.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The colour to show for `id`; ids the palette lacks show as magenta so they stand out.
    public func color(of id: UInt8) -> PaletteColor {
        self.class(id: id)?.color ?? PaletteColor(255, 0, 255)
    }

    /// The canvas as interleaved RGB bytes (`width * height * 3`), for previews and export.
    public func rgb(of canvas: LabelCanvas) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256 * 3)
        for id in 0..<256 {
            let c = color(of: UInt8(id))
            table[id * 3] = c.r; table[id * 3 + 1] = c.g; table[id * 3 + 2] = c.b
        }
        var out = [UInt8](repeating: 0, count: canvas.pixels.count * 3)
        for (i, id) in canvas.pixels.enumerated() {
            let t = Int(id) * 3
            out[i * 3] = table[t]; out[i * 3 + 1] = table[t + 1]; out[i * 3 + 2] = table[t + 2]
        }
        return out
    }

    // MARK: - Remapping

    /// How this palette's ids translate into another palette's (switching models mid-drawing).
    public struct Remap: Sendable, Hashable {
        /// Old id → new id, 256 entries; ids this palette lacks map to `fallback`.
        public let table: [UInt8]
        /// What unmatched classes became.
        public let fallback: UInt8
        /// This palette's classes with no counterpart in the target, mapped to `fallback`.
        public let unmapped: [PaletteClass]

        /// Rewrites every pixel of `canvas` through the table.
        public func apply(to canvas: LabelCanvas) -> LabelCanvas {
            LabelCanvas(width: canvas.width, height: canvas.height, pixels: canvas.pixels.map { table[Int($0)] })!
        }
    }

    /// Maps each class to the target class with the same name (ignoring case), else the same
    /// `coco_stuff_id`; dontcare maps to dontcare. Everything else becomes `fallback`, by default
    /// the target's dontcare id or else its first class.
    public func remap(to target: Palette, fallback: UInt8? = nil) -> Remap {
        let fallbackID = fallback ?? target.dontcare?.id ?? target.classes[0].id
        var table = [UInt8](repeating: fallbackID, count: 256)
        var unmapped: [PaletteClass] = []
        if let from = dontcare, let to = target.dontcare { table[Int(from.id)] = to.id }
        for item in classes {
            if let match = target.class(named: item.name) {
                table[Int(item.id)] = match.id
            } else if let coco = item.cocoStuffID,
                      let match = target.classes.first(where: { $0.cocoStuffID == coco }) {
                table[Int(item.id)] = match.id
            } else {
                unmapped.append(item)
            }
        }
        return Remap(table: table, fallback: fallbackID, unmapped: unmapped)
    }

    /// The class (dontcare too) whose colour is nearest `colour` (squared RGB distance; the
    /// first of equals).
    public func nearestClass(to colour: PaletteColor) -> PaletteClass {
        func distance(_ a: PaletteColor) -> Int {
            let r = Int(a.r) - Int(colour.r), g = Int(a.g) - Int(colour.g), b = Int(a.b) - Int(colour.b)
            return r * r + g * g + b * b
        }
        return allClasses.min { distance($0.color) < distance($1.color) }!
    }

    /// Maps every class (dontcare too) to the target's ``nearestClass(to:)``: for palettes whose
    /// classes are colours, such as a photograph's for paint-to-image. Nothing is unmapped.
    public func remapByColour(to target: Palette) -> Remap {
        let fallback = target.dontcare?.id ?? target.classes[0].id
        var table = [UInt8](repeating: fallback, count: 256)
        for item in allClasses { table[Int(item.id)] = target.nearestClass(to: item.color).id }
        return Remap(table: table, fallback: fallback, unmapped: [])
    }

    // MARK: - Loading

    /// Reads and validates a palette file.
    /// - Throws: ``PaletteError`` whose message starts with `path`.
    public static func load(from path: String) throws -> Palette {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaletteError("\(path): cannot be read")
        }
        return try Palette(json: data, source: path)
    }

    /// Parses and validates palette JSON.
    /// - Parameter source: names the palette in error messages.
    public init(json data: Data, source: String = "palette") throws {
        let raw: RawPalette
        do {
            raw = try JSONDecoder().decode(RawPalette.self, from: data)
        } catch let error as DecodingError {
            throw PaletteError("\(source): \(Self.explain(error))")
        }
        try self.init(raw: raw, source: source)
    }

    public init(from decoder: Decoder) throws {
        try self.init(raw: RawPalette(from: decoder), source: "palette")
    }

    public func encode(to encoder: Encoder) throws {
        try RawPalette(name: name, description: description, dontcare: dontcare.map(RawClass.init),
                       classes: classes.map(RawClass.init)).encode(to: encoder)
    }

    private init(raw: RawPalette, source: String) throws {
        func convert(_ item: RawClass) throws -> PaletteClass {
            guard (0...255).contains(item.id) else {
                throw PaletteError("\(source): class '\(item.name)' has id \(item.id) outside 0…255")
            }
            let color = item.color.map(String.init).joined(separator: ",")
            guard item.color.count == 3 else {
                throw PaletteError("\(source): class '\(item.name)' has colour [\(color)], not three numbers")
            }
            guard item.color.allSatisfy({ (0...255).contains($0) }) else {
                throw PaletteError("\(source): class '\(item.name)' has colour [\(color)] outside 0…255")
            }
            var hotkey: Character?
            if let key = item.hotkey {
                guard key.count == 1, let character = key.first else {
                    throw PaletteError("\(source): class '\(item.name)' has hotkey '\(key)', not a single character")
                }
                hotkey = character
            }
            return PaletteClass(id: UInt8(item.id), name: item.name,
                                color: PaletteColor(UInt8(item.color[0]), UInt8(item.color[1]), UInt8(item.color[2])),
                                hotkey: hotkey, cocoStuffID: item.cocoStuffID)
        }
        try self.init(name: raw.name, description: raw.description, dontcare: raw.dontcare.map(convert),
                      classes: raw.classes.map(convert), source: source)
    }

    /// Turns a decoding error into the tail of a one-sentence message.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context.codingPath)
            return "missing key '\(key.stringValue)'" + (at.isEmpty ? "" : " in \(at)")
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "\(path(context.codingPath)) has the wrong type (\(context.debugDescription))"
        case let .dataCorrupted(context):
            let at = path(context.codingPath)
            return at.isEmpty ? "is not valid JSON" : "\(at) is invalid (\(context.debugDescription))"
        @unknown default:
            return "cannot be parsed (\(error))"
        }
    }
}

/// The JSON shape, before validation; ints are wide so out-of-range values can be reported.
private struct RawClass: Codable {
    var id: Int
    var name: String
    var color: [Int]
    var hotkey: String?
    var cocoStuffID: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, color, hotkey
        case cocoStuffID = "coco_stuff_id"
    }

    init(_ item: PaletteClass) {
        id = Int(item.id)
        name = item.name
        color = [Int(item.color.r), Int(item.color.g), Int(item.color.b)]
        hotkey = item.hotkey.map(String.init)
        cocoStuffID = item.cocoStuffID
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(color, forKey: .color)
        try container.encode(hotkey, forKey: .hotkey)
        try container.encode(cocoStuffID, forKey: .cocoStuffID)
    }
}

private struct RawPalette: Codable {
    var name: String
    var description: String?
    var dontcare: RawClass?
    var classes: [RawClass]

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(dontcare, forKey: .dontcare)
        try container.encode(classes, forKey: .classes)
    }
}
