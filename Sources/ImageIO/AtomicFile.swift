import Foundation

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file in the
/// same directory, which is flushed to disk (fsync) and then renamed over the destination.
public enum AtomicFile {
    /// Runs `write` with a temporary path next to `path`, then fsyncs and renames it into place.
    /// On any error the temporary file is removed and the destination is left untouched.
    public static func write(to path: String, _ write: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw FileError(path, "directory \(directory) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileError(path, "is a directory, not a file")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try write(temporary)
            let fd = open(temporary, O_RDONLY)
            guard fd >= 0 else { throw FileError(path, "cannot reopen temporary file: \(String(cString: strerror(errno)))") }
            let synced = fsync(fd)
            close(fd)
            guard synced == 0 else { throw FileError(path, "fsync failed: \(String(cString: strerror(errno)))") }
            guard rename(temporary, path) == 0 else {
                throw FileError(path, "cannot write: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Removes the temporary files that interrupted writes of `path` left beside it (the process
    /// that made them was killed between creating and renaming them). A live process's are kept.
    /// Returns how many were removed.
    @discardableResult
    public static func removeAbandonedTemporaries(of path: String) -> Int {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                  pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Atomically writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw FileError(path, "cannot write: \(String(cString: strerror(errno)))")
            }
        }
    }
}
