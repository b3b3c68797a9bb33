import SpadeEngine
import StudioCore

/// A palette made from a model's class names when no palette file is available: every class gets
/// a colour derived from its name (so a class looks the same in every session and model) and
/// the first 36 classes get the hotkeys 1…9, 0, A…Z.
public enum GenericPalette {
    static let hotkeys = Array("1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// The palette for a model's label configuration: ids are the raw label values the model reads.
    public static func make(for labels: SPADEConfig.LabelConfig, name: String) throws -> Palette {
        var classes: [PaletteClass] = []
        for (channel, className) in labels.classNames.enumerated() {
            let id = channel - labels.valueOffset
            guard (0...255).contains(id) else { continue }
            let hotkey = classes.count < hotkeys.count ? hotkeys[classes.count] : nil
            classes.append(PaletteClass(id: UInt8(id), name: className, color: color(for: className), hotkey: hotkey))
        }
        var dontcare: PaletteClass?
        if labels.containDontcareLabel, let value = labels.dontcareValues.first, (0...255).contains(value),
           !classes.contains(where: { $0.id == value }) {
            dontcare = PaletteClass(id: UInt8(value), name: "dontcare", color: PaletteColor(0, 0, 0))
        }
        return try Palette(name: name, description: "generic colours from class names", dontcare: dontcare,
                           classes: classes, source: "model \(name)")
    }

    /// A colour from the name's FNV-1a hash: hue from the hash, saturation and value kept in a
    /// range where neighbours stay distinguishable.
    public static func color(for name: String) -> PaletteColor {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hue = Double(hash % 360) / 60
        let saturation = 0.45 + Double((hash >> 9) % 40) / 100
        let value = 0.55 + Double((hash >> 17) % 40) / 100
        let c = value * saturation, x = c * (1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1)), m = value - c
        let (r, g, b): (Double, Double, Double)
        switch Int(hue) {
        case 0: (r, g, b) = (c, x, 0)
        case 1: (r, g, b) = (x, c, 0)
        case 2: (r, g, b) = (0, c, x)
        case 3: (r, g, b) = (0, x, c)
        case 4: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        func byte(_ v: Double) -> UInt8 { UInt8(((v + m) * 255).rounded()) }
        return PaletteColor(byte(r), byte(g), byte(b))
    }
}
