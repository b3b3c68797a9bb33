/// Chooses a ``GraphicsMode`` from the environment and the terminal's DA1 reply.
///
/// Detection is a pure function of what it is given (as chafa's `chafa_term_db_detect(db, envp)`),
/// so every terminal in the table can be tested without that terminal; the live probe is
/// ``DA1Probe``. Order of decisions:
///
/// 1. a forced mode (argument, or `SPADE_STUDIO_GRAPHICS=sixel|truecolor|256`) wins;
/// 2. inside tmux or GNU screen (`TMUX`/`STY` set, or `TERM` starting `tmux`/`screen`),
///    half blocks: tmux passes sixel through only when built and configured for it, and a
///    wrong guess fills the screen with escape garbage;
/// 3. a DA1 reply, when there is one, decides sixel: attribute 4 ("sixel graphics") among its
///    parameters after the first (`ESC[?62;4;22c`);
/// 4. without a reply, a table of terminals known to support sixel (by `TERM`, `TERM_PROGRAM`
///    and terminal-specific variables);
/// 5. otherwise half blocks in truecolor when `COLORTERM` is `truecolor`/`24bit`, `TERM` ends
///    in `-direct`, or the terminal is one known to have truecolor; else 256 colours.
public enum TerminalCapabilities {
    /// The environment variable that forces a mode.
    public static let overrideVariable = "SPADE_STUDIO_GRAPHICS"

    /// `TERM` values (or prefixes before `-`) of terminals that do sixel out of the box. kitty is
    /// absent on purpose: it has its own graphics protocol and does not implement sixel.
    public static let sixelTerms: Set<String> = ["foot", "foot-extra", "mlterm", "contour", "wezterm", "yaft", "yaft-256color"]
    /// `TERM_PROGRAM` values of terminals that do sixel.
    public static let sixelPrograms: Set<String> = ["WezTerm", "iTerm.app", "mintty", "contour"]
    /// `TERM` values of terminals with 24-bit colour even when `COLORTERM` does not reach us
    /// (ssh forwards `TERM` but usually not `COLORTERM`).
    public static let trueColorTerms: Set<String> = ["xterm-kitty", "foot", "foot-extra", "mlterm", "contour",
                                                      "wezterm", "alacritty", "xterm-ghostty", "konsole", "konsole-direct"]
    public static let trueColorPrograms: Set<String> = ["WezTerm", "iTerm.app", "mintty", "vscode", "ghostty", "Apple_Terminal_truecolor"]

    /// The mode for a terminal described by `environment` and, if it was probed, its DA1 reply.
    /// - Parameters:
    ///   - environment: the process environment (or a test's table).
    ///   - da1Reply: the raw reply to `ESC[c`, nil when not probed or no reply came in time.
    ///   - forced: a mode chosen on the command line; wins over everything.
    public static func detect(environment: [String: String], da1Reply: String?, forced: GraphicsMode? = nil) -> GraphicsMode {
        if let forced { return forced }
        if let value = environment[overrideVariable]?.lowercased(), let mode = parseMode(value) { return mode }

        let term = environment["TERM"] ?? ""
        let program = environment["TERM_PROGRAM"] ?? ""
        let halfBlock: GraphicsMode = hasTrueColor(environment) ? .halfBlockTrueColor : .halfBlock256

        let multiplexed = environment["TMUX"] != nil || environment["STY"] != nil
            || term.hasPrefix("tmux") || term.hasPrefix("screen")
        if multiplexed { return halfBlock }

        if let da1Reply { return da1AdvertisesSixel(da1Reply) ? .sixel : halfBlock }

        let knownSixel = sixelTerms.contains(term) || sixelPrograms.contains(program)
            || environment["WT_SESSION"] != nil  // Windows Terminal ≥ 1.22
            || environment["KONSOLE_VERSION"].flatMap(Int.init).map { $0 >= 220_400 } == true
        return knownSixel ? .sixel : halfBlock
    }

    /// Accepts `sixel`, `truecolor`/`24bit`/`halfblock`, `256`.
    public static func parseMode(_ text: String) -> GraphicsMode? {
        switch text.lowercased() {
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
    public static func da1AdvertisesSixel(_ reply: String) -> Bool {
        guard let start = reply.firstIndex(of: "?") else { return false }
        let body = reply[reply.index(after: start)...].prefix { $0 != "c" }
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false)
        return parameters.dropFirst().contains("4")
    }
}
