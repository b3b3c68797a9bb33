import Foundation
import ImageIO
import SpadeEngine
import StudioCore
import XCTest
@testable import StudioUI

final class RenderWorkerTests: XCTestCase {
    var directory: String!
    var model: SPADEModel!

    override func setUpWithError() throws {
        directory = try temporaryDirectory()
        model = try writeRandomModel(in: directory)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// Collects mailbox events until `done` says so (or 20 s pass).
    func events(from worker: RenderWorker, until done: ([WorkerEvent]) -> Bool) -> [WorkerEvent] {
        var all: [WorkerEvent] = []
        let deadline = Date().addingTimeInterval(20)
        while !done(all) && Date() < deadline {
            all += worker.mailbox.drain()
            Thread.sleep(forTimeInterval: 0.005)
        }
        return all
    }

    func frames(_ events: [WorkerEvent]) -> [RenderedFrame] {
        events.compactMap { if case let .frame(f) = $0 { return f } else { return nil } }
    }

    func idle(_ generation: UInt64) -> ([WorkerEvent]) -> Bool {
        { $0.contains { if case .idle(generation) = $0 { return true } else { return false } } }
    }

    func exact(_ canvas: LabelCanvas, z: [Float]?) throws -> RGBImage {
        let labels = try model.encodeLabels(LabelImage(width: canvas.width, height: canvas.height, values: canvas.pixels), path: "t")
        return rgbImage(model.render(labels, z: z))
    }

    func testCoalescedJobsEndWithTheExactRenderOfTheLastCanvas() throws {
        let worker = RenderWorker()
        let session = RenderSession(model: model)
        let z = LatentState(seed: 3).latent(dim: 256)
        var canvas = LabelCanvas(width: 64, height: 64, fill: 0)
        var last: UInt64 = 0
        for i in 0..<20 {
            canvas[i, i] = UInt8(1 + i % 3)
            last = worker.submit(RenderJob(target: .labels(session), canvas: canvas, z: z,
                                           changed: PixelRect(x0: i / 2, y0: i / 2, x1: i / 2 + 1, y1: i / 2 + 1),
                                           strokeInProgress: false))
        }
        let all = events(from: worker, until: idle(last))
        let rendered = frames(all)
        XCTAssertLessThan(rendered.count, 20, "waiting jobs were replaced by newer ones")
        XCTAssertEqual(rendered.last?.shown, .exact)
        XCTAssertEqual(rendered.last?.generation, last)
        XCTAssertEqual(rendered.last?.image, try exact(canvas, z: z))
    }

    func testStrokePreviewIsFollowedByTheExactRender() throws {
        let worker = RenderWorker()
        let session = RenderSession(model: model)
        let z = LatentState(seed: 1).latent(dim: 256)
        var canvas = LabelCanvas(width: 32, height: 32, fill: 0)
        let first = worker.submit(RenderJob(target: .labels(session), canvas: canvas, z: z, changed: nil, strokeInProgress: false))
        _ = events(from: worker, until: idle(first))
        for y in 10..<13 { for x in 10..<13 { canvas[x, y] = 2 } }
        let stroke = worker.submit(RenderJob(target: .labels(session), canvas: canvas, z: z,
                                             changed: PixelRect(x0: 10, y0: 10, x1: 13, y1: 13), strokeInProgress: true))
        let rendered = frames(events(from: worker, until: idle(stroke)))
        XCTAssertEqual(rendered.map(\.shown), [.preview, .exact])
        XCTAssertEqual(rendered.last?.image, try exact(canvas, z: z))
    }

    func testInterpolationShowsEachStepAndEndsExact() throws {
        let worker = RenderWorker()
        let session = RenderSession(model: model)
        let canvas = LabelCanvas(width: 32, height: 32, fill: 1)
        let a = LatentState(seed: 1).latent(dim: 256), b = LatentState(seed: 2).latent(dim: 256)
        let path = LatentState.lerp(a, b, steps: 4)
        let job = worker.submit(RenderJob(target: .labels(session), canvas: canvas, z: b, changed: nil, strokeInProgress: false,
                                          interpolation: path))
        let rendered = frames(events(from: worker, until: idle(job)))
        XCTAssertEqual(rendered.map(\.shown), [.step(1, of: 4), .step(2, of: 4), .step(3, of: 4), .exact])
        XCTAssertEqual(rendered.last?.image, try exact(canvas, z: b))
    }

    func testLabelsTheModelLacksAreReportedNotRendered() {
        let worker = RenderWorker()
        let canvas = LabelCanvas(width: 8, height: 8, fill: 9)
        let job = worker.submit(RenderJob(target: .labels(RenderSession(model: model)), canvas: canvas, z: nil, changed: nil,
                                          strokeInProgress: false))
        let all = events(from: worker, until: idle(job))
        XCTAssertTrue(frames(all).isEmpty)
        XCTAssertTrue(all.contains { if case let .renderFailed(text) = $0 { return text.contains("label value 9") } else { return false } })
    }

    func testTasksRunInOrderAfterQueuedRenders() {
        let worker = RenderWorker()
        worker.submit(RenderJob(target: .labels(RenderSession(model: model)), canvas: LabelCanvas(width: 8, height: 8),
                                z: LatentState().latent(dim: 256), changed: nil, strokeInProgress: false))
        worker.perform { .exported(paths: ["done"]) }
        let all = events(from: worker, until: { $0.contains { if case .exported = $0 { return true } else { return false } } })
        let frameIndex = all.firstIndex { if case .frame = $0 { return true } else { return false } }
        let taskIndex = all.firstIndex { if case .exported = $0 { return true } else { return false } }
        XCTAssertNotNil(frameIndex)
        XCTAssertLessThan(frameIndex!, taskIndex!)
    }

    func testModelRectRoundsOutwards() {
        let rect = RenderJob.modelRect(Rect(x: 1, y: 1, width: 1, height: 1), canvasWidth: 64, canvasHeight: 64, width: 32, height: 32)
        XCTAssertEqual(rect, PixelRect(x0: 0, y0: 0, x1: 1, y1: 1))
        let up = RenderJob.modelRect(Rect(x: 3, y: 0, width: 2, height: 1), canvasWidth: 16, canvasHeight: 16, width: 64, height: 64)
        XCTAssertEqual(up, PixelRect(x0: 12, y0: 0, x1: 20, y1: 4))
    }
}
