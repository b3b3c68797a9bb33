import Foundation
import StudioCore

/// Appends what the studio paints to the canvas's film (`<autosave>.film`, ``PaintingFilm``), so
/// `spade-studio timelapse` can render the session. Each start on a canvas appends a whole-canvas
/// record, then every edit appends the region it changed and every style change the latent.
///
/// A failed write stops the recording (with one message); painting goes on.
final class FilmRecorder {
    private var handle: FileHandle?
    private(set) var path: String?
    /// The canvas as the film has it: edits that leave it so are not written.
    private var recorded: LabelCanvas?
    private var latent: FilmLatent?
    /// Set once when a write fails; the app shows it.
    private(set) var failure: String?

    static func path(besideAutosave autosave: String) -> String { autosave + ".film" }

    /// Records `canvas` (changed inside `changed`, nil: nothing changed) and `latent` into the film
    /// at `path`, opening it (and writing its whole canvas first) when it is not the one open.
    func record(_ canvas: LabelCanvas, changed: Rect?, latent: FilmLatent, path: String) {
        guard failure == nil else { return }
        var bytes: [UInt8] = []
        if path != self.path { open(path) }
        if let recorded, recorded.width == canvas.width, recorded.height == canvas.height {
            if let changed, let clipped = changed.intersection(canvas.bounds), clipped.area > 0 {
                let patch = canvas.patch(in: clipped)
                if patch != recorded.patch(in: clipped) {
                    bytes += PaintingFilm.encode(.patch(patch))
                    self.recorded = canvas
                }
            }
        } else {
            bytes += PaintingFilm.encode(.canvas(canvas))
            recorded = canvas
        }
        if latent != self.latent {
            bytes += PaintingFilm.encode(.latent(latent))
            self.latent = latent
        }
        write(bytes)
    }

    /// The canvas was saved under a new name: its film moves with it (appended to a film that name
    /// already has), and recording goes on there.
    func follow(to newPath: String) {
        guard let path, newPath != path, failure == nil else { return }
        try? handle?.close()
        handle = nil
        let manager = FileManager.default
        if manager.fileExists(atPath: newPath), let old = manager.contents(atPath: path),
           let existing = FileHandle(forWritingAtPath: newPath) {
            existing.seekToEndOfFile()
            existing.write(old.dropFirst(PaintingFilm.magic.count))
            try? existing.close()
            try? manager.removeItem(atPath: path)
        } else {
            try? manager.moveItem(atPath: path, toPath: newPath)
        }
        let (canvas, latent) = (recorded, self.latent)
        open(newPath)
        (recorded, self.latent) = (canvas, latent)
    }

    private func open(_ path: String) {
        try? handle?.close()
        handle = nil
        self.path = path
        latent = nil
        recorded = nil
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if !manager.fileExists(atPath: path) {
                guard manager.createFile(atPath: path, contents: Data(PaintingFilm.magic)) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle?.seekToEnd()
        } catch {
            failure = "\(path): the film of this session cannot be written (\(error.localizedDescription))"
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, let handle else { return }
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            failure = "\(path ?? "film"): the film of this session cannot be written (\(error.localizedDescription))"
            try? handle.close()
            self.handle = nil
        }
    }
}
