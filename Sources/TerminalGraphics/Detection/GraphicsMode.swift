/// How the studio shows rendered images in the terminal.
public enum GraphicsMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Real pixels through sixel graphics.
    case sixel
    /// Real pixels through kitty's graphics protocol.
    case kitty
    /// Real pixels as iTerm2 inline images.
    case iterm2
    /// Half-block cells in 24-bit colour.
    case halfBlockTrueColor = "truecolor"
    /// Half-block cells in the xterm 256-colour palette.
    case halfBlock256 = "256"

    public var description: String { rawValue }

    /// Whether the preview is sent as an image of pixels (else drawn as half-block cells).
    public var drawsPixels: Bool { self == .sixel || self == .kitty || self == .iterm2 }

    /// The half-block colour depth to use when this mode draws cells (sixel mode still draws the
    /// UI's text cells, and falls back to this depth when images must be cells).
    public var halfBlockDepth: HalfBlockEncoder.ColorDepth {
        self == .halfBlock256 ? .xterm256 : .trueColor
    }
}
