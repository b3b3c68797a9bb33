import Dispatch
import XCTest
import TerminalGraphics

final class TerminalCapabilitiesTests: XCTestCase {
    private let foot = "\u{1B}[?62;4;22c"
    private let xtermDefault = "\u{1B}[?64;1;2;6;9;15;16;17;18;21;22;28c"
    private let kittyReply = "\u{1B}_Gi=31;OK\u{1B}\\"

    func testDetectionTable() {
        let cases: [(String, [String: String], String?, GraphicsMode)] = [
            ("DA1 with 4 in the middle", ["TERM": "xterm-256color"], foot, .sixel),
            ("DA1 with 4 last", ["TERM": "xterm-256color"], "\u{1B}[?63;1;2;4c", .sixel),
            ("xterm without sixel, truecolor", ["TERM": "xterm-256color", "COLORTERM": "truecolor"], xtermDefault, .halfBlockTrueColor),
            ("xterm without sixel, 256", ["TERM": "xterm-256color"], xtermDefault, .halfBlock256),
            ("VT132 conformance level is not sixel", ["TERM": "xterm"], "\u{1B}[?4;6c", .halfBlock256),
            ("DA1 overrides a stale TERM_PROGRAM", ["TERM": "xterm-256color", "TERM_PROGRAM": "foot"], xtermDefault, .halfBlock256),
            ("kitty answers the graphics query", ["TERM": "xterm-256color"], kittyReply + xtermDefault, .kitty),
            ("Konsole answers it too", ["TERM": "xterm-256color", "KONSOLE_VERSION": "230800"], kittyReply + foot, .kitty),
            ("a sixel terminal without the kitty answer", ["TERM": "xterm-256color"], "\u{1B}_Gi=31;ENOTSUPPORTED\u{1B}\\" + foot, .sixel),
            ("iTerm2 by TERM_PROGRAM, over its sixel", ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"], foot, .iterm2),
            ("iTerm2 through ssh (LC_TERMINAL)", ["TERM": "xterm-256color", "LC_TERMINAL": "iTerm2"], nil, .iterm2),
            ("foot by TERM", ["TERM": "foot"], nil, .sixel),
            ("mlterm by TERM", ["TERM": "mlterm"], nil, .sixel),
            ("contour by TERM", ["TERM": "contour"], nil, .sixel),
            ("yaft by TERM", ["TERM": "yaft-256color"], nil, .sixel),
            ("WezTerm by TERM_PROGRAM", ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"], nil, .iterm2),
            ("Windows Terminal", ["TERM": "xterm-256color", "WT_SESSION": "x"], nil, .sixel),
            ("kitty by TERM", ["TERM": "xterm-kitty"], nil, .kitty),
            ("kitty by its window variable", ["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"], nil, .kitty),
            ("Ghostty by TERM", ["TERM": "xterm-ghostty"], nil, .kitty),
            ("COLORTERM 24bit", ["TERM": "xterm-256color", "COLORTERM": "24bit"], nil, .halfBlockTrueColor),
            ("-direct TERM", ["TERM": "xterm-direct"], nil, .halfBlockTrueColor),
            ("plain xterm", ["TERM": "xterm-256color"], nil, .halfBlock256),
            ("empty environment", [:], nil, .halfBlock256),
            ("tmux hides sixel", ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0", "COLORTERM": "truecolor"], foot, .halfBlockTrueColor),
            ("tmux in foot", ["TERM": "screen-256color", "TMUX": "x"], foot, .halfBlock256),
            ("GNU screen", ["TERM": "screen", "STY": "1.pts"], foot, .halfBlock256),
            ("forced by variable inside tmux", ["TMUX": "x", "SPADE_STUDIO_GRAPHICS": "sixel"], nil, .sixel),
            ("forced 256 in a truecolor terminal", ["COLORTERM": "truecolor", "SPADE_STUDIO_GRAPHICS": "256"], foot, .halfBlock256),
            ("forced kitty", ["TERM": "foot", "SPADE_STUDIO_GRAPHICS": "kitty"], nil, .kitty),
            ("unknown forced value is ignored", ["TERM": "foot", "SPADE_STUDIO_GRAPHICS": "braille"], nil, .sixel),
            ("tmux hides kitty too", ["TERM": "tmux-256color", "TMUX": "x", "KITTY_WINDOW_ID": "1"], kittyReply + foot, .halfBlock256),
        ]
        for (name, environment, reply, expected) in cases {
            XCTAssertEqual(TerminalCapabilities.detect(environment: environment, probeReply: reply), expected, name)
        }
    }

    func testForcedArgumentWinsOverEverything() {
        XCTAssertEqual(TerminalCapabilities.detect(environment: ["TMUX": "x", "SPADE_STUDIO_GRAPHICS": "256"], probeReply: nil,
                                                   forced: .sixel), .sixel)
    }

    func testDA1Parsing() {
        XCTAssertTrue(TerminalCapabilities.da1AdvertisesSixel(foot))
        XCTAssertTrue(TerminalCapabilities.da1AdvertisesSixel("\u{1B}[?65;4c"))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel(xtermDefault))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel("\u{1B}[?62;14;22c"), "14 is not 4")
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel(""))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel("garbage;4;"))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel("\u{1B}_Gi=31;4;\u{1B}\\\u{1B}[?62;22c"), "kitty's answer is not DA1")
    }

    func testModeNames() {
        XCTAssertEqual(TerminalCapabilities.parseMode("TrueColor"), .halfBlockTrueColor)
        XCTAssertEqual(GraphicsMode(rawValue: "256"), .halfBlock256)
        XCTAssertEqual(GraphicsMode.halfBlock256.halfBlockDepth, .xterm256)
    }

    /// With no terminal (CI) the probe returns nil at once; with one that stays silent it gives
    /// up after its budget. Either way start-up is never stalled.
    func testLiveProbeRespectsItsTimeBudget() {
        let start = DispatchTime.now().uptimeNanoseconds
        let reply = TerminalProbe.query(timeoutMilliseconds: 100)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        XCTAssertLessThan(elapsed, 1000)
        if let reply { XCTAssertTrue(reply.hasSuffix("c"), "a DA1 reply ends in 'c': \(reply.debugDescription)") }
    }
}
