/// A width × height grid of cells that widgets draw into and backends put on the screen.
///
/// Every write is clipped to the buffer (and to an optional clip rectangle). A wide grapheme takes
/// two cells: its symbol in the left one and an empty continuation symbol in the right one;
/// overwriting either half of a wide grapheme turns the other half into a space.
package struct Buffer: Hashable, Sendable {
    package let width: Int
    package let height: Int
    package private(set) var cells: [Cell]

    package init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    package var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    package func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// The cell at (x, y); reading outside the buffer gives a blank cell, writing there does nothing.
    package subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { put(newValue, x: x, y: y, clip: area) }
    }

    /// Puts one cell, keeping wide graphemes consistent. A wide symbol that would not fit inside
    /// `clip` is replaced by a space. Returns the number of columns the symbol took (0 if clipped).
    @discardableResult
    package mutating func put(_ cell: Cell, x: Int, y: Int, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard bounds.contains(x: x, y: y) else { return 0 }
        var cell = cell
        let columns = cell.symbol.isEmpty ? 1 : max(1, DisplayWidth.of(cell.symbol))
        if columns == 2 && !bounds.contains(x: x + 1, y: y) {
            cell.symbol = " "
            placeNarrow(cell, x: x, y: y)
            return 1
        }
        if columns == 2 {
            breakWide(x: x + 1, y: y)
            placeNarrow(cell, x: x, y: y)
            var continuation = cell
            continuation.symbol = ""
            cells[y * width + x + 1] = continuation
            return 2
        }
        placeNarrow(cell, x: x, y: y)
        return 1
    }

    /// Places a cell whose symbol is narrow (or is the lead of a wide one whose continuation the
    /// caller writes), turning broken halves of wide graphemes around it into spaces.
    private mutating func placeNarrow(_ cell: Cell, x: Int, y: Int) {
        breakWide(x: x, y: y)
        cells[y * width + x] = cell
    }

    /// If (x, y) is part of a wide grapheme, blanks the other half.
    private mutating func breakWide(x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1].symbol = " "
            cells[index].symbol = " "
        } else if x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1].symbol = " "
        }
    }

    /// Writes `text` on row `y` from column `x`, clipped to `clip` (default: the whole buffer).
    /// Control characters are dropped (a tab becomes a space). Returns the column after the last
    /// grapheme written (or that would have been written).
    @discardableResult
    package mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        var column = x
        guard y >= bounds.top && y < bounds.bottom else { return x + DisplayWidth.of(text) }
        for grapheme in text {
            var symbol = String(grapheme)
            if grapheme == "\t" { symbol = " " }
            let w = DisplayWidth.of(Character(symbol))
            if w == 0 { continue }
            if column + w > bounds.right { return column + w }
            if column >= bounds.left {
                var cell = self[column, y]
                if cell.isContinuation { cell = self[column - 1, y] }
                cell.symbol = symbol
                cell.apply(style)
                put(cell, x: column, y: y, clip: bounds)
            }
            column += w
        }
        return column
    }

    /// Writes `text` on the first row of `rect`, aligned inside it and cut (with `…` when
    /// `ellipsis`) to its width.
    @discardableResult
    package mutating func write(
        _ text: String, in rect: Rect, alignment: Alignment = .left, style: Style = .plain, ellipsis: Bool = true
    ) -> Int {
        guard !rect.isEmpty else { return rect.x }
        let cut = DisplayWidth.truncate(text, to: rect.width, ellipsis: ellipsis ? "…" : "")
        let w = DisplayWidth.of(cut)
        let x: Int
        switch alignment {
        case .left: x = rect.x
        case .right: x = rect.right - w
        case .center: x = rect.x + (rect.width - w) / 2
        }
        return write(cut, x: x, y: rect.y, style: style, clip: rect)
    }

    /// Fills a rectangle with `symbol` (a narrow grapheme) in `style`; unset style colours keep the
    /// cells' colours.
    package mutating func fill(_ rect: Rect, symbol: String = " ", style: Style = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right {
                var cell = self[x, y]
                cell.symbol = symbol
                cell.apply(style)
                put(cell, x: x, y: y, clip: r)
            }
        }
    }

    /// Replaces every cell of a rectangle with `cell`.
    package mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { put(cell, x: x, y: y, clip: r) }
        }
    }

    /// Changes colours and attributes of a rectangle without touching the symbols. Attributes in
    /// `style` are added to the cells' attributes.
    package mutating func restyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right {
                let index = y * width + x
                if let fg = style.fg { cells[index].fg = fg }
                if let bg = style.bg { cells[index].bg = bg }
                cells[index].attributes.formUnion(style.attributes)
            }
        }
    }

    /// A horizontal run of `symbol` from (x, y), `length` cells long.
    package mutating func horizontalLine(x: Int, y: Int, length: Int, symbol: String = "─", style: Style = .border) {
        fill(Rect(x: x, y: y, width: length, height: 1), symbol: symbol, style: style)
    }

    /// A vertical run of `symbol` from (x, y), `length` cells long.
    package mutating func verticalLine(x: Int, y: Int, length: Int, symbol: String = "│", style: Style = .border) {
        fill(Rect(x: x, y: y, width: 1, height: length), symbol: symbol, style: style)
    }

    /// Draws a border around `rect` with an optional title on its top edge (` title `, cut to fit)
    /// and returns the inside. Rectangles smaller than 2×2 get no border and are returned as is.
    @discardableResult
    package mutating func drawBorder(
        _ rect: Rect, kind: BorderKind = .rounded, style: Style = .border, title: String? = nil,
        titleStyle: Style = .title, titleAlignment: Alignment = .left
    ) -> Rect {
        guard rect.width >= 2 && rect.height >= 2 else { return rect }
        let g = kind.glyphs
        let x0 = rect.left, x1 = rect.right - 1, y0 = rect.top, y1 = rect.bottom - 1
        horizontalLine(x: x0 + 1, y: y0, length: rect.width - 2, symbol: g.horizontal, style: style)
        horizontalLine(x: x0 + 1, y: y1, length: rect.width - 2, symbol: g.horizontal, style: style)
        verticalLine(x: x0, y: y0 + 1, length: rect.height - 2, symbol: g.vertical, style: style)
        verticalLine(x: x1, y: y0 + 1, length: rect.height - 2, symbol: g.vertical, style: style)
        let corners = [(g.topLeft, x0, y0), (g.topRight, x1, y0), (g.bottomLeft, x0, y1), (g.bottomRight, x1, y1)]
        for (symbol, x, y) in corners {
            fill(Rect(x: x, y: y, width: 1, height: 1), symbol: symbol, style: style)
        }
        if let title, !title.isEmpty, rect.width > 4 {
            let slot = Rect(x: x0 + 1, y: y0, width: rect.width - 2, height: 1)
            let cut = DisplayWidth.truncate(title, to: slot.width - 2)
            write(" " + cut + " ", in: slot.inset(horizontal: 0), alignment: titleAlignment, style: titleStyle)
        }
        return rect.inset(1)
    }

    /// Copies `other` into this buffer with its top-left corner at (x, y), clipped.
    package mutating func draw(_ other: Buffer, x: Int, y: Int) {
        for oy in 0..<other.height {
            for ox in 0..<other.width {
                let cell = other.cells[oy * other.width + ox]
                if cell.isContinuation { continue }
                put(cell, x: x + ox, y: y + oy)
            }
        }
    }

    /// The cells of this buffer that differ from `previous`, row by row, left to right. Continuation
    /// cells of wide graphemes are left out (drawing the wide grapheme covers them). When the sizes
    /// differ every cell is reported.
    package func diff(from previous: Buffer?) -> [CellChange] {
        var changes: [CellChange] = []
        let full = previous == nil || previous!.width != width || previous!.height != height
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let cell = cells[index]
                if !full && previous!.cells[index] == cell { continue }
                if cell.isContinuation && x > 0 && !cells[index - 1].isContinuation {
                    // Covered by the wide grapheme on its left; make sure that one is redrawn.
                    if !full && previous!.cells[index - 1] == cells[index - 1] {
                        changes.append(CellChange(x: x - 1, y: y, cell: cells[index - 1]))
                    }
                    continue
                }
                changes.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        return changes
    }

    /// The symbols of row `y` joined (continuation cells add nothing).
    package func rowText(_ y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        var text = ""
        for x in 0..<width { text += cells[y * width + x].symbol }
        return text
    }
}
