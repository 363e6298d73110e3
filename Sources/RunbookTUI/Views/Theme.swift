/// Styles by meaning; monochrome terminals and NO_COLOR get bold, dim,
/// underline and reverse instead of colour, so nothing depends on colour alone.
struct Theme {
    let color: Bool
    let ascii: Bool

    init(_ display: DisplayOptions) {
        color = display.color
        ascii = display.ascii
    }

    var header: Style { color ? Style(fg: .white, bg: .blue, bold: true) : Style(bold: true, reverse: true) }
    var practice: Style { color ? Style(fg: .black, bg: .yellow, bold: true) : Style(bold: true, reverse: true) }
    var incident: Style { color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true) }
    var title: Style { Style(bold: true) }
    var dim: Style { Style(dim: true) }
    var code: Style { color ? Style(fg: .cyan) : Style(underline: true) }
    var link: Style { color ? Style(fg: .blue, underline: true) : Style(underline: true) }
    var value: Style { color ? Style(fg: .cyan, bold: true) : Style(bold: true) }
    var missing: Style { color ? Style(fg: .yellow, bold: true) : Style(bold: true, underline: true) }
    var stderr: Style { color ? Style(fg: .red) : Style(dim: true) }
    var ok: Style { color ? Style(fg: .green, bold: true) : Style(bold: true) }
    var bad: Style { color ? Style(fg: .red, bold: true) : Style(bold: true, reverse: true) }
    var warn: Style { color ? Style(fg: .yellow, bold: true) : Style(bold: true) }
    var suggested: Style { color ? Style(fg: .green, bold: true) : Style(bold: true) }
    var selected: Style { Style(reverse: true) }
    var key: Style { color ? Style(fg: .yellow, bold: true) : Style(bold: true) }
    var match: Style { color ? Style(fg: .black, bg: .yellow) : Style(reverse: true) }

    var arrow: String { ascii ? ">" : "›" }
    var star: String { ascii ? "*" : "★" }
    var bullet: String { ascii ? "-" : "•" }
    var check: String { ascii ? "+" : "✓" }
    var pointer: String { ascii ? ">" : "▸" }
    var spinnerFrames: [String] { ascii ? ["|", "/", "-", "\\"] : ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] }
}
