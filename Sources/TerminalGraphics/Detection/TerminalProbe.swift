#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the terminal whether it speaks kitty's graphics protocol (``KittyEncoder/query``) and for
/// its Primary Device Attributes (DA1, `ESC [ c`), and returns the reply: the live half of
/// ``TerminalCapabilities``. Every terminal answers DA1, in order, so its answer ends the wait;
/// kitty's answer, where there is one, comes before it.
///
/// Opens `/dev/tty` directly so it works when stdin/stdout are redirected, switches it to
/// non-canonical no-echo mode for the duration, and waits at most `timeoutMilliseconds`
/// (250 ms, as timg does): a terminal that does not answer must not stall start-up. Call it
/// before ncurses takes the terminal over.
public enum TerminalProbe {
    /// The reply (e.g. `"\u{1B}[?62;4;22c"`), or nil with no terminal or no reply in time.
    public static func query(timeoutMilliseconds: Int = 250) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }

        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(fd, TCSANOW, &saved) }

        let request: [UInt8] = KittyEncoder.query + [0x1B, UInt8(ascii: "["), UInt8(ascii: "c")]
        guard write(fd, request, request.count) == request.count else { return nil }

        var reply: [UInt8] = []
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 64)
        while reply.count < 256 {
            let remaining = deadline - monotonicMilliseconds()
            guard remaining > 0 else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining)) > 0 else { break }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            reply.append(contentsOf: buffer[0..<count])
            // The reply ends with DA1's 'c', after its ESC [ ?.
            if let escape = reply.lastIndex(of: 0x1B), reply[escape...].starts(with: [0x1B, UInt8(ascii: "[")]),
               reply[escape...].contains(UInt8(ascii: "c")) {
                return String(decoding: reply, as: UTF8.self)
            }
        }
        return nil
    }

    private static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }
}
