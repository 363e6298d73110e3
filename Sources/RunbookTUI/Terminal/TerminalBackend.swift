/// What the event loop needs of a terminal: its size, a frame drawn, the
/// keys typed. Curses in the tool; a headless one in benchmarks.
protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// A descriptor that becomes readable when input is waiting.
    var inputDescriptor: Int32 { get }
    func draw(_ buffer: ScreenBuffer)
    func readInput() -> [TerminalInput]
    func forceRedraw()
    /// Leaves the screen to an interactive command, then takes it back.
    func suspend()
    func resume()
    func end()
}

enum TerminalInput {
    case key(Key)
    case resize(Int, Int)
}
