import Dispatch
import XCTest
import TerminalGraphics

final class TerminalCapabilitiesTests: XCTestCase {
    private let foot = "\u{1B}[?62;4;22c"
    private let xtermDefault = "\u{1B}[?64;1;2;6;9;15;16;17;18;21;22;28c"

    func testDetectionTable() {
        let cases: [(String, [String: String], String?, GraphicsMode)] = [
            ("DA1 with 4 in the middle", ["TERM": "xterm-256color"], foot, .sixel),
            ("DA1 with 4 last", ["TERM": "xterm-256color"], "\u{1B}[?63;1;2;4c", .sixel),
            ("xterm without sixel, truecolor", ["TERM": "xterm-256color", "COLORTERM": "truecolor"], xtermDefault, .halfBlockTrueColor),
            ("xterm without sixel, 256", ["TERM": "xterm-256color"], xtermDefault, .halfBlock256),
            ("VT132 conformance level is not sixel", ["TERM": "xterm"], "\u{1B}[?4;6c", .halfBlock256),
            ("DA1 overrides a stale TERM_PROGRAM", ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"], xtermDefault, .halfBlockTrueColor),
            ("foot by TERM", ["TERM": "foot"], nil, .sixel),
            ("mlterm by TERM", ["TERM": "mlterm"], nil, .sixel),
            ("contour by TERM", ["TERM": "contour"], nil, .sixel),
            ("yaft by TERM", ["TERM": "yaft-256color"], nil, .sixel),
            ("WezTerm by TERM_PROGRAM", ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"], nil, .sixel),
            ("iTerm2 by TERM_PROGRAM", ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"], nil, .sixel),
            ("Windows Terminal", ["TERM": "xterm-256color", "WT_SESSION": "x"], nil, .sixel),
            ("kitty has no sixel but truecolor", ["TERM": "xterm-kitty"], nil, .halfBlockTrueColor),
            ("COLORTERM 24bit", ["TERM": "xterm-256color", "COLORTERM": "24bit"], nil, .halfBlockTrueColor),
            ("-direct TERM", ["TERM": "xterm-direct"], nil, .halfBlockTrueColor),
            ("plain xterm", ["TERM": "xterm-256color"], nil, .halfBlock256),
            ("empty environment", [:], nil, .halfBlock256),
            ("tmux hides sixel", ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0", "COLORTERM": "truecolor"], foot, .halfBlockTrueColor),
            ("tmux in foot", ["TERM": "screen-256color", "TMUX": "x"], foot, .halfBlock256),
            ("GNU screen", ["TERM": "screen", "STY": "1.pts"], foot, .halfBlock256),
            ("forced by variable inside tmux", ["TMUX": "x", "SPADE_STUDIO_GRAPHICS": "sixel"], nil, .sixel),
            ("forced 256 in a truecolor terminal", ["COLORTERM": "truecolor", "SPADE_STUDIO_GRAPHICS": "256"], foot, .halfBlock256),
            ("unknown forced value is ignored", ["TERM": "foot", "SPADE_STUDIO_GRAPHICS": "kitty"], nil, .sixel),
        ]
        for (name, environment, reply, expected) in cases {
            XCTAssertEqual(TerminalCapabilities.detect(environment: environment, da1Reply: reply), expected, name)
        }
    }

    func testForcedArgumentWinsOverEverything() {
        XCTAssertEqual(TerminalCapabilities.detect(environment: ["TMUX": "x", "SPADE_STUDIO_GRAPHICS": "256"], da1Reply: nil,
                                                   forced: .sixel), .sixel)
    }

    func testDA1Parsing() {
        XCTAssertTrue(TerminalCapabilities.da1AdvertisesSixel(foot))
        XCTAssertTrue(TerminalCapabilities.da1AdvertisesSixel("\u{1B}[?65;4c"))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel(xtermDefault))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel("\u{1B}[?62;14;22c"), "14 is not 4")
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel(""))
        XCTAssertFalse(TerminalCapabilities.da1AdvertisesSixel("garbage;4;"))
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
        let reply = DA1Probe.query(timeoutMilliseconds: 100)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        XCTAssertLessThan(elapsed, 1000)
        if let reply { XCTAssertTrue(reply.hasSuffix("c"), "a DA1 reply ends in 'c': \(reply.debugDescription)") }
    }
}
