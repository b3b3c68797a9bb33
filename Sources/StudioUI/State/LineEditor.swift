/// One line of editable text for the prompts (file names, `:` commands), with the usual
/// readline keys: arrows, Home/End (Ctrl-A/E), Backspace, Delete (Ctrl-D), Ctrl-U (to start),
/// Ctrl-K (to end), Ctrl-W (word before the cursor).
public struct LineEditor: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        case editing
        case accepted(String)
        case cancelled
    }

    public private(set) var characters: [Character]
    /// Insertion point, `0...characters.count`.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The line as typed so far.
    public var text: String { String(characters) }

    /// Applies a key; Enter accepts, Esc (or Ctrl-C, Ctrl-G) cancels.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case let .character(c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .enter:
            return .accepted(text)
        case .escape, .control("c"), .control("g"):
            return .cancelled
        case .left, .control("b"):
            cursor = max(0, cursor - 1)
        case .right, .control("f"):
            cursor = min(characters.count, cursor + 1)
        case .home, .control("a"):
            cursor = 0
        case .end, .control("e"):
            cursor = characters.count
        case .backspace, .control("h"):
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"):
            characters.removeLast(characters.count - cursor)
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " && characters[start - 1] != "/" { start -= 1 }
            if start == cursor && start > 0 { start -= 1 }  // a lone separator goes on its own
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            break
        }
        return .editing
    }

    /// The part of the line to show in `width` columns, scrolled so the cursor stays visible,
    /// and the cursor's column within it.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let start = max(0, cursor - (width - 1))
        let end = min(characters.count, start + width)
        return (String(characters[start..<end]), cursor - start)
    }
}
