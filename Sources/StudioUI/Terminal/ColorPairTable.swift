/// Colour-pair numbers for the (foreground, background) combinations a frame draws.
///
/// ncurses has a fixed number of pairs (65 536 on xterm-direct). A true-colour preview needs a
/// new pair for nearly every cell of every new render, so pairs run out within a few dozen
/// renders; ncurses' own `alloc_pair` then recycles the least recently allocated pair, which is
/// typically one the unchanged canvas still shows on screen, so canvas cells took other colours.
/// Because every frame draws the whole screen, the table instead starts a new generation at the
/// start of a frame that might not fit: every pair is then assigned afresh and the whole screen
/// is repainted once, so no pair on screen ever changes meaning.
struct ColorPairTable {
    /// Colours as ncurses colour numbers; -1 is the terminal's default.
    struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Usable pairs: 1 ..< capacity + 1 (pair 0 is the default colours).
    let capacity: Int
    /// Every combination of `colors` colours and the default fits at once: nothing is ever reset.
    private let holdsEveryCombination: Bool
    private var numbers: [Key: Int32] = [:]

    /// - Parameters:
    ///   - pairs: the terminal's pair count (`COLOR_PAIRS`).
    ///   - colors: how many colour numbers the terminal has (`COLORS`).
    init(pairs: Int, colors: Int) {
        capacity = max(0, pairs - 1)
        let combinations = (colors + 1) * (colors + 1) - 1
        holdsEveryCombination = colors < 1 << 12 && combinations <= capacity
    }

    /// Pairs handed out in this generation.
    var used: Int { numbers.count }

    /// Whether a frame of `cells` cells might need more pairs than are left; if so the caller
    /// starts a new generation (``reset()``) before drawing it.
    func needsNewGeneration(forCells cells: Int) -> Bool {
        !holdsEveryCombination && used + min(cells, capacity) > capacity
    }

    /// Forgets every assignment.
    mutating func reset() {
        numbers.removeAll(keepingCapacity: true)
    }

    /// The pair for `key` and whether it is new (the caller then initialises it); nil when a
    /// single frame needs more pairs than the terminal has.
    mutating func number(for key: Key) -> (number: Int32, isNew: Bool)? {
        if let known = numbers[key] { return (known, false) }
        guard numbers.count < capacity else { return nil }
        let number = Int32(numbers.count + 1)
        numbers[key] = number
        return (number, true)
    }
}
