/// Which dots of a dashed line are drawn: four on, four off (two braille cells each way),
/// continued across the segments of a polyline; the dot two segments share counts once.
struct DashPattern {
    let active: Bool
    private var position = 0
    private var last: (x: Int, y: Int, drawn: Bool)?

    init(active: Bool) { self.active = active }

    mutating func draws(x: Int, y: Int) -> Bool {
        guard active else { return true }
        if let last, last.x == x && last.y == y { return last.drawn }
        let drawn = position < 4
        position = (position + 1) % 8
        last = (x, y, drawn)
        return drawn
    }
}
