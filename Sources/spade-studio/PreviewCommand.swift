import ArgumentParser
import Foundation
import ImageIO
import TerminalGraphics

/// `spade-studio preview IMG.png`: an image as sixel or half-block art on stdout, the studio's
/// preview without the studio.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print a PNG to the terminal as kitty, iTerm2 or sixel graphics, or half-block colour art.")

    enum Graphics: String, ExpressibleByArgument, CaseIterable {
        case kitty, iterm2, sixel, halfblock, truecolor
        case xterm256 = "256"
    }

    @Argument(help: "Image to show (PNG).")
    var image: String

    @Option(help: "kitty, iterm2, sixel, halfblock (truecolor or 256 by the environment), truecolor or 256; default: detected.")
    var graphics: Graphics?

    @Option(help: "Width in terminal columns (default: the terminal's width, never wider than the image).")
    var width: Int?

    func run() throws {
        try reportingErrors {
            if let width, width < 1 { throw CLIError("--width must be at least 1") }
            let rgb = try PNGFile.readRGB(image)
            let frame = RGBFrame(width: rgb.width, height: rgb.height, pixels: rgb.pixels)
            let environment = ProcessInfo.processInfo.environment
            let window = TerminalWindow.of()
            let columns = width ?? window?.columns ?? 80
            let output: [UInt8]
            let cellWidth = window?.cellWidth ?? TerminalWindow.assumedCellPixels.width
            let cellHeight = window?.cellHeight ?? TerminalWindow.assumedCellPixels.height
            // An explicit width may enlarge the image; the terminal's width only bounds it.
            let pixels = width != nil ? columns * cellWidth : min(columns * cellWidth, frame.width)
            let cells = (columns: (pixels + cellWidth - 1) / cellWidth,
                         rows: max(1, (scaledHeight(frame, pixels) + cellHeight - 1) / cellHeight))
            switch mode(environment, interactive: window != nil) {
            case .sixel:
                output = SixelEncoder().encode(frame.resized(width: pixels, height: scaledHeight(frame, pixels))) + [0x0A]
            case .kitty:
                // The terminal scales the image to its cells; the cursor goes below it.
                output = KittyEncoder().encode(frame, columns: cells.columns, rows: cells.rows)
                    + Array(String(repeating: "\n", count: cells.rows).utf8)
            case .iterm2:
                output = ITerm2Encoder().encode(frame, columns: cells.columns, rows: cells.rows) + [0x0A]
            case let mode:
                let cells = width != nil ? columns : min(columns, frame.width)
                let fitted = frame.resized(width: cells, height: scaledHeight(frame, cells))
                output = Array(HalfBlockEncoder(depth: mode.halfBlockDepth).ansi(fitted).utf8)
            }
            FileHandle.standardOutput.write(Data(output))
        }
    }

    func mode(_ environment: [String: String], interactive: Bool) -> GraphicsMode {
        switch graphics {
        case .kitty?: return .kitty
        case .iterm2?: return .iterm2
        case .sixel?: return .sixel
        case .truecolor?: return .halfBlockTrueColor
        case .xterm256?: return .halfBlock256
        case .halfblock?: return TerminalCapabilities.hasTrueColor(environment) ? .halfBlockTrueColor : .halfBlock256
        case nil:
            // Only a terminal can answer the DA1 probe; piped output is decided by the environment.
            return TerminalCapabilities.detect(environment: environment, probeReply: interactive ? TerminalProbe.query() : nil)
        }
    }

    /// The height that keeps the aspect ratio at `width` (square pixels; half blocks hold two
    /// pixel rows per cell, which the encoder handles).
    func scaledHeight(_ frame: RGBFrame, _ width: Int) -> Int {
        max(1, Int((Double(frame.height) * Double(width) / Double(frame.width)).rounded()))
    }
}
