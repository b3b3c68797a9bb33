// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SpadeStudio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spade-studio", targets: ["spade-studio"]),
        .library(name: "SpadeEngine", targets: ["SpadeEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C shims over Debian's system libraries.
        // OpenBLAS is loaded at run time (dlopen), after the engine has chosen its kernels.
        .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl")]),
        // -O3 in every configuration: the vector paths are the point of this target; no contraction,
        // so the AVX2 and AVX-512 paths compute bit for bit what the portable one does.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        // libpng's error path longjmps, so every libpng call stays in C.
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CNCurses", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CHalf"),
        .target(name: "CTerminalSize"),

        .target(name: "ImageCore"),
        .target(name: "ImageIO", dependencies: ["CPNG", "ImageCore"]),
        .target(name: "SpadeLatent"),
        .target(name: "SpadeEngine", dependencies: ["CBLAS", "CHalf", "CKernels", "ImageCore", "SpadeLatent"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        .target(name: "SinGAN", dependencies: ["ImageCore", "SpadeEngine", "SpadeLatent"]),
        .target(name: "TerminalGraphics", dependencies: ["CTerminalSize", "ImageIO"]),
        .target(name: "StudioCore", dependencies: ["ImageIO", "SpadeLatent"]),
        .target(name: "StudioUI", dependencies: ["CNCurses", "ImageIO", "SinGAN", "SpadeEngine", "SpadeLatent", "StudioCore", "TerminalGraphics"]),
        .executableTarget(name: "spade-studio", dependencies: [
            "SinGAN", "SpadeEngine", "SpadeLatent", "ImageIO", "StudioCore", "StudioUI", "TerminalGraphics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "SpadeTestSupport", dependencies: ["SpadeEngine", "SpadeLatent", "ImageIO"], path: "Tests/SpadeTestSupport"),
        .testTarget(name: "SpadeEngineTests", dependencies: ["SpadeEngine", "CHalf", "SpadeLatent", "ImageIO", "SpadeTestSupport"]),
        .testTarget(name: "SinGANTests", dependencies: ["SinGAN", "SpadeEngine", "ImageIO"]),
        .testTarget(name: "CLITests", dependencies: ["spade-studio", "SpadeEngine", "ImageIO", "SpadeTestSupport"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "ImageIO"]),
        .testTarget(name: "StudioCoreTests", dependencies: ["StudioCore", "SpadeLatent"]),
        .testTarget(name: "StudioUITests", dependencies: ["StudioUI", "StudioCore", "SpadeEngine", "ImageIO", "TerminalGraphics", "SpadeTestSupport"]),
    ]
)
