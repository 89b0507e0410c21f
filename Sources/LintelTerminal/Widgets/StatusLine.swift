/// One status row: text on the left, optionally in the centre, and on the right (the right part
/// wins when they collide; the left is cut with an ellipsis).
package struct StatusLine: Widget, Sendable {
    package var left: String
    package var center: String
    package var right: String
    package var style: Style

    package init(left: String = "", center: String = "", right: String = "", style: Style = Style(fg: .text, bg: .surface)) {
        self.left = left
        self.center = center
        self.right = right
        self.style = style
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height)).intersection(buffer.area)
        guard !row.isEmpty else { return }
        buffer.fill(row, symbol: " ", style: style)
        let rightWidth = min(DisplayWidth.of(right), row.width)
        if rightWidth > 0 {
            buffer.write(right, in: Rect(x: row.right - rightWidth, y: row.y, width: rightWidth, height: 1), style: style)
        }
        let leftRoom = row.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        let leftWidth = min(DisplayWidth.of(left), max(0, leftRoom))
        if leftWidth > 0 {
            buffer.write(left, in: Rect(x: row.x, y: row.y, width: leftWidth, height: 1), style: style)
        }
        if !center.isEmpty {
            let w = DisplayWidth.of(center)
            let start = row.x + (row.width - w) / 2
            if start > row.x + leftWidth && start + w < row.right - rightWidth {
                buffer.write(center, x: start, y: row.y, style: style, clip: row)
            }
        }
    }
}
