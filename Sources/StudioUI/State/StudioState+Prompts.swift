import Foundation
import StudioCore

extension StudioState {
    /// The file names an export writes for `prefix`: render, labels, and (models with seeds) the
    /// variants sheet.
    public func exportPaths(prefix: String) -> [String] {
        var paths = [prefix + "_render.png", prefix + "_labels.png"]
        if model.hasSeeds { paths.append(prefix + "_variants.png") }
        return paths
    }

    mutating func handlePrompt(_ key: Key, _ current: Prompt, fileExists: (String) -> Bool) -> [Effect] {
        switch current {
        case let .confirm(question):
            switch key {
            case .character("y"), .character("Y"):
                prompt = nil
                return confirmed(question)
            case .character("n"), .character("N"), .escape, .control("c"):
                prompt = nil
                pendingOpen = nil
                if case .restoreAutosave = question { return [.restoreAutosave(false)] }
                show("cancelled")
                return []
            default:
                return []
            }
        case .text(let purpose, var editor):
            switch editor.handle(key) {
            case .editing:
                prompt = .text(purpose, editor)
                return []
            case .cancelled:
                prompt = nil
                show("cancelled")
                return []
            case let .accepted(text):
                prompt = nil
                let answer = text.trimmingCharacters(in: .whitespaces)
                guard !answer.isEmpty else {
                    show("cancelled")
                    return []
                }
                return accept(answer, for: purpose, fileExists: fileExists)
            }
        }
    }

    mutating func confirmed(_ question: Prompt.Confirmation) -> [Effect] {
        switch question {
        case let .overwriteCanvas(path): return [.saveCanvas(path: path)]
        case let .overwriteExport(prefix, _): return [.export(prefix: prefix, variants: variantsCount)]
        case let .overwriteFilm(path): return startFilm(path)
        case let .discardAndOpen(source):
            guard let pending = pendingOpen, pending.source == source else { return [] }
            pendingOpen = nil
            return didOpen(pending.canvas, from: source)
        case .quit: return [.quit]
        case .restoreAutosave: return [.restoreAutosave(true)]
        }
    }

    mutating func accept(_ answer: String, for purpose: Prompt.Purpose, fileExists: (String) -> Bool) -> [Effect] {
        if purpose == .command { return runCommandLine(answer, fileExists: fileExists) }
        var path = (answer as NSString).expandingTildeInPath
        switch purpose {
        case .saveAs:
            if (path as NSString).pathExtension.isEmpty { path += ".png" }
            if fileExists(path) && path != canvasPath {
                prompt = .confirm(.overwriteCanvas(path: path))
                return []
            }
            return cancelShape() + [.saveCanvas(path: path)]
        case .open:
            if !fileExists(path), let name = exampleName(answer), let example = examples.paths[name] {
                return [.openExample(name: name, path: example)]
            }
            guard fileExists(path) else {
                show("\(path): no such file", isError: true)
                return []
            }
            // Read first (`canvasLoaded`): a file that cannot be opened is reported before any
            // question about discarding the current canvas.
            return [.openCanvas(path: path)]
        case .export:
            if path.lowercased().hasSuffix(".png") { path = (path as NSString).deletingPathExtension }
            let existing = exportPaths(prefix: path).filter(fileExists)
            if !existing.isEmpty {
                prompt = .confirm(.overwriteExport(prefix: path, existing: existing))
                return []
            }
            return [.export(prefix: path, variants: variantsCount)]
        case .film:
            if (path as NSString).pathExtension.isEmpty { path += ".png" }
            if fileExists(path) {
                prompt = .confirm(.overwriteFilm(path: path))
                return []
            }
            return startFilm(path)
        case .styleImage:
            guard fileExists(path) else {
                show("\(path): no such file", isError: true)
                return []
            }
            return [.styleFromImage(path: path)]
        case .command:
            return []
        }
    }

    /// `:model PATH`, `:bg CLASS`, `:seed N`, `:psi X|off`, `:inject K`, `:variants N`, `:w [PATH]`, `:new`, `:q`.
    mutating func runCommandLine(_ line: String, fileExists: (String) -> Bool) -> [Effect] {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0], argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "model":
            let path = (argument as NSString).expandingTildeInPath
            guard !path.isEmpty else { return usage(":model PATH") }
            guard fileExists(path) else {
                show("\(path): no such file", isError: true)
                return []
            }
            show("loading \(path)…")
            return [.switchModel(path: path)]
        case "bg", "background":
            guard let item = palette.class(named: argument) else {
                show("no class named '\(argument)' in palette \(palette.name)", isError: true)
                return []
            }
            eraserBackground = item.id
            updateTool()
            show("eraser paints \(item.name)")
            return []
        case "seed":
            guard let seed = UInt64(argument) else { return usage(":seed N (0 or more)") }
            guard latentIsChangeable() else { return [] }
            latent.seed = seed
            styleLatent = nil
            presetIndex = nil
            return [.render(changed: nil, stroke: false)]
        case "psi":
            let psi: Float?
            if argument == "off" || Float(argument) == 1 {
                psi = nil
            } else if let value = Float(argument), LatentState.psiRange.contains(value) {
                psi = value
            } else {
                return usage(":psi X (0 ≤ X ≤ 1: 0 the typical look, 1 the seed's own) or :psi off")
            }
            guard latentIsChangeable() else { return [] }
            latent.psi = psi
            presetIndex = nil
            return styleLatent == nil ? [.render(changed: nil, stroke: false)] : []
        case "inject":
            guard let scales = model.injectionScales else {
                show("model \(model.name) is a SPADE model: only SinGAN models have injection scales", isError: true)
                return []
            }
            guard let scale = Int(argument), (0..<scales).contains(scale) else { return usage(":inject K (0…\(scales - 1))") }
            return setInjectScale(scale)
        case "variants":
            guard let count = Int(argument), (1...64).contains(count) else { return usage(":variants N (1…64)") }
            variantsCount = count
            show("exports hold \(count) variants")
            return []
        case "w", "saveas":
            // Save as: under PATH, or asked for (prefilled with the current name) without one.
            guard argument.isEmpty else { return accept(argument, for: .saveAs, fileExists: fileExists) }
            prompt = .text(.saveAs, LineEditor(canvasPath ?? directoryHint + "untitled.png"))
            return []
        case "new":
            // An empty canvas at the model's size in the eraser's class (`:bg` chooses it).
            return canvasLoaded(LabelCanvas(width: model.width, height: model.height, fill: eraserBackground), from: .new)
        case "q", "quit":
            return perform(.quit, fileExists: fileExists)
        default:
            show("unknown command ':\(name)' (model, bg, seed, psi, inject, variants, w, new, q)", isError: true)
            return []
        }
    }

    mutating func startFilm(_ path: String) -> [Effect] {
        isRenderingFilm = true
        return [.exportFilm(path: path, from: interpolationMark)]
    }

    /// The example an open answer names: a bare name (`lake`, `lake.png`), also after the folder
    /// the prompt was prefilled with.
    func exampleName(_ answer: String) -> String? {
        var name = answer.hasPrefix(directoryHint) ? String(answer.dropFirst(directoryHint.count)) : answer
        if name.lowercased().hasSuffix(".png") { name = String(name.dropLast(4)) }
        return name.contains("/") ? nil : name
    }

    /// The label before a text prompt's field; the open prompt lists the examples.
    public func label(of purpose: Prompt.Purpose) -> String {
        if purpose == .film, interpolationMark != nil { return "Film of latent A → current (animated PNG): " }
        guard purpose == .open, !examples.paths.isEmpty else { return purpose.label }
        return "Open canvas or example (\(examples.names.joined(separator: " "))): "
    }

    mutating func usage(_ text: String) -> [Effect] {
        show("usage: \(text)", isError: true)
        return []
    }
}
