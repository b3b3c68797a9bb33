/// Which terminfo entry the studio starts ncurses with.
///
/// Most terminals that show 24-bit colour announce it with `COLORTERM=truecolor` but keep a
/// 256-colour `TERM` (`xterm-256color`, and `tmux-256color` or `screen-256color` inside tmux).
/// With that entry ncurses can only send palette colours. The same terminal's `-direct` entry
/// (ncurses-term: `xterm-direct`, `tmux-direct`) makes ncurses send exact colours itself, so
/// every cell on screen is one ncurses drew from the state and no second writer can disagree.
public enum TerminalType {
    /// The entries to try, best first; the last is always the environment's own `TERM` (nil: unset).
    public static func candidates(trueColor: Bool, environment: [String: String]) -> [String?] {
        let term = environment["TERM"]
        guard trueColor, let term, !term.hasSuffix("-direct") else { return [term] }
        var direct: [String] = []
        if environment["TMUX"] != nil || term.hasPrefix("tmux") || term.hasPrefix("screen") {
            direct.append("tmux-direct")
        }
        if term.hasSuffix("-256color") {
            direct.append(String(term.dropLast("-256color".count)) + "-direct")
        } else if term == "xterm" {
            direct.append("xterm-direct")
        }
        var seen = Set<String>()
        return direct.filter { seen.insert($0).inserted } + [term]
    }
}
