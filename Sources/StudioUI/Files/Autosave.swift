import Foundation
import StudioCore

/// Where and when the studio keeps its crash insurance: the session (canvas, latent, model)
/// written atomically to `~/.cache/spade-studio/autosave/<canvas file name or untitled>.session.json`
/// every few seconds while there are unsaved changes, and on exit.
public enum Autosave {
    /// Seconds between autosaves while dirty.
    public static let interval = 3.0

    /// The autosave file for a canvas path (nil: a new canvas) under `home`.
    public static func path(home: String, canvasPath: String?) -> String {
        let name = canvasPath.map { ($0 as NSString).lastPathComponent } ?? "untitled"
        return home + "/.cache/spade-studio/autosave/" + name + ".session.json"
    }

    /// The autosave's time when it should be offered: it exists and is newer than the canvas file
    /// (or there is no canvas file).
    public static func offerDate(autosave: String, canvasPath: String?) -> Date? {
        let files = FileManager.default
        guard let saved = (try? files.attributesOfItem(atPath: autosave))?[.modificationDate] as? Date else { return nil }
        if let canvasPath, let canvas = (try? files.attributesOfItem(atPath: canvasPath))?[.modificationDate] as? Date,
           canvas >= saved {
            return nil
        }
        return saved
    }

    /// `HH:MM` of a date in local time, as the restore question shows it.
    public static func clockTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }

    /// Writes a session, creating the directory if needed.
    public static func write(_ session: Session, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try session.save(to: path)
    }
}
