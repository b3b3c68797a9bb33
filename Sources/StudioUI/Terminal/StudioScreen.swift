import CNCurses
import ImageIO
import StudioCore
import TerminalGraphics

/// Draws a ``StudioState`` on the terminal: title, canvas, preview, palette, status bar, message
/// or prompt line, help. Main thread only; all the decisions it draws from are in the state.
final class StudioScreen {
    private let terminal: CursesTerminal
    private let graphics: GraphicsMode
    private let cellPixels: (width: Int, height: Int)

    /// What the preview picture was made from, so it is rebuilt only when that changes.
    private struct PreviewKey: Equatable {
        var renderVersion: Int
        var mode: PreviewMode
        /// Only for the views that show labels.
        var canvas: LabelCanvas?
        var palette: String
        var box: Layout.Box
    }
    /// A pixel image must also be sent again when the help box stops covering it.
    private struct PixelKey: Equatable {
        var preview: PreviewKey
        var covered: Bool
    }
    private var previewKey: PreviewKey?
    private var previewCells: CellGrid?
    private var pixelKey: PixelKey?
    /// A kitty image floats above the text: where text must show, it is deleted, not overdrawn.
    private var kittyImageShown = false

    init(terminal: CursesTerminal, graphics: GraphicsMode, cellPixels: (width: Int, height: Int)) {
        self.terminal = terminal
        self.graphics = graphics
        self.cellPixels = cellPixels
    }

    /// Forgets everything drawn (after a resize).
    func invalidate() {
        terminal.invalidate()
        pixelKey = nil
    }

    /// Draws one frame.
    /// - Parameters:
    ///   - render: the latest render, nil before the first.
    ///   - renderVersion: changes whenever `render` does.
    func draw(_ state: StudioState, render: RGBImage?, renderVersion: Int) {
        terminal.beginFrame()
        let layout = state.layout
        if layout.isTooSmall {
            let text = "Terminal too small: \(layout.columns)×\(layout.rows), SpadeStudio needs 80×24"
            terminal.text(row: layout.rows / 2, column: max(0, (layout.columns - text.count) / 2), text)
            pixelKey = nil
            hideKittyImage()
            terminal.placeCursor(row: 0, column: 0, visible: false)
            terminal.endFrame()
            return
        }
        terminal.text(row: 0, column: 0, pad(StatusBar.title(for: state, width: layout.columns), layout.columns), attributes: cnc_a_reverse())
        for column in layout.separatorColumns {
            for row in 1..<(1 + layout.palette.height) { terminal.text(row: row, column: column, "│", attributes: cnc_a_dim()) }
        }
        if let box = layout.canvas { drawCanvas(state, in: box) }
        if let box = layout.preview {
            drawPreview(state, render: render, renderVersion: renderVersion, in: box)
        } else {
            pixelKey = nil
            hideKittyImage()
        }
        drawPalette(state, in: layout.palette)
        terminal.text(row: layout.statusBar.y, column: 0,
                      pad(StatusBar.text(for: state, width: layout.columns), layout.columns),
                      attributes: cnc_a_reverse())
        let promptCursor = drawMessageLine(state, in: layout.messageLine)
        if state.showsHelp { drawHelp(layout) }

        if let promptCursor {
            terminal.placeCursor(row: layout.messageLine.y, column: promptCursor, visible: true)
        } else if let box = layout.canvas, !state.showsHelp {
            let (column, row) = state.viewport.cell(of: state.cursor)
            let inside = column >= 0 && row >= 0 && column < box.width && row < box.height
            terminal.placeCursor(row: box.y + row, column: box.x + column, visible: inside)
        } else {
            terminal.placeCursor(row: 0, column: 0, visible: false)
        }
        terminal.endFrame()
    }

    // MARK: - Canvas

    private func drawCanvas(_ state: StudioState, in box: Layout.Box) {
        let viewport = state.viewport, canvas = state.document.canvas
        let colors = (0..<256).map { id -> RGBColor in
            let c = state.palette.color(of: UInt8(id))
            return RGBColor(c.r, c.g, c.b)
        }
        for row in 0..<box.height {
            for column in 0..<box.width {
                let (top, bottom) = viewport.samples(column: column, row: row)
                let upper = top.map { colors[Int(canvas[$0])] }, lower = bottom.map { colors[Int(canvas[$0])] }
                switch (upper, lower) {
                case (nil, nil): continue
                case (let upper?, _):
                    terminal.cell(row: box.y + row, column: box.x + column, "▀", foreground: upper, background: lower)
                case (nil, let lower?):
                    // The image's top edge falls mid-cell: only the lower half is canvas.
                    terminal.cell(row: box.y + row, column: box.x + column, "▄", foreground: lower, background: nil)
                }
            }
        }
        let (column, row) = viewport.cell(of: state.cursor)
        guard column >= 0, row >= 0, column < box.width, row < box.height, !state.showsHelp else { return }
        let under = colors[Int(canvas[state.cursor])]
        let luminance = 0.299 * Double(under.r) + 0.587 * Double(under.g) + 0.114 * Double(under.b)
        let marker: Character = state.shapeAnchor != nil ? "×" : "+"
        terminal.cell(row: box.y + row, column: box.x + column, marker,
                      foreground: luminance > 128 ? RGBColor(0, 0, 0) : RGBColor(255, 255, 255), background: under,
                      attributes: cnc_a_bold())
    }

    // MARK: - Preview

    private func drawPreview(_ state: StudioState, render: RGBImage?, renderVersion: Int, in box: Layout.Box) {
        let showsLabels = state.previewMode != .render
        let key = PreviewKey(renderVersion: renderVersion, mode: state.previewMode,
                             canvas: showsLabels ? state.document.canvas : nil, palette: state.palette.name, box: box)
        let pixel = PixelKey(preview: key, covered: state.showsHelp)
        // The picture is composed and resampled only when what it shows has changed.
        let cached = graphics.drawsPixels ? pixel == pixelKey : key == previewKey && previewCells != nil
        if !cached {
            guard let frame = PreviewComposer.frame(state.previewMode, render: render, canvas: state.document.canvas,
                                                    palette: state.palette) else {
                let text = state.renderStatus.busy ? "rendering…" : "no render"
                terminal.text(row: box.y + box.height / 2, column: box.x + max(0, (box.width - text.count) / 2), text,
                              attributes: cnc_a_dim())
                return
            }
            if graphics.drawsPixels {
                sendPixels(frame, key: pixel, canvas: state, in: box)
            } else {
                let size = frame.fittingSize(maxWidth: box.width, maxHeight: box.height * 2)
                previewCells = HalfBlockEncoder(depth: .trueColor).cells(scaled(frame, state, size))
                previewKey = key
            }
        }
        guard !graphics.drawsPixels, let grid = previewCells else { return }
        let x0 = box.x + (box.width - grid.columns) / 2, y0 = box.y + (box.height - grid.rows) / 2
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cell = grid[column, row]
                terminal.cell(row: y0 + row, column: x0 + column, cell.character,
                              foreground: Self.rgb(cell.foreground), background: Self.rgb(cell.background))
            }
        }
    }

    /// The preview as an image over blank cells (sixel, kitty or iTerm2); sent again only when it,
    /// its place, or what covers it changes.
    private func sendPixels(_ frame: RGBFrame, key: PixelKey, canvas state: StudioState, in box: Layout.Box) {
        if pixelKey?.preview.box != key.preview.box { terminal.invalidate() }  // the old image's leftovers go
        pixelKey = key
        guard !key.covered else {
            hideKittyImage()
            return
        }
        let image: RGBFrame, columns: Int, rows: Int
        if graphics == .sixel {
            // Never larger than the panel, nor more than twice the render: upscaling adds no detail
            // and a big sixel costs time to encode and to send.
            let size = frame.fittingSize(maxWidth: min(box.width * cellPixels.width, frame.width * 2),
                                         maxHeight: min(box.height * cellPixels.height, frame.height * 2))
            image = scaled(frame, state, size)
            columns = (size.width + cellPixels.width - 1) / cellPixels.width
            rows = (size.height + cellPixels.height - 1) / cellPixels.height
        } else {
            // kitty and iTerm2 scale the image to its cells themselves: the render's own pixels,
            // over as much of the panel as its shape allows.
            image = scaled(frame, state, (frame.width, frame.height))
            let cellAspect = Double(cellPixels.height) / Double(cellPixels.width)
            let imageAspect = Double(frame.height) / Double(frame.width)
            columns = max(1, min(box.width, Int(Double(box.height) * cellAspect / imageAspect)))
            rows = max(1, min(box.height, Int((Double(columns) * imageAspect / cellAspect).rounded())))
        }
        let x = box.x + max(0, (box.width - columns) / 2), y = box.y + max(0, (box.height - rows) / 2)
        let bytes: [UInt8] = switch graphics {
        case .kitty: KittyEncoder().encode(image, columns: columns, rows: rows)
        case .iterm2: ITerm2Encoder().encode(image, columns: columns, rows: rows)
        default: SixelEncoder().encode(image)
        }
        kittyImageShown = graphics == .kitty
        terminal.writeAfterRefresh(Array("\u{1B}[\(y + 1);\(x + 1)H".utf8) + bytes)
    }

    private func hideKittyImage() {
        guard kittyImageShown else { return }
        terminal.writeAfterRefresh(KittyEncoder.delete)
        kittyImageShown = false
    }

    /// The preview picture at `size`: the labels view is sampled from the canvas so classes stay
    /// crisp; renders are area-averaged.
    private func scaled(_ frame: RGBFrame, _ state: StudioState, _ size: (width: Int, height: Int)) -> RGBFrame {
        guard state.previewMode == .labels else { return frame.resized(width: size.width, height: size.height) }
        return PreviewComposer.labels(state.document.canvas, palette: state.palette, width: size.width, height: size.height)
    }

    private static func rgb(_ color: TerminalColor) -> RGBColor? {
        switch color {
        case let .rgb(c): return c
        case let .indexed(n): return Xterm256.color(of: n)
        case .terminalDefault: return nil
        }
    }

    // MARK: - Palette, message line, help

    private func drawPalette(_ state: StudioState, in box: Layout.Box) {
        let (_, classes) = state.paletteWindow(height: box.height)
        for (offset, item) in classes.enumerated() {
            let row = box.y + offset
            let active = item.id == state.document.activeClass
            let color = RGBColor(item.color.r, item.color.g, item.color.b)
            terminal.text(row: row, column: box.x, active ? "▶" : " ", attributes: cnc_a_bold())
            terminal.cell(row: row, column: box.x + 1, "█", foreground: color, background: color)
            terminal.cell(row: row, column: box.x + 2, "█", foreground: color, background: color)
            let label = "\(item.hotkey.map(String.init) ?? " ") \(item.name)"
            terminal.text(row: row, column: box.x + 4, label, width: box.width - 4,
                          attributes: active ? cnc_a_reverse() | cnc_a_bold() : cnc_a_normal())
        }
    }

    /// Draws the prompt, the message or a hint.
    /// - Returns: the column of the prompt's text cursor, nil when no text prompt is open.
    private func drawMessageLine(_ state: StudioState, in box: Layout.Box) -> Int? {
        switch state.prompt {
        case let .text(purpose, editor)?:
            let label = state.label(of: purpose)
            terminal.text(row: box.y, column: 0, label, attributes: cnc_a_bold())
            let (text, cursor) = editor.visible(width: box.width - label.count - 1)
            terminal.text(row: box.y, column: label.count, text)
            return label.count + cursor
        case let .confirm(question)?:
            terminal.text(row: box.y, column: 0, question.question, width: box.width, attributes: cnc_a_bold())
            return min(box.width - 1, question.question.count + 1)
        case nil:
            if let message = state.message {
                terminal.text(row: box.y, column: 0, message.text, width: box.width,
                              attributes: message.isError ? cnc_a_bold() : cnc_a_normal(),
                              foreground: message.isError ? RGBColor(230, 60, 60) : nil)
            } else {
                terminal.text(row: box.y, column: 0, "? help · : commands · q quit", attributes: cnc_a_dim())
            }
            return nil
        }
    }

    private func drawHelp(_ layout: Layout) {
        let lines = KeyBindings.helpLines
        let keyWidth = lines.map(\.keys.count).max()! + 2
        let width = min(layout.columns - 4, keyWidth + lines.map(\.meaning.count).max()! + 4)
        let height = lines.count + 4
        let x = (layout.columns - width) / 2, y = max(1, (layout.rows - height) / 2)
        let horizontal = String(repeating: "─", count: width - 2)
        terminal.text(row: y, column: x, "┌" + horizontal + "┐")
        terminal.text(row: y, column: x + 2, " SpadeStudio keys ", attributes: cnc_a_bold())
        for row in 1..<(height - 1) {
            terminal.text(row: y + row, column: x, "│" + String(repeating: " ", count: width - 2) + "│")
        }
        for (i, line) in lines.enumerated() {
            terminal.text(row: y + 2 + i, column: x + 2, line.keys, attributes: cnc_a_bold())
            terminal.text(row: y + 2 + i, column: x + 2 + keyWidth, line.meaning, width: width - keyWidth - 4)
        }
        terminal.text(row: y + height - 1, column: x, "└" + horizontal + "┘")
        terminal.text(row: y + height - 1, column: x + width - 19, " any key closes ", attributes: cnc_a_dim())
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
