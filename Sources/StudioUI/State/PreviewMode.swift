/// What the preview panel shows (key `v` cycles).
public enum PreviewMode: String, CaseIterable, Sendable {
    /// The generator's output.
    case render
    /// The label canvas in palette colours.
    case labels
    /// Labels at half opacity over the render, to check what landed where.
    case blend

    /// The mode `v` switches to.
    public var next: PreviewMode {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
