import Foundation
import ImageIO
@testable import SpadeEngine
import SpadeTestSupport
import XCTest

/// Replays every input kept in fuzz/regressions/<target>/ (inputs that once crashed a fuzz target,
/// see fuzz/RESULTS.md) through the parser its target fuzzes, with the same checks: the parser
/// throws a one-line FileError naming the file, or accepts the input and keeps its promises. Model
/// files, PNGs and .npy files also go through the CLI, which must exit 0 or 2 (not crash).
///
/// palette/ and session/ (StudioCore) are replayed by fuzz/run.sh only: CLITests does not depend
/// on StudioCore.
final class FuzzRegressionTests: XCTestCase {
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fuzz/regressions").path

    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "fuzz-regressions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A small model and label map for replaying inputs through `render`.
    func renderInputs() throws -> (model: String, labels: String) {
        let model = dir + "/m.safetensors", labels = dir + "/l.png"
        if !FileManager.default.fileExists(atPath: model) {
            try RandomModel.write(RandomModel.config(labelNC: 4), to: model)
            try PNGFile.write(LabelImage(width: 8, height: 8, values: [UInt8](repeating: 1, count: 64)), to: labels)
        }
        return (model, labels)
    }

    func inputs(_ target: String) throws -> [String] {
        let dir = Self.regressions + "/" + target
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    func assertClean(_ error: Error, naming path: String, _ input: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let error = error as? FileError else {
            return XCTFail("\(input): threw \(type(of: error)), not FileError: \(error)", file: file, line: line)
        }
        XCTAssertEqual(error.path, path, input, file: file, line: line)
        XCTAssertFalse(error.description.contains(where: \.isNewline), "\(input): \(error.description.debugDescription)", file: file, line: line)
    }

    func assertCLIDoesNotCrash(_ args: [String], _ input: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLIRunner.run(args)
        XCTAssertTrue([0, 2].contains(r.status), "\(input): exit \(r.status): \(r.stderr)", file: file, line: line)
        if r.status == 2 {
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(input): \(r.stderr.debugDescription)", file: file, line: line)
        }
    }

    func testRegressionDirectoriesHoldInputs() throws {
        // The crashers found so far (fuzz/RESULTS.md); a missing one means the replay below is vacuous.
        XCTAssertFalse(try inputs("png").isEmpty)
        XCTAssertFalse(try inputs("npy").isEmpty)
        XCTAssertFalse(try inputs("safetensors_header").isEmpty)
        XCTAssertFalse(try inputs("model_config").isEmpty)
    }

    func testSafeTensorsHeaders() throws {
        for input in try inputs("safetensors_header") {
            let header = try Data(contentsOf: URL(fileURLWithPath: input))
            for dataSize in [0, 4096, 1 << 40] {
                do {
                    let (entries, _) = try SafeTensorsFile.parseHeader(header, dataSize: dataSize, path: input)
                    for (name, e) in entries {
                        XCTAssertTrue(0 <= e.begin && e.begin <= e.end && e.end <= dataSize, "\(input): \(name)")
                        let count = e.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
                        XCTAssertEqual(count * e.dtype.size, e.end - e.begin, "\(input): \(name)")
                    }
                } catch {
                    assertClean(error, naming: input, input)
                }
            }
            // The same header as a model file, through SafeTensorsFile and every reader of the CLI.
            var file = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) }
            file.append(header)
            let path = dir + "/header.safetensors"
            try file.write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try SPADEModel(path: path)) { assertClean($0, naming: path, input) }
            try assertCLIDoesNotCrash(["info", path], input)
        }
    }

    func testModelFiles() throws {
        for input in try inputs("model_file") {
            do {
                _ = try SPADEModel(path: input)
            } catch {
                assertClean(error, naming: input, input)
            }
            try assertCLIDoesNotCrash(["info", input], input)
        }
    }

    func testModelConfigs() throws {
        for input in try inputs("model_config") {
            let json = try Data(contentsOf: URL(fileURLWithPath: input))
            guard let config = try? JSONDecoder().decode(SPADEConfig.self, from: json) else { continue }
            do {
                try config.validate()
            } catch {
                XCTAssertFalse(error.description.isEmpty, input)
                continue
            }
            // A config that validates must map every byte value without trapping.
            let encoder = LabelEncoder(config.labels)
            for v in 0..<256 {
                if let c = encoder.channel(ofRaw: v) { XCTAssertTrue((0..<config.labels.semanticNC).contains(c), "\(input): \(v) → \(c)") }
            }
            do {
                _ = try encoder.encode(LabelImage(width: 16, height: 16, values: (0..<256).map { UInt8($0) }), path: "labels.png")
            } catch {
                assertClean(error, naming: "labels.png", input)
            }
        }
    }

    func testPNGs() throws {
        for input in try inputs("png") {
            XCTAssertNoThrowOrClean(try PNGFile.readLabels(input), input)
            XCTAssertNoThrowOrClean(try PNGFile.readRGB(input), input)
            XCTAssertNoThrowOrClean(try PNGFile.readInstanceIDs(input), input)
            let (model, _) = try renderInputs()
            try assertCLIDoesNotCrash(["render", "--model", model, "--labels", input, "--out", dir + "/out.png"], input)
        }
    }

    func testNpy() throws {
        for input in try inputs("npy") {
            do {
                let array = try NpyArray.read(input)
                XCTAssertEqual(array.shape.reduce(1, *), array.values.count, input)
            } catch {
                assertClean(error, naming: input, input)
            }
            let (model, labels) = try renderInputs()
            try assertCLIDoesNotCrash(["render", "--model", model, "--labels", labels, "--latent", input, "--out", dir + "/out.npy"], input)
        }
    }

    func XCTAssertNoThrowOrClean<T>(_ body: @autoclosure () throws -> T, _ input: String, file: StaticString = #filePath, line: UInt = #line) {
        do { _ = try body() } catch { assertClean(error, naming: input, input, file: file, line: line) }
    }
}
