import Foundation

/// Finds the default model and the palettes: relative to the executable (a build at
/// `.build/release/spade-studio` looks in `../../Assets/` and `../../Palettes/`; through the
/// resolved `.build/<triple>/release/` one level more) or to the current directory.
public struct ResourceLocator: Sendable {
    /// The model used when none is given.
    public static let defaultModel = "Assets/landscape.safetensors"
    /// The variable that names another default model.
    public static let modelVariable = "SPADE_STUDIO_MODEL"

    /// Directories that may hold `Assets/` and `Palettes/`, most specific first.
    public let roots: [String]

    public init(roots: [String]) {
        self.roots = roots
    }

    /// Roots for an executable path as invoked and as resolved (symlinks followed), then the
    /// current directory.
    public init(executable: String, resolvedExecutable: String?, currentDirectory: String) {
        var roots: [String] = []
        for path in [executable, resolvedExecutable].compactMap({ $0 }) {
            let absolute = path.hasPrefix("/") ? path : currentDirectory + "/" + path
            var directory = (absolute as NSString).deletingLastPathComponent
            for _ in 0..<3 {
                directory = (directory as NSString).deletingLastPathComponent
                roots.append(directory)
            }
        }
        roots.append(currentDirectory)
        var seen = Set<String>()
        self.init(roots: roots.map { ($0 as NSString).standardizingPath }.filter { seen.insert($0).inserted })
    }

    /// The running program's locator.
    public static func forCurrentProcess() -> ResourceLocator {
        let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return ResourceLocator(executable: CommandLine.arguments[0], resolvedExecutable: resolved,
                               currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The first existing `root/relative`, nil if none.
    public func find(_ relative: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        roots.map { $0 + "/" + relative }.first(where: fileExists)
    }

    /// The default model: `$SPADE_STUDIO_MODEL`, else `Assets/landscape.safetensors` where found.
    /// - Throws: one line saying the file does not exist yet (it is trained separately).
    public func defaultModel(environment: [String: String],
                             fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws -> String {
        if let path = environment[Self.modelVariable], !path.isEmpty {
            guard fileExists(path) else {
                throw LocatorError("\(path): no such file (named by $\(Self.modelVariable))")
            }
            return path
        }
        if let path = find(Self.defaultModel, fileExists: fileExists) { return path }
        throw LocatorError("\(Self.defaultModel): default model not found next to the executable or in the current directory; run from the repository, pass --model PATH or set $\(Self.modelVariable)")
    }

    /// `Palettes/<name>` where found.
    public func palette(named name: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        find("Palettes/" + name, fileExists: fileExists)
    }
}

/// A resource that cannot be found: one line.
public struct LocatorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
