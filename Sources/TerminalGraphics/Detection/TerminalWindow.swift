import CTerminalSize
import Glibc

/// The size of the terminal on a file descriptor, from `TIOCGWINSZ`.
public struct TerminalWindow: Equatable, Sendable {
    /// The cell size assumed when the terminal reports no pixel size (most do not over ssh).
    public static let assumedCellPixels = (width: 10, height: 20)

    public var columns: Int
    public var rows: Int
    /// One cell in pixels: reported, or ``assumedCellPixels``.
    public var cellWidth: Int
    public var cellHeight: Int

    /// The window of `fd`, nil when it is not a terminal.
    public static func of(_ fd: Int32 = STDOUT_FILENO) -> TerminalWindow? {
        var columns: Int32 = 0, rows: Int32 = 0, width: Int32 = 0, height: Int32 = 0
        guard terminal_size(fd, &columns, &rows, &width, &height) == 0, columns > 0, rows > 0 else { return nil }
        let reported = width > 0 && height > 0
        return TerminalWindow(columns: Int(columns), rows: Int(rows),
                              cellWidth: reported ? Int(width / columns) : assumedCellPixels.width,
                              cellHeight: reported ? Int(height / rows) : assumedCellPixels.height)
    }
}
