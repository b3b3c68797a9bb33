import Foundation
import ImageIO
import SpadeEngine
import SpadeTestSupport
import XCTest

/// Malformed inputs to every headless command (`render`, `encode-style`, `info`, `bench`): empty and
/// truncated files, lying headers, huge declared sizes, wrong dtypes and shapes, label values outside
/// the model, directories where files belong, unwritable outputs. Each must end in exactly one line
/// `spade-studio: <file>: <problem>` on stderr, exit status 2, and no output file (nor a leftover
/// temporary file next to it).
final class HeadlessMalformedInputTests: XCTestCase {
    var dir: String!
    /// A VAE model with a style encoder (4 classes, no dontcare).
    var model: String!
    /// A deterministic model with instance edges (no encoder).
    var edgeModel: String!
    var labels: String!
    var style: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "cli-malformed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        model = dir + "/m.safetensors"
        try RandomModel.write(RandomModel.config(labelNC: 4), to: model)
        edgeModel = dir + "/edges.safetensors"
        var edgeConfig = RandomModel.config(labelNC: 3, vae: false, encoder: false)
        edgeConfig.labels.instanceEdges = true
        try RandomModel.write(edgeConfig, to: edgeModel)
        labels = dir + "/labels.png"
        try PNGFile.write(LabelImage(width: 16, height: 16, values: (0..<256).map { UInt8($0 / 64) }), to: labels)
        style = dir + "/style.png"
        try PNGFile.write(RGBImage(width: 8, height: 8, pixels: (0..<192).map { UInt8($0) }), to: style)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    // MARK: - Checks

    /// Runs `args` and checks the failure contract; `output` (if any) must not exist afterwards.
    func assertFails(_ args: [String], naming file: String, _ text: String, output: String? = nil,
                     sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let start = Date()
        let r = try CLIRunner.run(args)
        let seconds = Date().timeIntervalSince(start)
        let context = "spade-studio \(args.joined(separator: " "))"
        XCTAssertEqual(r.status, 2, "exit status of \(context); stderr: \(r.stderr)", file: sourceFile, line: line)
        XCTAssertTrue(r.stderr.hasSuffix("\n"), "stderr of \(context) does not end its line: \(r.stderr.debugDescription)", file: sourceFile, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 1, "stderr of \(context) should be one line: \(r.stderr.debugDescription)", file: sourceFile, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("spade-studio: \(file): "), "stderr of \(context) does not start with the file \(file): \(r.stderr)", file: sourceFile, line: line)
        XCTAssertTrue(r.stderr.contains(text), "expected '\(text)' in stderr of \(context): \(r.stderr)", file: sourceFile, line: line)
        XCTAssertEqual(r.stdout, "", "\(context) printed to stdout before failing", file: sourceFile, line: line)
        XCTAssertLessThan(seconds, 5, "\(context) took \(seconds) s to fail", file: sourceFile, line: line)
        if let output {
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(context) left output at \(output)", file: sourceFile, line: line)
            let parent = (output as NSString).deletingLastPathComponent
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.contains(".tmp-") }
            XCTAssertEqual(leftovers, [], "\(context) left temporary files in \(parent)", file: sourceFile, line: line)
        }
    }

    /// The four commands, each reading `model` and writing (where it writes) into `dir`.
    func everyCommand(model m: String) -> [(args: [String], output: String?)] {
        [(["render", "--model", m, "--labels", labels, "--seed", "1", "--out", dir + "/r.png"], dir + "/r.png"),
         (["encode-style", "--model", m, "--image", style, "--out", dir + "/mu.npy"], dir + "/mu.npy"),
         (["info", m], nil),
         (["bench", "--model", m, "--runs", "1"], nil)]
    }

    func write(_ data: Data, _ name: String) throws -> String {
        let path = dir + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - Model files, through every command

    func testGoodInputsSucceedForEveryCommand() throws {
        for (args, output) in everyCommand(model: model) {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", "\(args)")
            if let output { XCTAssertTrue(FileManager.default.fileExists(atPath: output), "\(args) wrote nothing") }
        }
    }

    func testMalformedModelFilesFailEveryCommand() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: model))
        let headerLength = Int(good.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        var cases: [(name: String, data: Data, problem: String)] = [
            ("empty", Data(), "too short to be a safetensors file (0 bytes)"),
            ("cut-in-length", good.prefix(5), "too short"),
            ("cut-in-header", good.prefix(8 + headerLength / 2), "exceeds the file size"),
            ("cut-in-data", good.prefix(good.count - 1000), "lie outside"),
            ("length-2^63", lengthPrefix(1 << 63) + good.dropFirst(8), "exceeds the file size"),
            ("length-past-end", lengthPrefix(UInt64(good.count)) + good.dropFirst(8), "exceeds the file size"),
            ("not-json", lengthPrefix(16) + Data("this is not json".utf8) + Data(count: 64), "header is not a JSON object"),
            ("png-renamed", try Data(contentsOf: URL(fileURLWithPath: labels)), "exceeds the file size"),
        ]
        cases.append(("dtype-f64", try edited(good) { $0["netG.conv_img.weight", "dtype"] = "F64" },
                      "tensor 'netG.conv_img.weight' has dtype F64; only F32, F16 and BF16 are supported"))
        cases.append(("dtype-f16-lie", try edited(good) { $0["netG.conv_img.weight", "dtype"] = "F16" },
                      "tensor 'netG.conv_img.weight' holds 216 bytes, but F16 [3, 2, 3, 3] needs 108"))
        cases.append(("shape-wrong", try edited(good) { $0["netG.conv_img.weight", "shape"] = [3, 18] },
                      "tensor 'netG.conv_img.weight' has shape [3, 18], the model config needs [3, 2, 3, 3]"))
        cases.append(("shape-overflows", try edited(good) {
            $0.object["extra"] = ["dtype": "F32", "shape": [1 << 31, 1 << 31], "data_offsets": [0, 0]]
        }, "tensor 'extra' shape [2147483648, 2147483648] is too large"))
        cases.append(("shape-huge", try edited(good) {
            $0.object["extra"] = ["dtype": "F32", "shape": [1 << 30, 1 << 30], "data_offsets": [0, 0]]
        }, "tensor 'extra' holds 0 bytes, but F32 [1073741824, 1073741824] needs 4611686018427387904"))
        cases.append(("offsets-past-end", try edited(good) { $0["netG.conv_img.bias", "data_offsets"] = [0, 1 << 40] },
                      "tensor 'netG.conv_img.bias' data_offsets [0, 1099511627776] lie outside"))
        cases.append(("tensor-missing", try edited(good) { $0.object["netG.conv_img.bias"] = nil },
                      "missing tensor 'netG.conv_img.bias' that the model config requires"))
        cases.append(("name-with-newline", try edited(good) { $0.object["bad\nname"] = ["dtype": "I32", "shape": [1], "data_offsets": [0, 4]] },
                      "tensor 'bad\\nname' has dtype I32"))
        cases.append(("no-config", try edited(good) { $0.object["__metadata__"] = ["note": "x"] },
                      "no 'spade_studio' model config"))
        cases.append(("config-not-json", try edited(good) { $0.object["__metadata__"] = ["spade_studio": "{nope"] },
                      "model config is not valid"))
        cases.append(("config-missing-key", try edited(good) { $0.config { $0["generator"] = nil } },
                      "model config is not valid: missing key 'generator'"))
        cases.append(("config-value-offset", try edited(good) { $0.config { $0["labels", "value_offset"] = Int.min } },
                      "model config: value_offset -9223372036854775808 must be in -255…255"))
        cases.append(("config-crop", try edited(good) { $0.config { $0["generator", "crop_size"] = 1 << 40 } },
                      "model config: crop_size 1099511627776 must be a multiple of 32 up to 4096"))
        // Weights do not grow with the output size, so this is still a small file; it must not make render allocate GBs.
        cases.append(("config-tall-output", try edited(good) { $0.config {
            $0["generator", "crop_size"] = 4096
            $0["generator", "aspect_ratio"] = 0.0501
        } }, "model config: aspect_ratio 0.0501 gives a 4096x81760 output; the height must be at most 4096"))
        cases.append(("config-label-nc", try edited(good) { $0.config { $0["labels", "label_nc"] = 100_000 } },
                      "model config: label_nc 100000 must be 1…255"))
        for c in cases {
            let path = try write(c.data, c.name + ".safetensors")
            for (args, output) in everyCommand(model: path) {
                try assertFails(args, naming: path, c.problem, output: output)
            }
        }
        for (args, output) in everyCommand(model: dir) {
            try assertFails(args, naming: dir, "is a directory, not a file", output: output)
        }
        for (args, output) in everyCommand(model: dir + "/absent.safetensors") {
            try assertFails(args, naming: dir + "/absent.safetensors", "no such file", output: output)
        }
    }

    // MARK: - Label files (render, bench)

    func testMalformedLabelFilesFailRenderAndBench() throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: labels))
        try PNGFile.write(LabelImage(width: 4, height: 4, values: [UInt8](repeating: 200, count: 16)), to: dir + "/range.png")
        try PNGFile.write(RGBImage(width: 4, height: 4), to: dir + "/rgb.png")
        let cases: [(file: String, problem: String)] = [
            (try write(Data(), "empty.png"), "not a PNG file"),
            (try write(png.prefix(7), "cut-in-signature.png"), "not a PNG file"),
            (try write(png.prefix(20), "cut-in-ihdr.png"), "truncated or corrupt PNG: chunk 'IHDR'"),
            (try write(png.prefix(png.count - 20), "cut-in-data.png"), "truncated or corrupt PNG"),
            (try write(png.prefix(png.count - 12), "no-iend.png"), "truncated PNG: the file ends at byte \(png.count - 12) without an IEND chunk"),
            (try write(Data("GIF89a not a png".utf8), "gif.png"), "not a PNG file"),
            (try write(sixteenBitGrey, "deep.png"), "16-bit PNG; label maps must be 8-bit grey or indexed"),
            (dir + "/rgb.png", "colour PNG; label maps must be 8-bit grey or indexed"),
            (dir + "/range.png", "label value 200 at (x 0, y 0) is not one of the model's classes (valid values 0…3)"),
            (try write(withDimensions(png, width: 100_000, height: 100_000), "huge.png"), "Invalid IHDR data (Image width exceeds user limit in IHDR)"),
            (try write(withDimensions(png, width: 65_536, height: 65_536), "over-pixel-limit.png"),
             "image is 65536x65536, larger than the 67108864-pixel limit"),
            (try write(withDimensions(png, width: 8192, height: 8192), "lying-8192.png"), "Not enough image data"),
            (try write(withChunk(png, "tEXt", declaring: 1 << 30), "text-1GiB.png"),
             "truncated or corrupt PNG: chunk 'tEXt' at byte 33 declares 1073741824 bytes"),
            (dir, "is a directory, not a file"),
            (dir + "/absent.png", "no such file"),
        ]
        for c in cases {
            try assertFails(["render", "--model", model, "--labels", c.file, "--seed", "1", "--out", dir + "/r.png"],
                            naming: c.file, c.problem, output: dir + "/r.png")
            try assertFails(["bench", "--model", model, "--labels", c.file, "--runs", "1"], naming: c.file, c.problem)
        }
    }

    /// A header that claims a huge image must be refused (or fail on its missing data) without the
    /// process touching an image-sized buffer: peak RSS (the child's own ru_maxrss) stays within
    /// 40 MiB of `info` on the same model, and the command fails in under 2 s.
    func testHugeDeclaredDimensionsFailWithoutAllocating() throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: labels))
        let rgb = dir + "/rgb-small.png"
        try PNGFile.write(RGBImage(width: 2, height: 2), to: rgb)
        let rgbPNG = try Data(contentsOf: URL(fileURLWithPath: rgb))
        let baseline = try PeakRun.run(["info", model])
        XCTAssertEqual(baseline.status, 0, baseline.stderr)
        for (width, height) in [(100_000, 100_000), (65_536, 65_536), (8192, 8192), (60_000, 1000)] as [(UInt32, UInt32)] {
            let labelsFile = try write(withDimensions(png, width: width, height: height), "labels-\(width)x\(height).png")
            let styleFile = try write(withDimensions(rgbPNG, width: width, height: height), "style-\(width)x\(height).png")
            let instanceFile = try write(withDimensions(png, width: width, height: height), "inst-\(width)x\(height).png")
            for args in [["render", "--model", model, "--labels", labelsFile, "--out", dir + "/r.png"],
                         ["bench", "--model", model, "--labels", labelsFile, "--runs", "1"],
                         ["encode-style", "--model", model, "--image", styleFile, "--out", dir + "/mu.npy"],
                         ["render", "--model", edgeModel, "--labels", labels, "--instance", instanceFile, "--out", dir + "/r.png"]] as [[String]] {
                let r = try PeakRun.run(args)
                XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
                XCTAssertLessThan(r.seconds, 2, "\(args) took \(r.seconds) s")
                // Measured: every case peaks where `info` does (~27 MiB); the 8192² RGB buffer alone would be 192 MiB.
                XCTAssertLessThan(r.peakMiB, baseline.peakMiB + 40, "\(args) peaked at \(r.peakMiB) MiB (info on the model: \(baseline.peakMiB) MiB)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/r.png"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/mu.npy"))
    }

    // MARK: - Instance maps and latents (render)

    func testMalformedInstanceMapsFailRender() throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: labels))
        try PNGFile.write(LabelImage(width: 3, height: 3, values: [UInt8](repeating: 1, count: 9)), to: dir + "/small.png")
        try PNGFile.write(RGBImage(width: 16, height: 16), to: dir + "/rgb.png")
        let edgeLabels = dir + "/edge-labels.png"
        try PNGFile.write(LabelImage(width: 16, height: 16, values: (0..<256).map { UInt8($0 % 3) }), to: edgeLabels)
        let cases: [(file: String, problem: String)] = [
            (try write(Data(), "empty.png"), "not a PNG file"),
            (try write(png.prefix(png.count / 2), "cut.png"), "truncated or corrupt PNG"),
            (dir + "/small.png", "instance map is 3×3, label map \(edgeLabels) is 16×16"),
            (dir + "/rgb.png", "colour PNG"),
            (dir, "is a directory, not a file"),
        ]
        for c in cases {
            try assertFails(["render", "--model", edgeModel, "--labels", edgeLabels, "--instance", c.file, "--out", dir + "/r.png"],
                            naming: c.file, c.problem, output: dir + "/r.png")
        }
        // Label values outside an edge model's classes, with a good instance map.
        try assertFails(["render", "--model", edgeModel, "--labels", labels, "--instance", edgeLabels, "--out", dir + "/r.png"],
                        naming: labels, "label value 3 at (x 0, y 12) is not one of the model's classes (valid values 0…2)",
                        output: dir + "/r.png")
    }

    func testMalformedLatentsFailRender() throws {
        let z = NpyArray(shape: [256], values: (0..<256).map { Float($0) / 256 }).serialized()
        func npy(_ header: String, payload: Int) -> Data {
            var h = header
            while (10 + h.utf8.count + 1) % 64 != 0 { h += " " }
            h += "\n"
            return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.utf8.count & 0xff), UInt8(h.utf8.count >> 8)])
                + Data(h.utf8) + Data(count: payload)
        }
        let cases: [(data: Data, name: String, problem: String)] = [
            (Data(), "empty.npy", "not a .npy file"),
            (z.prefix(z.count - 4), "cut-in-data.npy", "holds 1020 data bytes, shape (256,) needs 1024"),
            (z.prefix(40), "cut-in-header.npy", "truncated .npy header"),
            (npy("{'descr': '<i4', 'fortran_order': False, 'shape': (256,), }", payload: 1024), "int.npy",
             "dtype '<i4' is not float32"),
            (npy("{'descr': '<f4', 'fortran_order': True, 'shape': (256,), }", payload: 1024), "fortran.npy",
             "Fortran-ordered .npy is not supported"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 1073741824), }", payload: 16), "huge.npy",
             "declared .npy shape (1073741824, 1073741824) is too large"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (256,), }", payload: 16), "lying.npy",
             "holds 16 data bytes, shape (256,) needs 1024"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2\n56,), }", payload: 1024), "newline.npy",
             "bad .npy shape (2\\n56,)"),
            (NpyArray(shape: [2, 128], values: [Float](repeating: 0, count: 256)).serialized(), "2x128.npy",
             "latent has shape [2, 128], the model needs (256,) or (1, 256)"),
        ]
        for c in cases {
            let path = try write(c.data, c.name)
            try assertFails(["render", "--model", model, "--labels", labels, "--latent", path, "--out", dir + "/r.npy"],
                            naming: path, c.problem, output: dir + "/r.npy")
        }
        try assertFails(["render", "--model", model, "--labels", labels, "--latent", dir, "--out", dir + "/r.npy"],
                        naming: dir, "is a directory, not a file", output: dir + "/r.npy")
    }

    // MARK: - Style images (encode-style)

    func testMalformedStyleImagesFailEncodeStyle() throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: style))
        let cases: [(file: String, problem: String)] = [
            (try write(Data(), "empty.png"), "not a PNG file"),
            (try write(png.prefix(png.count - 30), "cut.png"), "truncated or corrupt PNG"),
            (try write(withDimensions(png, width: 100_000, height: 100_000), "huge.png"), "Invalid IHDR data (Image width exceeds user limit in IHDR)"),
            (try write(withChunk(png, "zTXt", declaring: 0x7fff_ffff), "ztxt.png"), "chunk 'zTXt' at byte 33 declares 2147483647 bytes"),
            (dir, "is a directory, not a file"),
        ]
        for c in cases {
            try assertFails(["encode-style", "--model", model, "--image", c.file, "--out", dir + "/mu.npy"],
                            naming: c.file, c.problem, output: dir + "/mu.npy")
        }
        try assertFails(["encode-style", "--model", edgeModel, "--image", style, "--out", dir + "/mu.npy"],
                        naming: edgeModel, "model has no style encoder", output: dir + "/mu.npy")
    }

    // MARK: - Outputs

    func testUnwritableOutputsFailWithoutLeavingFiles() throws {
        let file = try write(Data("x".utf8), "file.png")
        try FileManager.default.createDirectory(atPath: dir + "/taken.png", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/taken.npy", withIntermediateDirectories: false)
        // A path under a regular file, a directory in the way, /proc (not writable even for root).
        let renders: [(out: String, problem: String)] = [
            (file + "/out.png", "directory \(file) does not exist"),
            (file + "/out.npy", "directory \(file) does not exist"),
            (dir + "/taken.png", "is a directory, not a file"),
            (dir + "/taken.npy", "is a directory, not a file"),
            ("/proc/spade-out.png", "cannot write"),
            ("/proc/spade-out.npy", "cannot write"),
            (dir + "/out.jpg", "output must end in .png or .npy"),
        ]
        for c in renders {
            try assertFails(["render", "--model", model, "--labels", labels, "--seed", "2", "--out", c.out], naming: c.out, c.problem,
                            output: c.out.hasPrefix(dir + "/taken") ? nil : c.out)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/taken.png"), [])
        for c in [(out: file + "/mu.npy", problem: "directory \(file) does not exist"),
                  (out: dir + "/taken.npy", problem: "is a directory, not a file"),
                  (out: "/proc/spade-mu.npy", problem: "cannot write"),
                  (out: dir + "/mu.png", problem: "output must end in .npy")] {
            try assertFails(["encode-style", "--model", model, "--image", style, "--out", c.out], naming: c.out, c.problem,
                            output: c.out.hasSuffix("taken.npy") ? nil : c.out)
        }
        try assertFails(["render", "--model", model, "--labels", labels, "--variants", "2", "--out", file], naming: file,
                        "--variants writes into a directory, and this is a file")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), Data("x".utf8), "the file in the way was changed")
        // A directory that does not exist yet is made (with its parents); one that cannot be made is an error.
        let fresh = dir + "/new/variants"
        XCTAssertEqual(try CLIRunner.run(["render", "--model", model, "--labels", labels, "--variants", "2", "--out", fresh]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh + "/sheet.png"))
        try assertFails(["render", "--model", model, "--labels", labels, "--variants", "2", "--out", "/proc/spade-variants"],
                        naming: "/proc/spade-variants", "cannot create the --variants directory")
    }

    // MARK: - File builders

    var sixteenBitGrey: Data {
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABEAAAAABq7kcWAAAAC0lEQVR4nGNgZAIAAAcABHZJ4ygAAAAASUVORK5CYII=")!
    }

    func lengthPrefix(_ n: UInt64) -> Data { withUnsafeBytes(of: n.littleEndian) { Data($0) } }

    /// `png` with the IHDR's width and height replaced (and its CRC fixed); the pixel data stays as it was.
    func withDimensions(_ png: Data, width: UInt32, height: UInt32) -> Data {
        var bytes = [UInt8](png)
        precondition(Array(bytes[12..<16]) == Array("IHDR".utf8))
        for (i, v) in [width, height].enumerated() {
            for b in 0..<4 { bytes[16 + 4 * i + b] = UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32(b))) }
        }
        let crc = crc32(bytes[12..<29])
        for b in 0..<4 { bytes[29 + b] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(b))) }
        return Data(bytes)
    }

    /// `png` with a chunk of `type` right after IHDR that declares `length` bytes but holds 4.
    func withChunk(_ png: Data, _ type: String, declaring length: UInt32) -> Data {
        var chunk = [UInt8]()
        for b in 0..<4 { chunk.append(UInt8(truncatingIfNeeded: length >> (24 - 8 * UInt32(b)))) }
        chunk += Array(type.utf8) + Array("abcd".utf8) + [0, 0, 0, 0]
        return png.prefix(33) + Data(chunk) + png.dropFirst(33)
    }

    func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The model file `good` with its JSON header edited (the data section is kept byte for byte).
    func edited(_ good: Data, _ edit: (inout Header) throws -> Void) throws -> Data {
        let length = Int(good.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        var header = Header(object: try JSONSerialization.jsonObject(with: good.subdata(in: 8..<8 + length)) as! [String: Any])
        try edit(&header)
        let json = try JSONSerialization.data(withJSONObject: header.object, options: [.sortedKeys])
        return lengthPrefix(UInt64(json.count)) + json + good.dropFirst(8 + length)
    }

    /// A safetensors header as a mutable JSON object.
    struct Header {
        var object: [String: Any]

        subscript(tensor: String, field: String) -> Any? {
            get { (object[tensor] as? [String: Any])?[field] }
            set {
                var entry = object[tensor] as! [String: Any]
                entry[field] = newValue
                object[tensor] = entry
            }
        }

        /// Edits the model config (the JSON string under `__metadata__.spade_studio`).
        mutating func config(_ edit: (inout JSONObject) -> Void) {
            var metadata = object["__metadata__"] as! [String: String]
            var config = JSONObject(object: try! JSONSerialization.jsonObject(with: Data(metadata["spade_studio"]!.utf8)) as! [String: Any])
            edit(&config)
            metadata["spade_studio"] = String(decoding: try! JSONSerialization.data(withJSONObject: config.object), as: UTF8.self)
            object["__metadata__"] = metadata
        }
    }

    struct JSONObject {
        var object: [String: Any]

        subscript(key: String) -> Any? {
            get { object[key] }
            set { object[key] = newValue }
        }

        subscript(section: String, key: String) -> Any? {
            get { (object[section] as? [String: Any])?[key] }
            set {
                var inner = object[section] as! [String: Any]
                inner[key] = newValue
                object[section] = inner
            }
        }
    }
}

/// Runs the CLI with posix_spawn and wait4, so the child's own peak resident set (ru_maxrss) and wall
/// time can be read; stdout and stderr go to files (no pipe to fill up).
enum PeakRun {
    struct Result {
        let status: Int32
        let stderr: String
        let seconds: Double
        let peakMiB: Double
    }

    static func run(_ arguments: [String]) throws -> Result {
        let base = NSTemporaryDirectory() + "peak-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([CLIRunner.binary] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, CLIRunner.binary, &actions, nil, argv + [nil], environ)
        guard spawned == 0 else { throw FileError(CLIRunner.binary, "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exited = status & 0x7f == 0
        let stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stderr: stderr, seconds: seconds,
                      peakMiB: Double(usage.ru_maxrss) / 1024)
    }
}

/// The small things a script writer meets first.
final class HeadlessConveniencesTests: XCTestCase {
    func testVersionAndANegativeSeedSayWhatTheyAre() throws {
        let version = try CLIRunner.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let seed = try CLIRunner.run(["render", "--labels", "x.png", "--seed", "-1", "--out", "/tmp/never.png"])
        XCTAssertNotEqual(seed.status, 0)
        XCTAssertTrue(seed.stderr.contains("The value '-1' is invalid for '--seed"), seed.stderr)
        let typo = try CLIRunner.run(["rendr", "--model", "m.safetensors"])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(typo.stderr.contains("'rendr' is not a command; the commands are studio, render"), typo.stderr)
    }
}
