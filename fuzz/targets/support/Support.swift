import Foundation

// Shared by every fuzz target (compiled into each target's module by fuzz/build.sh).

/// A property a parser promised and did not keep: abort so libFuzzer records the input.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        FileHandle.standardError.write(Data("fuzz property violated (\(file):\(line)): \(message())\n".utf8))
        abort()
    }
}

/// Error messages reach the user as one line (`spade-studio: <file>: <problem>`).
func requireOneLine(_ message: String, file: StaticString = #fileID, line: UInt = #line) {
    require(!message.contains(where: \.isNewline), "message is not one line: \(message.debugDescription)", file: file, line: line)
}

/// A per-process scratch file holding `bytes`, for parsers that take a path. Reused across inputs
/// (libFuzzer runs inputs one after another in a process; -fork/-jobs workers have their own pid).
func scratchFile(_ bytes: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = directory + "/spade-fuzz-\(getpid())\(suffix)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot create \(path)")
    var done = 0
    while done < size {
        let n = write(fd, bytes + done, size - done)
        precondition(n > 0, "cannot write \(path)")
        done += n
    }
    close(fd)
    return path
}

/// Product of `shape`, nil on overflow.
func elementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for n in shape {
        let (p, overflow) = count.multipliedReportingOverflow(by: n)
        if overflow { return nil }
        count = p
    }
    return count
}
