// The image and file-error value types live in ImageCore, which links nothing, so the engine can
// use them without libpng; everything that reads or writes files sees them through ImageIO.
@_exported import ImageCore
