import ImageCore

/// Turns label-file values into the generator's input, as the official data loaders do: a shift
/// (ADE20K stores class + 1), dontcare values onto the extra channel, and the instance-edge flag.
public struct LabelEncoder: Sendable {
    public let labels: SPADEConfig.LabelConfig

    public init(_ labels: SPADEConfig.LabelConfig) { self.labels = labels }

    /// The hot channel of raw value `v`, or nil if `v` is not a class of this model.
    public func channel(ofRaw v: Int) -> Int? {
        if labels.containDontcareLabel && labels.dontcareValues.contains(v) { return labels.labelNC }
        let c = v + labels.valueOffset
        return (0..<labels.labelNC).contains(c) ? c : nil
    }

    /// Throws naming `path` and the first value, at its position in the file, that is not a class.
    public func validate(_ raw: LabelImage, path: String) throws {
        let valid = (0..<256).map { channel(ofRaw: $0) != nil }
        if let i = raw.values.firstIndex(where: { !valid[Int($0)] }) {
            throw FileError(path, "label value \(raw.values[i]) at (x \(i % raw.width), y \(i / raw.width)) is not one of the model's classes (\(validRangeDescription))")
        }
    }

    /// Encodes a label image already at the model's size. `instance`, if given, supplies instance ids
    /// for the edge channel; without it, edges are drawn between different label values.
    /// Throws naming `path` and the first value that is not one of the model's classes.
    public func encode(_ raw: LabelImage, instance: [UInt16]? = nil, path: String) throws -> LabelMap {
        try validate(raw, path: path)
        let table = (0..<256).map { UInt8(channel(ofRaw: $0) ?? 0) }
        let classes = raw.values.map { table[Int($0)] }
        var edges: [UInt8]?
        if labels.instanceEdges {
            edges = instanceEdges(instance ?? raw.values.map(UInt16.init), width: raw.width, height: raw.height)
        }
        return LabelMap(width: raw.width, height: raw.height, classes: classes, edges: edges)
    }

    var validRangeDescription: String {
        let lo = -labels.valueOffset, hi = labels.labelNC - 1 - labels.valueOffset
        var text = "valid values \(lo)…\(hi)"
        if labels.containDontcareLabel && !labels.dontcareValues.isEmpty {
            text += ", dontcare " + labels.dontcareValues.map(String.init).joined(separator: ", ")
        }
        return text
    }
}

/// 1 where a pixel's instance id differs from a 4-neighbour's (both sides of a boundary), else 0.
public func instanceEdges(_ ids: [UInt16], width: Int, height: Int) -> [UInt8] {
    var e = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
        for x in 0..<width {
            let i = y * width + x
            if x + 1 < width && ids[i] != ids[i + 1] { e[i] = 1; e[i + 1] = 1 }
            if y + 1 < height && ids[i] != ids[i + width] { e[i] = 1; e[i + width] = 1 }
        }
    }
    return e
}

/// Nearest-neighbour resize of raw values that brings a label file to the model's size, as the
/// official data loader does it (torchvision `Resize` on a PIL image with `NEAREST`).
public func resizeNearest<T>(_ values: [T], width: Int, height: Int, toWidth ow: Int, toHeight oh: Int) -> [T] {
    if ow == width && oh == height { return values }
    let ys = pillowNearestIndices(from: height, to: oh), xs = pillowNearestIndices(from: width, to: ow)
    var out: [T] = []
    out.reserveCapacity(ow * oh)
    for y in 0..<oh {
        for x in 0..<ow { out.append(values[ys[y] * width + xs[x]]) }
    }
    return out
}

/// The source index of each output pixel under Pillow's `NEAREST` resize: pixel centres, with the
/// position accumulated in doubles exactly as Pillow's `ImagingScaleAffine` does (so the rare
/// output whose centre falls on a source boundary picks the same side). Inside the generator
/// labels are resized by PyTorch's rule instead (`nearestIndices`, floor of `i · in / out`).
func pillowNearestIndices(from input: Int, to output: Int) -> [Int] {
    let step = Double(input) / Double(output)
    var position = step * 0.5
    return (0..<output).map { _ in
        defer { position += step }
        return min(Int(position), input - 1)
    }
}
