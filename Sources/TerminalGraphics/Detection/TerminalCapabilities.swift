/// Chooses a ``GraphicsMode`` from the environment and the terminal's reply to the probe.
///
/// Detection is a pure function of what it is given (as chafa's `chafa_term_db_detect(db, envp)`),
/// so every terminal in the table can be tested without that terminal; the live probe is
/// ``TerminalProbe`` (kitty's graphics query, then DA1). Order of decisions:
///
/// 1. a forced mode (argument, or `SPADE_STUDIO_GRAPHICS=kitty|iterm2|sixel|truecolor|256`) wins;
/// 2. inside tmux or GNU screen (`TMUX`/`STY` set, or `TERM` starting `tmux`/`screen`),
///    half blocks: tmux passes images through only when configured for it, places them relative
///    to the outer terminal's cursor, not the pane's, and a wrong guess fills the screen with
///    escape garbage;
/// 3. kitty's protocol when the terminal answered its graphics query (kitty, Ghostty, Konsole);
/// 4. iTerm2's inline images in iTerm2 and WezTerm (by `TERM_PROGRAM` or `LC_TERMINAL`): exact
///    colours, where sixel would quantise to 256;
/// 5. a DA1 reply, when there is one, decides sixel: attribute 4 ("sixel graphics") among its
///    parameters after the first (`ESC[?62;4;22c`);
/// 6. without a reply, tables of terminals known to speak kitty's protocol or sixel (by `TERM`,
///    `TERM_PROGRAM` and terminal-specific variables);
/// 7. otherwise half blocks in truecolor when `COLORTERM` is `truecolor`/`24bit`, `TERM` ends
///    in `-direct`, or the terminal is one known to have truecolor; else 256 colours.
public enum TerminalCapabilities {
    /// The environment variable that forces a mode.
    public static let overrideVariable = "SPADE_STUDIO_GRAPHICS"

    /// `TERM` values (or prefixes before `-`) of terminals that do sixel out of the box. kitty is
    /// absent on purpose: it has its own graphics protocol and does not implement sixel.
    public static let sixelTerms: Set<String> = ["foot", "foot-extra", "mlterm", "contour", "wezterm", "yaft", "yaft-256color"]
    /// `TERM` values of terminals that speak kitty's graphics protocol, for when no probe reply came.
    public static let kittyTerms: Set<String> = ["xterm-kitty", "xterm-ghostty"]
    /// `TERM_PROGRAM` (or `LC_TERMINAL`) values of terminals that show iTerm2 inline images.
    public static let iTerm2Programs: Set<String> = ["iTerm.app", "iTerm2", "WezTerm"]
    /// `TERM_PROGRAM` values of terminals that do sixel.
    public static let sixelPrograms: Set<String> = ["WezTerm", "iTerm.app", "mintty", "contour"]
    /// `TERM` values of terminals with 24-bit colour even when `COLORTERM` does not reach us
    /// (ssh forwards `TERM` but usually not `COLORTERM`).
    public static let trueColorTerms: Set<String> = ["xterm-kitty", "foot", "foot-extra", "mlterm", "contour",
                                                      "wezterm", "alacritty", "xterm-ghostty", "konsole", "konsole-direct"]
    public static let trueColorPrograms: Set<String> = ["WezTerm", "iTerm.app", "mintty", "vscode", "ghostty", "Apple_Terminal_truecolor"]

    /// The mode for a terminal described by `environment` and, if it was probed, its reply.
    /// - Parameters:
    ///   - environment: the process environment (or a test's table).
    ///   - probeReply: the raw reply to ``TerminalProbe``'s queries (kitty's answer, if any, then
    ///     DA1's), nil when not probed or no reply came in time.
    ///   - forced: a mode chosen on the command line; wins over everything.
    public static func detect(environment: [String: String], probeReply: String?, forced: GraphicsMode? = nil) -> GraphicsMode {
        if let forced { return forced }
        if let value = environment[overrideVariable]?.lowercased(), let mode = parseMode(value) { return mode }

        let term = environment["TERM"] ?? ""
        let program = environment["TERM_PROGRAM"] ?? ""
        let halfBlock: GraphicsMode = hasTrueColor(environment) ? .halfBlockTrueColor : .halfBlock256

        let multiplexed = environment["TMUX"] != nil || environment["STY"] != nil
            || term.hasPrefix("tmux") || term.hasPrefix("screen")
        if multiplexed { return halfBlock }

        if let probeReply, KittyEncoder.replyAcceptsQuery(probeReply) { return .kitty }
        if iTerm2Programs.contains(program) || iTerm2Programs.contains(environment["LC_TERMINAL"] ?? "") { return .iterm2 }
        if let probeReply { return da1AdvertisesSixel(probeReply) ? .sixel : halfBlock }

        if kittyTerms.contains(term) || environment["KITTY_WINDOW_ID"] != nil { return .kitty }
        let knownSixel = sixelTerms.contains(term) || sixelPrograms.contains(program)
            || environment["WT_SESSION"] != nil  // Windows Terminal ≥ 1.22
            || environment["KONSOLE_VERSION"].flatMap(Int.init).map { $0 >= 220_400 } == true
        return knownSixel ? .sixel : halfBlock
    }

    /// Accepts `kitty`, `iterm2`, `sixel`, `truecolor`/`24bit`/`halfblock`, `256`.
    public static func parseMode(_ text: String) -> GraphicsMode? {
        switch text.lowercased() {
        case "kitty": return .kitty
        case "iterm2", "iterm": return .iterm2
        case "sixel": return .sixel
        case "truecolor", "24bit", "halfblock", "half-block": return .halfBlockTrueColor
        case "256", "xterm256", "halfblock-256": return .halfBlock256
        default: return nil
        }
    }

    /// Whether half blocks may use 24-bit colour.
    public static func hasTrueColor(_ environment: [String: String]) -> Bool {
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return true }
        let term = environment["TERM"] ?? ""
        if term.hasSuffix("-direct") || trueColorTerms.contains(term) { return true }
        return trueColorPrograms.contains(environment["TERM_PROGRAM"] ?? "")
    }

    /// True when a DA1 reply (`ESC [ ? 62 ; 4 ; 22 c`) lists attribute 4 after the first
    /// parameter (the first is the terminal's conformance level, where 4 would mean a VT132).
    /// A kitty answer before it is skipped.
    public static func da1AdvertisesSixel(_ reply: String) -> Bool {
        let bytes = Array(reply.utf8)
        guard bytes.count >= 3, let start = (0...bytes.count - 3).last(where: {
            bytes[$0] == 0x1B && bytes[$0 + 1] == UInt8(ascii: "[") && bytes[$0 + 2] == UInt8(ascii: "?")
        }) else { return false }
        let body = bytes[(start + 3)...].prefix { $0 != UInt8(ascii: "c") }
        let parameters = body.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        return parameters.dropFirst().contains { Array($0) == [UInt8(ascii: "4")] }
    }
}
