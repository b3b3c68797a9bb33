import Foundation

/// Messages from the render worker to the UI loop: posted from any thread, drained by the main
/// thread each time round its input loop (so ncurses is only ever touched there).
public final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []  // guarded by lock

    public init() {}

    /// Adds a message; safe from any thread.
    public func post(_ message: Message) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    /// Everything posted since the last drain, oldest first.
    public func drain() -> [Message] {
        lock.lock()
        defer { lock.unlock() }
        let taken = messages
        messages.removeAll(keepingCapacity: true)
        return taken
    }
}
