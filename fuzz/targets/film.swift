import Foundation
import StudioCore

// Input: a painting film (the studio's record of a session, `timelapse`'s input). A film that
// decodes must replay into canvases of its recorded sizes and survive an encode/decode round trip;
// anything else is one line naming the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let film: PaintingFilm
    do {
        film = try PaintingFilm.decode(Array(UnsafeBufferPointer(start: data, count: size)), source: "s.film")
    } catch {
        require("\(error)".hasPrefix("s.film: "), "message does not name the file: \(error)")
        requireOneLine("\(error)")
        return 0
    }
    for canvas in film.frames { require(canvas.pixels.count == canvas.width * canvas.height, "canvas size") }
    do {
        let again = try PaintingFilm.decode(film.encoded, source: "again.film")
        require(again == film, "round trip changed the film")
    } catch {
        require(false, "own output rejected: \(error)")
    }
    return 0
}
