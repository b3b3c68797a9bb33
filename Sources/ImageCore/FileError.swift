import Foundation

/// A problem with one file, printed as one line: `path: problem`.
public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let problem: String

    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// One line: control characters and line breaks that a file smuggles into the message (a tensor
    /// name, a .npy header, a path) are shown escaped, e.g. `\n`.
    public var description: String { oneLine("\(path): \(problem)") }
}

/// `text` with every control character and line or paragraph separator escaped (`\n`, `\u{2028}`).
func oneLine(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator:
            out.append(contentsOf: scalar.escaped(asASCII: true).unicodeScalars)
        default:
            out.append(scalar)
        }
    }
    return String(out)
}

/// Checks that `path` names an existing regular file, so callers fail with a clear sentence
/// instead of a confusing read error on a directory or a missing file.
public func requireRegularFile(_ path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw FileError(path, "no such file")
    }
    if isDirectory.boolValue { throw FileError(path, "is a directory, not a file") }
}
