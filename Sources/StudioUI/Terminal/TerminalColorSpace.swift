import TerminalGraphics

/// How ncurses colour numbers relate to RGB on this terminal.
public enum TerminalColorSpace: Equatable, Sendable {
    /// The terminfo entry has direct colour (`RGB` flag, 2²⁴ colours): a colour number is
    /// `0xRRGGBB`, so `init_extended_pair` gets true colours.
    case direct
    /// The xterm 256-colour palette (cube and grey ramp).
    case xterm256
    /// The 16 or 8 ANSI colours, as xterm's defaults show them.
    case ansi(count: Int)

    /// The space for a terminal reporting `colors` colours.
    public init(colors: Int) {
        if colors >= 1 << 24 {
            self = .direct
        } else if colors >= 256 {
            self = .xterm256
        } else {
            self = .ansi(count: colors >= 16 ? 16 : 8)
        }
    }

    /// The colour number nearest to `color`.
    public func number(for color: RGBColor) -> Int {
        switch self {
        case .direct:
            let value = Int(color.r) << 16 | Int(color.g) << 8 | Int(color.b)
            // Direct-colour terminfo entries send numbers below 8 as the ANSI colours (xterm-direct's
            // setaf), so the darkest blues would turn into palette colours; 8 is black enough.
            return max(value, 8)
        case .xterm256:
            return Int(Xterm256.nearestIndex(to: color))
        case let .ansi(count):
            return (0..<count).min { Xterm256.color(of: UInt8($0)).distanceSquared(to: color)
                < Xterm256.color(of: UInt8($1)).distanceSquared(to: color) }!
        }
    }
}
