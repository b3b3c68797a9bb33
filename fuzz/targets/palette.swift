import Foundation
import StudioCore

// Input: palette JSON (Palettes/*.json). A palette that loads must answer every lookup, map onto
// itself, and survive an encode/decode round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let palette: Palette
    do {
        palette = try Palette(json: Data(bytes: data, count: size), source: "p.json")
    } catch let error as PaletteError {
        require(error.message.hasPrefix("p.json: "), "message does not name the file: \(error.message)")
        return 0
    } catch {
        require(false, "threw \(type(of: error)): \(error)")
        return 0
    }
    require(!palette.classes.isEmpty, "palette without classes")
    for item in palette.allClasses {
        require(palette.class(id: item.id) == item, "class(id: \(item.id))")
        if let key = item.hotkey { require(palette.class(hotkey: key)?.id == item.id, "hotkey \(key)") }
        require(palette.class(named: item.name)?.id == item.id, "class(named: \(item.name.debugDescription))")
    }
    for id in 0...255 { _ = palette.color(of: UInt8(id)) }
    let remap = palette.remap(to: palette)
    for item in palette.allClasses { require(remap.table[Int(item.id)] == item.id, "remap onto itself moves \(item.id)") }
    do {
        let again = try Palette(json: try JSONEncoder().encode(palette), source: "again.json")
        require(again == palette, "round trip changed the palette")
    } catch {
        require(false, "own output rejected: \(error)")
    }
    return 0
}
