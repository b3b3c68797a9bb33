import ArgumentParser

@main
struct SpadeStudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spade-studio",
        abstract: "Paint semantic labels in the terminal; a SPADE generator renders them.",
        version: "0.4.0",
        subcommands: [StudioCommand.self, RenderCommand.self, EncodeStyleCommand.self, InfoCommand.self, BenchCommand.self,
                      PreviewCommand.self, TimelapseCommand.self, Paint2ImageCommand.self],
        defaultSubcommand: StudioCommand.self)
}
