import ImageIO

/// iTerm2's inline images (iTerm2, WezTerm, mintty, VS Code's terminal): the frame as a PNG in
/// an OSC 1337 `File=` sequence, drawn at the cursor over `columns × rows` cells, which the
/// terminal scales it to; like sixel it lives in the cells, so text drawn later covers it.
public struct ITerm2Encoder: Sendable {
    public init() {}

    public func encode(_ frame: RGBFrame, columns: Int, rows: Int) -> [UInt8] {
        guard let png = PNGStream.encode([RGBImage(width: frame.width, height: frame.height, pixels: frame.pixels)]) else { return [] }
        return Array("\u{1B}]1337;File=inline=1;size=\(png.count);width=\(columns);height=\(rows);preserveAspectRatio=1:".utf8)
            + Base64.encode(png) + [0x07]
    }
}
