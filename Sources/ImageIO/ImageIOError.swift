import Foundation

/// A problem with one file, printed as one line: `path: problem`.
public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let problem: String

    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
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
