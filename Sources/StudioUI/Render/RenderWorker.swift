import Foundation
import ImageIO
import SpadeEngine

/// The background renderer: a serial Dispatch queue that owns the ``RenderSession``s (and
/// paint-to-image models) it is handed, so the UI thread never waits for the generator.
///
/// Render jobs coalesce: a job submitted while another waits replaces it (latest wins; their
/// changed regions merge). A running render is cancelled between generator blocks as soon as a
/// newer job arrives (the `isCancelled` closure reads the generation counter under the lock).
/// During a stroke, when the session can, a job is first answered with a fast windowed
/// `preview`; the exact render follows once the worker is idle (or at once when the stroke
/// has ended) and replaces it. Results go to ``mailbox``, which the UI loop polls.
public final class RenderWorker: @unchecked Sendable {
    /// The shortest time an interpolation frame stays on screen, so 8 fast frames still read as
    /// an animation.
    public static let interpolationFrameSeconds = 0.12

    /// Frames, idle reports and task results, for the UI loop to drain.
    public let mailbox = Mailbox<WorkerEvent>()
    private let queue = DispatchQueue(label: "spade-studio.render", qos: .userInitiated)

    private let lock = NSLock()
    // Guarded by `lock`:
    private var pending: (job: RenderJob, generation: UInt64)?
    private var generation: UInt64 = 0
    private var draining = false

    // Touched only on `queue`: the model-pixel region whose labels the session's cached trace
    // does not reflect yet (what a preview must recompute), and the session it refers to.
    private var untraced: PixelRect?
    private var tracedSession: ObjectIdentifier?

    public init() {}

    // MARK: - Renders

    /// Queues a render, replacing any job still waiting.
    /// - Returns: the job's generation, matched by ``WorkerEvent/idle(generation:)``.
    @discardableResult
    public func submit(_ job: RenderJob) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        generation += 1
        var job = job
        if let older = pending?.job, let session = older.session, session === job.session {
            job.changed = Self.union(older.changed, job.changed)
        }
        pending = (job, generation)
        if !draining {
            draining = true
            queue.async { self.drain() }
        }
        return generation
    }

    /// Runs `task` on the worker's queue after the work already queued (exports, style
    /// encoding, model loading) and posts its result.
    public func perform(_ task: @escaping @Sendable () -> WorkerEvent) {
        queue.async { self.mailbox.post(task()) }
    }

    /// Whether a newer job has been submitted since `generation`.
    private func isSuperseded(_ generation: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return self.generation != generation
    }

    private func drain() {
        while let (job, generation) = takePending() {
            run(job, generation: generation)
        }
        // Idle: give the freed render buffers back to the system (glibc keeps freed heap in its
        // arenas), so the studio's resident memory follows what it holds, not its past peaks.
        EngineMemory.releaseUnused()
    }

    private func takePending() -> (RenderJob, UInt64)? {
        lock.lock()
        defer { lock.unlock() }
        guard let next = pending else {
            draining = false
            mailbox.post(.idle(generation: generation))
            return nil
        }
        pending = nil
        return next
    }

    private func run(_ job: RenderJob, generation: UInt64) {
        let session: RenderSession
        switch job.target {
        case let .labels(labelsSession):
            session = labelsSession
        case let .paintToImage(painting):
            let start = DispatchTime.now()
            post(painting.render(job.canvas), .exact, since: start, generation: generation)
            return
        }
        if tracedSession != ObjectIdentifier(session) {
            tracedSession = ObjectIdentifier(session)
            untraced = nil
        }
        let labels: LabelMap
        do {
            let raw = LabelImage(width: job.canvas.width, height: job.canvas.height, values: job.canvas.pixels)
            labels = try session.model.encodeLabels(raw, path: "canvas")
        } catch {
            mailbox.post(.renderFailed("\(error)"))
            return
        }
        untraced = Self.union(untraced, job.changed)
        let cancelled = { self.isSuperseded(generation) }

        if let path = job.interpolation {
            animate(path, labels: labels, session: session, generation: generation, cancelled: cancelled)
            return
        }
        // A preview is only worth its approximation when it recomputes less than half the image.
        if job.strokeInProgress, let window = untraced, window.area * 2 < labels.width * labels.height,
           session.canPreview(z: job.z) {
            let start = DispatchTime.now()
            let out = session.preview(labels, z: job.z, changed: window)
            untraced = nil
            post(out, .preview, since: start, generation: generation)
            if hasPending() { return }
        }
        let start = DispatchTime.now()
        guard let out = session.render(labels, z: job.z, isCancelled: cancelled) else { return }
        untraced = nil
        post(out, .exact, since: start, generation: generation)
    }

    /// Renders each latent of `path` in turn; the last one is the current latent, so its frame is
    /// the exact render.
    private func animate(_ path: [[Float]], labels: LabelMap, session: RenderSession, generation: UInt64,
                         cancelled: () -> Bool) {
        for (index, z) in path.enumerated() {
            let start = DispatchTime.now()
            guard !cancelled(), let out = session.render(labels, z: z, isCancelled: cancelled) else { return }
            untraced = nil
            let last = index == path.count - 1
            post(out, last ? .exact : .step(index + 1, of: path.count), since: start, generation: generation)
            if last { return }
            while Self.seconds(since: start) < Self.interpolationFrameSeconds && !cancelled() {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    private func hasPending() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return pending != nil
    }

    private func post(_ out: Tensor, _ shown: RenderStatus.Shown, since start: DispatchTime, generation: UInt64) {
        post(rgbImage(out), shown, since: start, generation: generation)
    }

    private func post(_ image: RGBImage, _ shown: RenderStatus.Shown, since start: DispatchTime, generation: UInt64) {
        let milliseconds = Self.seconds(since: start) * 1000
        mailbox.post(.frame(RenderedFrame(image: image, shown: shown, milliseconds: milliseconds,
                                          generation: generation)))
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static func union(_ a: PixelRect?, _ b: PixelRect?) -> PixelRect? {
        switch (a, b) {
        case let (a?, b?): return a.union(b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }
}
