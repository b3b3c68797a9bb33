/// Decodes xterm's SGR (mode 1006) mouse reports, `ESC [ < b ; x ; y M` (press, motion) or
/// `… m` (release), for terminals whose terminfo entry makes ncurses expect the older X10
/// format (`kmous=\E[M`, as tmux-256color and screen have): ncurses then hands the report
/// over as plain characters after `ESC [ <`, and this reads the rest.
///
/// The button byte `b`: bits 0–1 the button (0 left, 1 middle, 2 right, 3 none), 4 shift,
/// 8 meta, 16 control, 32 motion, 64 wheel (64 up, 65 down). Coordinates are 1-based.
public enum SGRMouse {
    /// The longest body accepted (`b;x;y` and the final letter); anything longer is not a report.
    public static let maximumLength = 24

    /// The event for a report body such as `"0;20;10M"` (the part after `ESC [ <`), nil when the
    /// body is malformed.
    public static func parse<S: StringProtocol>(_ body: S) -> MouseEvent? {
        guard let final = body.last, final == "M" || final == "m", body.count <= maximumLength else { return nil }
        let fields = body.dropLast().split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 3, let code = Int(fields[0]), let x = Int(fields[1]), let y = Int(fields[2]),
              code >= 0, x >= 1, y >= 1 else { return nil }
        let action: MouseEvent.Action
        if code & 64 != 0 {
            action = code & 1 == 0 ? .wheelUp : .wheelDown
        } else if code & 32 != 0 {
            action = .motion
        } else if final == "m" {
            action = .release
        } else {
            switch code & 3 {
            case 0: action = .press(.left)
            case 1: action = .press(.middle)
            case 2: action = .press(.right)
            default: action = .release
            }
        }
        return MouseEvent(action, column: x - 1, row: y - 1)
    }

    /// Whether `character` ends a report body.
    public static func isFinal(_ character: Character) -> Bool { character == "M" || character == "m" }
}
