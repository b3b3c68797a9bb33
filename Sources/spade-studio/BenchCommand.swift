import ArgumentParser
import Foundation
import ImageIO
import SinGAN
import SpadeEngine
import SpadeLatent
import StudioCore
import StudioUI
import TerminalGraphics

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time warm renders at the model's size; prints key=value lines.",
        discussion: """
            A SPADE model: full renders, latent changes, stroke previews and frame encoding. A SinGAN model: \
            the studio's paint-to-image render (of the photograph's layout as a painting) at every injection \
            scale, and a random sample.
            """)

    @OptionGroup var engine: EngineOptions

    @Option(help: "Label map to render (default: a built-in landscape-like layout).")
    var labels: String?

    @Option(help: "Timed runs after one warm-up.")
    var runs: Int = 5

    func run() throws {
        try reportingErrors {
            guard runs >= 1 else { throw CLIError("--runs must be at least 1") }
            if try SinGANModel.isSinGANFile(engine.modelPath) {
                guard labels == nil else { throw CLIError("--labels is for SPADE models; a SinGAN model is timed on its photograph's layout") }
                try engine.applyThreads()
                return try benchSinGAN(try SinGANModel(path: engine.modelPath))
            }
            let model = try engine.load()
            let labelMap = try labels.map { try loadLabels($0, instance: nil, for: model) } ?? builtInLabels(for: model)
            let z = try loadLatent(for: model, latentPath: nil, seed: 1, truncation: nil)
            let generator = model.generator
            _ = model.render(labelMap, z: z)
            let full = medianMilliseconds(runs) { _ = model.render(labelMap, z: z) }
            // A latent change keeps the labels, so the conditioning (every γ, β) is reused.
            let conditioning = generator.condition(on: labelMap)
            let conditionMs = medianMilliseconds(runs) { _ = generator.condition(on: labelMap) }
            let latents = (0..<runs).map { try? loadLatent(for: model, latentPath: nil, seed: UInt64($0 + 2), truncation: nil) }
            var index = 0
            let latent = medianMilliseconds(runs) {
                _ = generator(conditioning, z: latents[index] ?? nil)
                index += 1
            }
            let macs = Double(generator.macsPerRender)
            let dab1 = dabTimings(model, labelMap, z: z, areaFraction: 0.01)
            let dab5 = dabTimings(model, labelMap, z: z, areaFraction: 0.05)
            let (halfBlockMs, sixelMs) = frameTimings(rgbImage(model.render(labelMap, z: z)))
            printMachine(model: model.config.name, width: model.config.outputWidth, height: model.config.outputHeight)
            print(String(format: "full_ms=%.2f", full))
            print(String(format: "latent_ms=%.2f", latent))
            print(String(format: "condition_ms=%.2f", conditionMs))
            print(String(format: "dab1_ms=%.2f", dab1.ms))
            print(String(format: "dab5_ms=%.2f", dab5.ms))
            print(String(format: "dab1_psnr_db=%.2f", dab1.psnr))
            print(String(format: "dab5_psnr_db=%.2f", dab5.psnr))
            print(String(format: "frame_ms=%.2f", max(halfBlockMs, sixelMs)))
            print(String(format: "frame_halfblock_ms=%.2f", halfBlockMs))
            print(String(format: "frame_sixel_ms=%.2f", sixelMs))
            print(String(format: "boundary_fraction=%.3f", conditioning.boundaryFraction))
            print(String(format: "computed_fraction=%.3f", conditioning.computedFraction))
            print(String(format: "gmacs=%.3f", macs / 1e9))
            print(String(format: "gmac_per_s=%.2f", macs / 1e9 / (full / 1000)))
            print(String(format: "peak_rss_mb=%.1f", peakResidentMegabytes()))
        }
    }

    /// The lines every bench starts with: the model, its size, the threads, the CPU and the kernels chosen.
    func printMachine(model: String, width: Int, height: Int) {
        print("model=\(model)")
        print("size=\(width)x\(height)")
        print("threads=\(EngineThreads.count)")
        print("cpu=\(CPUFeatures.current.summary)")
        print("cpu_extensions=\(CPUFeatures.current.extensions.sorted().map(\.rawValue).joined(separator: ","))")
        print("blas_kernel=\(BLAS.kernel)")
        print("simd=\(SIMDPath.active.rawValue)")
        print("runs=\(runs)")
    }

    /// Paint-to-image as the studio runs it (the photograph's layout as the painting, every
    /// injection scale), a random sample, and the frame encoding.
    func benchSinGAN(_ model: SinGANModel) throws {
        let palette = try SinGANPainting.palette(for: model)
        let canvas = SinGANPainting.photoLayout(of: model, palette: palette)
        let (height, width) = model.outputSize
        printMachine(model: model.config.name, width: width, height: height)
        print("kind=singan")
        print("scales=\(model.config.scales.count)")
        for scale in model.config.scales.indices {
            let painting = SinGANPainting(model: model, palette: palette, injectScale: scale, seed: 1)
            _ = painting.render(canvas)
            print(String(format: "paint_scale\(scale)_ms=%.2f", medianMilliseconds(runs) { _ = painting.render(canvas) }))
        }
        _ = model.sample(seed: 1)
        print(String(format: "sample_ms=%.2f", medianMilliseconds(runs) { _ = model.sample(seed: 2) }))
        let (halfBlockMs, sixelMs) = frameTimings(rgbImage(model.sample(seed: 1)))
        print(String(format: "frame_halfblock_ms=%.2f", halfBlockMs))
        print(String(format: "frame_sixel_ms=%.2f", sixelMs))
        print(String(format: "gmacs=%.3f", Double(model.macsPerRender) / 1e9))
        print(String(format: "peak_rss_mb=%.1f", peakResidentMegabytes()))
    }

    /// Median time of a stroke preview after a random disc-shaped dab covering `areaFraction` of the
    /// image, and the mean PSNR (dB, peak-to-peak 2) of such previews against exact renders.
    func dabTimings(_ model: SPADEModel, _ base: LabelMap, z: [Float]?, areaFraction: Double) -> (ms: Double, psnr: Double) {
        var rng = SplitMix64(seed: 99)
        let w = base.width, h = base.height, classes = model.config.labels.labelNC
        let radius = max(1, Int((areaFraction * Double(w * h) / Double.pi).squareRoot().rounded()))
        var times: [Double] = [], psnrs: [Double] = []
        for _ in 0..<runs {
            let cx = Int(rng.next() % UInt64(w)), cy = Int(rng.next() % UInt64(h))
            // A class other than the one under the dab's centre, so the dab changes something.
            let cls = UInt8((Int(base.classes[cy * w + cx]) + 1 + Int(rng.next() % UInt64(max(1, classes - 1)))) % classes)
            var edited = base
            for y in max(0, cy - radius)..<min(h, cy + radius + 1) {
                for x in max(0, cx - radius)..<min(w, cx + radius + 1) where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius {
                    edited.classes[y * w + x] = cls
                }
            }
            if let edges = base.edges { edited.edges = edges }
            let changed = PixelRect(x0: max(0, cx - radius), y0: max(0, cy - radius), x1: min(w, cx + radius + 1), y1: min(h, cy + radius + 1))
            let session = RenderSession(model: model)
            _ = session.render(base, z: z)
            let start = DispatchTime.now().uptimeNanoseconds
            let preview = session.preview(edited, z: z, changed: changed)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            let exact = model.render(edited, z: z)
            let mse = zip(preview.data, exact.data).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / Double(exact.count)
            psnrs.append(mse == 0 ? 99 : 10 * log10(4 / mse))
        }
        return (times.sorted()[times.count / 2], psnrs.reduce(0, +) / Double(psnrs.count))
    }

    /// Median time to encode a render for the terminal: half-block cells for a 60×30-cell panel, and sixel.
    func frameTimings(_ image: RGBImage) -> (halfBlock: Double, sixel: Double) {
        let frame = RGBFrame(width: image.width, height: image.height, pixels: image.pixels)
        let encoder = HalfBlockEncoder(depth: .trueColor)
        let halfBlock = medianMilliseconds(runs) { _ = encoder.cells(frame, fittingColumns: 60, rows: 30) }
        let sixel = medianMilliseconds(runs) { _ = SixelEncoder().encode(frame) }
        return (halfBlock, sixel)
    }

    /// Horizon, a ridge and a lake in the model's first classes, so bench runs without a file.
    func builtInLabels(for model: SPADEModel) -> LabelMap {
        let w = model.config.outputWidth, h = model.config.outputHeight
        let n = model.config.labels.labelNC
        var classes = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let ridge = Double(h) * (0.4 + 0.1 * sin(Double(x) / Double(w) * 7))
                let region = y < Int(ridge) ? 0 : (y < h * 3 / 4 ? 1 : (x < w / 2 ? 2 : 3))
                classes[y * w + x] = UInt8((region * max(1, n / 4)) % n)
            }
        }
        let edges = model.config.labels.instanceEdges ? instanceEdges(classes.map(UInt16.init), width: w, height: h) : nil
        return LabelMap(width: w, height: h, classes: classes, edges: edges)
    }
}

/// Median wall time of `runs` calls of `body`, in milliseconds.
func medianMilliseconds(_ runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}

/// Peak resident set size of this process (VmHWM), in MiB.
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}
