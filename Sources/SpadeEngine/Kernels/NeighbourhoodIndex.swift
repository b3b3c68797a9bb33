/// Numbers the distinct label neighbourhoods of a map: each (2·radius + 1)² window — its classes,
/// edge flags, and which of its pixels fall outside the map — gets an index the first time it is
/// seen. Whatever depends only on such a window (a pixel's hidden vector, its γ and β) is then
/// computed once per distinct window; along a painted boundary the same few windows repeat.
struct NeighbourhoodIndex {
    let labels: LabelMap
    let radius: Int
    /// A pixel (`y · width + x`) holding each distinct neighbourhood, by index.
    private(set) var representatives: [Int] = []
    /// Indices by hash; equal hashes are told apart by comparing the windows.
    private var buckets: [UInt64: [Int32]] = [:]

    init(_ labels: LabelMap, radius: Int) {
        self.labels = labels
        self.radius = radius
    }

    var count: Int { representatives.count }

    /// Class and edge flag of a pixel together; −1 outside the map.
    @inline(__always) func key(_ x: Int, _ y: Int) -> Int32 {
        guard x >= 0 && y >= 0 && x < labels.width && y < labels.height else { return -1 }
        let i = y * labels.width + x
        return Int32(labels.classes[i]) * 2 + Int32(labels.edges?[i] ?? 0)
    }

    /// The index of the neighbourhood around (x, y).
    mutating func index(x: Int, y: Int) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a over the window's keys
        for dy in -radius...radius {
            for dx in -radius...radius { hash = (hash ^ UInt64(bitPattern: Int64(key(x + dx, y + dy)))) &* 0x100_0000_01b3 }
        }
        if let found = buckets[hash]?.first(where: { sameWindow(representatives[Int($0)], x, y) }) { return found }
        let index = Int32(representatives.count)
        buckets[hash, default: []].append(index)
        representatives.append(y * labels.width + x)
        return index
    }

    private func sameWindow(_ pixel: Int, _ x: Int, _ y: Int) -> Bool {
        let px = pixel % labels.width, py = pixel / labels.width
        for dy in -radius...radius {
            for dx in -radius...radius where key(px + dx, py + dy) != key(x + dx, y + dy) { return false }
        }
        return true
    }
}
