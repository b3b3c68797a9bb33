import SpadeLatent
import Foundation
import ImageIO
import SpadeTestSupport
import XCTest
@testable import SpadeEngine

/// Loading models: good files load, every kind of bad file is one clear error naming the file.
final class ModelLoadingTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "models-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func assertLoadFails(_ path: String, containing text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SPADEModel(path: path), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(path + ": "), "error does not name the file: \(message)", file: file, line: line)
            XCTAssertTrue(message.contains(text), "expected '\(text)' in: \(message)", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "error is not one line: \(message)", file: file, line: line)
        }
    }

    func testRandomModelsLoadAndRenderAtTheirSize() throws {
        let cases: [(Bool, SPADEConfig.ParamFreeNorm, SPADEConfig.Upsampling, Double)] =
            [(true, .batch, .normal, 1.0), (false, .instance, .more, 2.0), (true, .batch, .most, 1.0)]
        for (vae, norm, up, aspect) in cases {
            let c = RandomModel.config(ngf: 4, cropSize: up == .normal ? 32 : 128, vae: vae, norm: norm, upsampling: up, aspect: aspect)
            let path = dir + "/m.safetensors"
            try RandomModel.write(c, to: path)
            let model = try SPADEModel(path: path)
            let w = c.outputWidth, h = c.outputHeight
            XCTAssertEqual(w, c.generator.cropSize)
            XCTAssertEqual(h, Int((Double(c.latentWidth) / aspect).rounded()) << c.upsamplings)
            let labels = LabelMap(width: w, height: h, classes: (0..<w * h).map { UInt8($0 / w * 4 / h) }, edges: nil)
            let z = vae ? GaussianSampler.latent(seed: 1, dimension: 256) : nil
            let out = model.render(labels, z: z)
            XCTAssertEqual([out.channels, out.height, out.width], [3, h, w])
            XCTAssertTrue(out.data.allSatisfy { $0.isFinite && abs($0) <= 1 })
            XCTAssertGreaterThan(Set(out.data).count, 100, "output is flat")
        }
    }

    func testHalfPrecisionTensorsAreWidened() throws {
        let values: [Float] = [1, -2, 0.5, 65504]
        var header = #"{"t":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}"#
        while header.utf8.count % 8 != 0 { header += " " }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        for v in values { withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        for v: Float in [3, -0.25] { withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: URL(fileURLWithPath: dir + "/h.safetensors"))
        let file = try SafeTensorsFile(path: dir + "/h.safetensors")
        XCTAssertEqual(try file.floats("t"), values)
        XCTAssertEqual(try file.floats("b"), [3, -0.25])
    }

    func testMissingEmptyTruncatedAndLyingFiles() throws {
        let c = RandomModel.config()
        let good = try SafeTensorsWriter.serialize(RandomModel.tensors(for: c), metadata: RandomModel.metadata(c))
        assertLoadFails(dir + "/none.safetensors", containing: "no such file")
        assertLoadFails(dir, containing: "is a directory")
        FileManager.default.createFile(atPath: dir + "/empty.safetensors", contents: Data())
        assertLoadFails(dir + "/empty.safetensors", containing: "too short")
        try good.prefix(good.count - 100).write(to: URL(fileURLWithPath: dir + "/cut.safetensors"))
        assertLoadFails(dir + "/cut.safetensors", containing: "outside")
        var lying = good
        lying.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Data($0) })
        try lying.write(to: URL(fileURLWithPath: dir + "/lying.safetensors"))
        assertLoadFails(dir + "/lying.safetensors", containing: "header length")
        try Data("not json at all!".utf8).write(to: URL(fileURLWithPath: dir + "/junk.safetensors"))
        assertLoadFails(dir + "/junk.safetensors", containing: "header length")
    }

    func testConfigAndTensorMismatches() throws {
        let c = RandomModel.config()
        var items = RandomModel.tensors(for: c)
        try SafeTensorsWriter.write(items, metadata: [:], to: dir + "/noconfig.safetensors")
        assertLoadFails(dir + "/noconfig.safetensors", containing: "no 'spade_studio' model config")

        try SafeTensorsWriter.write(items, metadata: ["spade_studio": #"{"format":1}"#], to: dir + "/badconfig.safetensors")
        assertLoadFails(dir + "/badconfig.safetensors", containing: "missing key")

        var wrongNGF = c
        wrongNGF.generator.ngf = 3
        try SafeTensorsWriter.write(items, metadata: RandomModel.metadata(wrongNGF), to: dir + "/shape.safetensors")
        assertLoadFails(dir + "/shape.safetensors", containing: "has shape")

        items.removeAll { $0.name == "netG.conv_img.bias" }
        try SafeTensorsWriter.write(items, metadata: RandomModel.metadata(c), to: dir + "/missing.safetensors")
        assertLoadFails(dir + "/missing.safetensors", containing: "missing tensor 'netG.conv_img.bias'")

        var badCrop = c
        badCrop.generator.cropSize = 40
        try SafeTensorsWriter.write(RandomModel.tensors(for: c), metadata: RandomModel.metadata(badCrop), to: dir + "/crop.safetensors")
        assertLoadFails(dir + "/crop.safetensors", containing: "crop_size 40")

        var shortLook = c
        shortLook.looks = [.init(name: "night", latent: [0, 1])]
        try SafeTensorsWriter.write(RandomModel.tensors(for: c), metadata: RandomModel.metadata(shortLook), to: dir + "/look.safetensors")
        assertLoadFails(dir + "/look.safetensors", containing: "look 'night' needs a name and 256 finite latent values")
    }

    func testNamedLooksAndNoiseLoadFromTheConfig() throws {
        var c = RandomModel.config(noise: true)
        c.looks = [.init(name: "night", latent: [Float](repeating: 0.25, count: 256))]
        try RandomModel.write(c, to: dir + "/looks.safetensors")
        let model = try SPADEModel(path: dir + "/looks.safetensors")
        XCTAssertEqual(model.config.looks, c.looks)
        XCTAssertTrue(model.config.generator.noise)
        XCTAssertEqual(model.generator.weights.up.last?.noise1?.layer, 2 * (3 + model.generator.weights.up.count - 1) + 1)
        // Old files have neither key.
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(RandomModel.config())) as! [String: Any]
        var generator = json["generator"] as! [String: Any]
        generator.removeValue(forKey: "noise")
        json["generator"] = generator
        XCTAssertNil(json["looks"])
        let plain = try JSONDecoder().decode(SPADEConfig.self, from: try JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(plain.looks)
        XCTAssertFalse(plain.generator.noise)
    }

    func testAStyleBankIsWhereSeedsDrawFrom() throws {
        var c = RandomModel.config()
        c.styleBank = .init(count: 2)
        let means = (0..<512).map { Float($0 % 7) - 3 }, scales = [Float](repeating: 0.5, count: 512)
        let bank = [SafeTensorsWriter.Item("latent_prior.means", [2, 256], means),
                    SafeTensorsWriter.Item("latent_prior.scales", [2, 256], scales)]
        try SafeTensorsWriter.write(RandomModel.tensors(for: c) + bank, metadata: RandomModel.metadata(c), to: dir + "/bank.safetensors")
        let model = try SPADEModel(path: dir + "/bank.safetensors")
        XCTAssertEqual(model.latentPrior, .bank(StyleBank(count: 2, dimension: 256, means: means, scales: scales)!))
        XCTAssertNotEqual(model.latentPrior.latent(seed: 5, dimension: 256), GaussianSampler.latent(seed: 5, dimension: 256))
        try RandomModel.write(RandomModel.config(), to: dir + "/plain.safetensors")
        XCTAssertEqual(try SPADEModel(path: dir + "/plain.safetensors").latentPrior, .standardNormal)

        try SafeTensorsWriter.write(RandomModel.tensors(for: c), metadata: RandomModel.metadata(c), to: dir + "/nobank.safetensors")
        assertLoadFails(dir + "/nobank.safetensors", containing: "missing tensor 'latent_prior.means'")
        let negative = [bank[0], SafeTensorsWriter.Item("latent_prior.scales", [2, 256], scales.map { -$0 })]
        try SafeTensorsWriter.write(RandomModel.tensors(for: c) + negative, metadata: RandomModel.metadata(c), to: dir + "/negative.safetensors")
        assertLoadFails(dir + "/negative.safetensors", containing: "negative scales")
        var deterministic = RandomModel.config(vae: false)
        deterministic.styleBank = .init(count: 2)
        try SafeTensorsWriter.write(RandomModel.tensors(for: deterministic) + bank, metadata: RandomModel.metadata(deterministic),
                                    to: dir + "/gan.safetensors")
        assertLoadFails(dir + "/gan.safetensors", containing: "style_bank count 2 must be 1…65536 (VAE models only)")
    }

    func testWrongDtypeIsNamed() throws {
        var header = #"{"__metadata__":{},"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#
        while header.utf8.count % 8 != 0 { header += " " }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8) + Data(count: 8))
        try data.write(to: URL(fileURLWithPath: dir + "/i64.safetensors"))
        assertLoadFails(dir + "/i64.safetensors", containing: "dtype I64")
    }

    func testLabelValuesOutsideTheClassesAreRejected() throws {
        let c = RandomModel.config(labelNC: 4)
        try RandomModel.write(c, to: dir + "/m.safetensors")
        let model = try SPADEModel(path: dir + "/m.safetensors")
        let raw = LabelImage(width: 2, height: 2, values: [0, 1, 2, 9])
        XCTAssertThrowsError(try model.encodeLabels(raw, path: "l.png")) { error in
            XCTAssertTrue("\(error)".hasPrefix("l.png: label value 9 at (x 1, y 1)"), "\(error)")
        }
    }

    func testDontcareAndOffsetEncodingFollowsADE20K() {
        let encoder = LabelEncoder(.init(labelNC: 150, containDontcareLabel: true, instanceEdges: false, valueOffset: -1,
                                         dontcareValues: [0], classNames: [], palette: nil))
        XCTAssertEqual(encoder.channel(ofRaw: 0), 150)
        XCTAssertEqual(encoder.channel(ofRaw: 1), 0)
        XCTAssertEqual(encoder.channel(ofRaw: 150), 149)
        XCTAssertNil(encoder.channel(ofRaw: 151))
    }
}
