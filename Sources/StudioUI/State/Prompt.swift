/// A question in the message line: a text field or a yes/no confirmation.
public enum Prompt: Equatable, Sendable {
    /// What a text prompt's answer is for.
    public enum Purpose: Equatable, Sendable {
        case saveAs, open, export, film, styleImage, command

        /// The label before the text field.
        public var label: String {
            switch self {
            case .saveAs: return "Save canvas as: "
            case .open: return "Open canvas: "
            case .export: return "Export path prefix: "
            case .film: return "Film (animated PNG): "
            case .styleImage: return "Style image (PNG): "
            case .command: return ":"
            }
        }
    }

    /// What a "yes" does.
    public enum Confirmation: Equatable, Sendable {
        case overwriteCanvas(path: String)
        case overwriteExport(prefix: String, existing: [String])
        case overwriteFilm(path: String)
        case discardAndOpen(CanvasSource)
        case quit
        case restoreAutosave(time: String)

        /// The question, ending in "(y/n)".
        public var question: String {
            switch self {
            case let .overwriteCanvas(path): return "\(path) exists. Overwrite? (y/n)"
            case let .overwriteExport(_, existing):
                let names = existing.count == 1 ? existing[0] : "\(existing[0]) and \(existing.count - 1) more"
                return "\(names) exists. Overwrite? (y/n)"
            case let .overwriteFilm(path): return "\(path) exists. Overwrite? (y/n)"
            case let .discardAndOpen(source): return "Discard unsaved changes and open \(source.description)? (y/n)"
            case .quit: return "Unsaved changes stay in the autosave for next time. Quit? (y/n)"
            case let .restoreAutosave(time): return "Restore autosaved session from \(time)? (y/n)"
            }
        }
    }

    case text(Purpose, LineEditor)
    case confirm(Confirmation)
}
