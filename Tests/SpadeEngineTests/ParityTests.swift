import Foundation
import ImageIO
import XCTest
@testable import SpadeEngine

/// The engine against PyTorch: `Training/make_fixtures.py` builds random models with the project's
/// own PyTorch SPADE (official parameter names), converts them, and stores PyTorch's outputs.
/// `make fixtures` (part of `make test`) writes them to Tests/Fixtures/generated.
final class ParityTests: XCTestCase {
    struct Cases: Decodable {
        struct Case: Decodable {
            let name: String
            let dir: String
            let files: [String: String]
        }
        let cases: [Case]
    }

    static var fixtureDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["SPADE_FIXTURES"] { return dir }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("Fixtures/generated").path
    }

    func loadCases() throws -> (String, [Cases.Case]) {
        let dir = Self.fixtureDirectory
        guard let data = FileManager.default.contents(atPath: dir + "/cases.json") else {
            XCTFail("no parity fixtures at \(dir): run `make fixtures` (needs /usr/bin/python3 with python3-torch)")
            return (dir, [])
        }
        return (dir, try JSONDecoder().decode(Cases.self, from: data).cases)
    }

    func assertParity(_ got: [Float], _ expected: [Float], _ what: String) {
        XCTAssertEqual(got.count, expected.count, "\(what): size")
        guard got.count == expected.count, !got.isEmpty else { return }
        let diffs = zip(got, expected).map { abs($0 - $1) }
        let maxDiff = diffs.max()!, meanDiff = diffs.reduce(0, +) / Float(diffs.count)
        XCTAssertLessThanOrEqual(maxDiff, 1e-3, "\(what): max |Δ|")
        XCTAssertLessThanOrEqual(meanDiff, 1e-4, "\(what): mean |Δ|")
        print("parity \(what): max |Δ| \(maxDiff), mean |Δ| \(meanDiff)")
    }

    func testRendersAndStyleCodesMatchPyTorch() throws {
        let (root, cases) = try loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 6, "fixture set is incomplete")
        var coveredPlainLargeLayer = false
        for c in cases {
            let dir = root + "/" + c.dir + "/"
            let model = try SPADEModel(path: dir + c.files["model"]!)
            // A layer of ≥ 2¹⁸ (out, in) pairs on a map Winograd would take, kept as 3×3 kernels by
            // the default exact weights: the path the official models' 1024-channel blocks take.
            for (block, size) in zip(model.generator.blocks, model.generator.blockSizes) where size.height * size.width >= ResBlockConv.winogradMinimumPixels {
                for conv in [block.weights.conv0, block.weights.conv1] {
                    if case let .direct(w) = conv.form, w.outChannels * w.inChannels >= WeightPrecision.largePairs { coveredPlainLargeLayer = true }
                }
            }
            let raw = try PNGFile.readLabels(dir + c.files["labels"]!)
            let instance = try c.files["instance"].map { try PNGFile.readInstanceIDs(dir + $0).ids }
            let labels = try model.encodeLabels(raw, instance: instance, path: c.files["labels"]!)
            let z = try c.files["z"].map { try NpyArray.read(dir + $0).values }
            let expected = try NpyArray.read(dir + c.files["expected"]!)
            let out = model.render(labels, z: z)
            XCTAssertEqual(expected.shape, [3, out.height, out.width], c.name)
            assertParity(out.data, expected.values, c.name)
            if let style = c.files["style"], let mu = c.files["mu"] {
                let encoder = try XCTUnwrap(model.encoder, "\(c.name) has no encoder")
                let (got, _) = encoder(tensor(try PNGFile.readRGB(dir + style)))
                assertParity(got, try NpyArray.read(dir + mu).values, c.name + " mu")
            }
        }
        XCTAssertTrue(coveredPlainLargeLayer, "no fixture takes the plain path of a ≥ 2¹⁸-pair layer")
    }
}
