/// kitty's terminal graphics protocol (kitty, Ghostty, Konsole, WezTerm): the frame as raw
/// 24-bit RGB (`f=24`), base64 in chunks of at most 4096 bytes, displayed at the cursor and
/// scaled by the terminal to `columns × rows` cells.
///
/// Every image uses one id, so sending a new frame replaces the old one (`a=T` with the same
/// `i`), and ``delete`` removes it where text must show (help box, a new layout, quitting).
/// Images sit above the text layer and do not move the cursor (`C=1`); the terminal answers
/// nothing (`q=2`).
public struct KittyEncoder: Sendable {
    /// The image id the studio's preview uses.
    public static let imageID = 1
    /// Base64 bytes per escape sequence, the protocol's limit.
    static let chunkSize = 4096

    public init() {}

    /// The escape sequences that show `frame` over `columns × rows` cells at the cursor.
    public func encode(_ frame: RGBFrame, columns: Int, rows: Int) -> [UInt8] {
        let data = Base64.encode(frame.pixels)
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / Self.chunkSize * 16 + 96)
        var start = 0
        repeat {
            let end = min(start + Self.chunkSize, data.count)
            let more = end < data.count ? 1 : 0
            let keys = start == 0
                ? "a=T,f=24,s=\(frame.width),v=\(frame.height),c=\(columns),r=\(rows),i=\(Self.imageID),C=1,q=2,m=\(more)"
                : "m=\(more)"
            out += Array("\u{1B}_G\(keys);".utf8)
            out += data[start..<end]
            out += [0x1B, UInt8(ascii: "\\")]
            start = end
        } while start < data.count
        return out
    }

    /// Deletes the preview image and frees its data.
    public static let delete = Array("\u{1B}_Ga=d,d=I,i=\(imageID),q=2\u{1B}\\".utf8)

    /// The query a timed probe sends: a 1×1 image that a kitty-protocol terminal answers with
    /// `ESC _G i=31;OK ESC \` (and any other terminal ignores, as it ignores all APC strings).
    public static let query = Array("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\".utf8)

    /// Whether a terminal's reply contains the answer to ``query``.
    public static func replyAcceptsQuery(_ reply: String) -> Bool { reply.contains("_Gi=31;OK") }
}
