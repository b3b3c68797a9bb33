import Foundation
import ImageIO
import SpadeEngine
import StudioCore

/// Start-up decisions shared by the `studio` command and the `:model` switch.
public enum StudioSetup {
    /// The palette for `model`: a SPADE model's (``palette(for:explicit:locator:)-SPADEModel``),
    /// or a SinGAN model's own colours, which no palette file replaces.
    public static func palette(for model: StudioModel, explicit: String?,
                               locator: ResourceLocator) throws -> (palette: Palette, path: String?) {
        switch model {
        case let .spade(model):
            return try palette(for: model, explicit: explicit, locator: locator)
        case let .singan(model):
            if let explicit {
                throw FileError(explicit, "a SinGAN model paints with its photograph's colours; --palette is for SPADE models")
            }
            return (try SinGANPainting.palette(for: model), nil)
        }
    }

    /// The palette for `model`: the `explicit` file, else the model config's `labels.palette`
    /// found in `Palettes/`, else generic colours from the class names; checked against the model.
    /// - Returns: the palette and its file (nil for generic colours).
    /// - Throws: one-line errors naming the palette file.
    public static func palette(for model: SPADEModel, explicit: String?,
                               locator: ResourceLocator) throws -> (palette: Palette, path: String?) {
        let path = explicit ?? model.config.labels.palette.flatMap { locator.palette(named: $0) }
        let palette: Palette
        if let path {
            try requireRegularFile(path)
            palette = try Palette.load(from: path)
        } else {
            palette = try GenericPalette.make(for: model.config.labels, name: model.config.name)
        }
        try check(palette, source: path ?? "generic palette", against: model)
        return (palette, path)
    }

    /// Every class the palette paints must be a label value the model reads.
    /// - Throws: `FileError` naming `source` and the first class that is not.
    public static func check(_ palette: Palette, source: String, against model: SPADEModel) throws {
        let encoder = model.labelEncoder
        if let bad = palette.allClasses.first(where: { encoder.channel(ofRaw: Int($0.id)) == nil }) {
            throw FileError(source, "class '\(bad.name)' (id \(bad.id)) is not a label of model \(model.config.name) (\(model.config.labels.labelNC) classes, value offset \(model.config.labels.valueOffset))")
        }
    }

    /// The canvas file of the newest autosave that holds changes its file lacks (the session is newer
    /// than the file), other than `except`'s: where a plain start tells the user their last work is.
    public static func lastUnsavedCanvas(home: String, except: String? = nil) -> (path: String, date: Date)? {
        let directory = (Autosave.path(home: home, canvasPath: nil) as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var newest: (path: String, date: Date)?
        for name in names where name.hasSuffix(".session.json") {
            let autosave = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: autosave),
                  let session = try? Session.decode(data, source: autosave), let canvas = session.canvasPath,
                  canvas != except, FileManager.default.fileExists(atPath: canvas),
                  let date = Autosave.offerDate(autosave: autosave, canvasPath: canvas),
                  date > (newest?.date ?? .distantPast) else { continue }
            newest = (canvas, date)
        }
        return newest
    }

    /// The autosaved session for the canvas, when it is newer than the canvas file and fits the
    /// palette.
    /// - Returns: the session ready to offer, or a message saying why an autosave is not
    ///   offered (unreadable, wrong palette); both nil when there is none.
    public static func restorable(home: String, canvasPath: String?, palette: Palette)
        -> (offer: (session: Session, canvas: LabelCanvas, date: Date)?, problem: String?) {
        let path = Autosave.path(home: home, canvasPath: canvasPath)
        // A kill -9 during an autosave leaves its temporary file; the autosave itself is intact.
        AtomicFile.removeAbandonedTemporaries(of: path)
        guard let date = Autosave.offerDate(autosave: path, canvasPath: canvasPath) else { return (nil, nil) }
        do {
            let session = try Session.load(from: path)
            guard let canvas = session.labelCanvas else { return (nil, "\(path): canvas does not match its size") }
            try CanvasFile.check(canvas.pixels, width: canvas.width, source: path, palette: palette)
            return ((session, canvas, date), nil)
        } catch {
            return (nil, "autosave not offered: \(error)")
        }
    }
}
