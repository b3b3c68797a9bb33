import Foundation
import StudioCore

// Input: an autosave session file. A session that loads must give its canvas and survive an
// encode/decode round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let session: Session
    do {
        session = try Session.decode(Data(bytes: data, count: size), source: "s.spade")
    } catch let error as SessionError {
        require(error.message.hasPrefix("s.spade: "), "message does not name the file: \(error.message)")
        return 0
    } catch {
        require(false, "threw \(type(of: error)): \(error)")
        return 0
    }
    guard let canvas = session.labelCanvas else {
        require(false, "session loaded but has no canvas (\(session.width)×\(session.height), \(session.canvas.count) bytes)")
        return 0
    }
    require(canvas.width == session.width && canvas.height == session.height, "canvas size")
    _ = session.latent
    do {
        let again = try Session.decode(try JSONEncoder().encode(session), source: "again.spade")
        require(again == session, "round trip changed the session")
    } catch {
        require(false, "own output rejected: \(error)")
    }
    return 0
}
