/// A table column: title, width (as a layout constraint; columns are separated by one space) and
/// alignment of its cells.
package struct TableColumn: Sendable, Hashable {
    package var title: String
    package var width: Constraint
    package var alignment: Alignment

    package init(_ title: String, width: Constraint = .fill(1), alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// A row of a table: the text of each cell, optional sort keys (default: parsed from the text) and
/// an optional foreground colour for the whole row.
package struct TableRow: Sendable, Hashable {
    package var cells: [String]
    package var sortKeys: [SortKey]?
    package var color: Color?

    package init(_ cells: [String], sortKeys: [SortKey]? = nil, color: Color? = nil) {
        self.cells = cells
        self.sortKeys = sortKeys
        self.color = color
    }

    func sortKey(_ column: Int) -> SortKey {
        if let sortKeys, column < sortKeys.count { return sortKeys[column] }
        return SortKey(parsing: column < cells.count ? cells[column] : "")
    }
}

/// What the user did to a table: the selected row (an index into `Table.rows`, so it follows the
/// row when the sort changes), the scroll offset (first visible row in display order) and the sort.
package struct TableState: Sendable, Hashable {
    package var selected: Int?
    package var offset: Int
    package var sortColumn: Int?
    package var ascending: Bool

    package init(selected: Int? = nil, offset: Int = 0, sortColumn: Int? = nil, ascending: Bool = true) {
        self.selected = selected
        self.offset = offset
        self.sortColumn = sortColumn
        self.ascending = ascending
    }

    /// Sorts by `column`; choosing the current sort column again flips the direction.
    package mutating func sort(by column: Int) {
        if sortColumn == column {
            ascending.toggle()
        } else {
            sortColumn = column
            ascending = true
        }
    }
}

/// A table with a header, column widths, a highlighted selected row, stable sorting by a column and
/// scrolling that keeps the selection visible. The header shows ▲/▼ (`^`/`v`) on the sort column.
package struct Table: Sendable {
    package var columns: [TableColumn]
    package var rows: [TableRow]
    package var marker: Marker
    package var emptyMessage: String

    package init(columns: [TableColumn], rows: [TableRow], marker: Marker = .braille, emptyMessage: String = "no rows") {
        self.columns = columns
        self.rows = rows
        self.marker = marker
        self.emptyMessage = emptyMessage
    }

    /// Row indices in display order: sorted by the state's sort column (stable: equal keys keep
    /// their order in `rows`), or as given.
    package func displayOrder(_ state: TableState) -> [Int] {
        let indices = Array(rows.indices)
        guard let column = state.sortColumn, column >= 0, column < columns.count else { return indices }
        let keys = rows.map { $0.sortKey(column) }
        return indices.sorted { a, b in
            let ka = keys[a], kb = keys[b]
            if ka == kb { return a < b }
            return state.ascending ? ka < kb : kb < ka
        }
    }

    /// Moves the selection by `delta` rows in display order (clamped); selects the first row when
    /// nothing was selected.
    package func moveSelection(_ state: inout TableState, by delta: Int) {
        let order = displayOrder(state)
        guard !order.isEmpty else {
            state.selected = nil
            return
        }
        guard let selected = state.selected, let position = order.firstIndex(of: selected) else {
            state.selected = order[delta < 0 ? order.count - 1 : 0]
            return
        }
        state.selected = order[min(max(position + delta, 0), order.count - 1)]
    }

    /// Selects the first or last row in display order.
    package func selectFirst(_ state: inout TableState) {
        state.selected = displayOrder(state).first
    }

    package func selectLast(_ state: inout TableState) {
        state.selected = displayOrder(state).last
    }

    /// The scroll offset that keeps the selection inside `visibleRows` rows, changing the current
    /// offset as little as possible.
    package func scrollOffset(_ state: TableState, visibleRows: Int) -> Int {
        let count = rows.count
        let visible = max(1, visibleRows)
        var offset = min(max(0, state.offset), max(0, count - visible))
        if let selected = state.selected, let position = displayOrder(state).firstIndex(of: selected) {
            if position < offset { offset = position }
            if position >= offset + visible { offset = position - visible + 1 }
        }
        return offset
    }

    /// Rows of data that fit in `area` below the header.
    package static func visibleRows(in area: Rect) -> Int { max(0, area.height - 1) }

    /// Draws the table and stores the scroll offset it used in `state`.
    package func render(into buffer: inout Buffer, area: Rect, state: inout TableState) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let glyphs = Glyphs.for(marker)
        let visible = Table.visibleRows(in: area)
        state.offset = scrollOffset(state, visibleRows: visible)
        let widths = area.columns(columns.map(\.width), spacing: 1)

        for (i, column) in columns.enumerated() where i < widths.count {
            let slot = Rect(x: widths[i].x, y: area.y, width: widths[i].width, height: 1)
            guard slot.width > 0 else { continue }
            var title = column.title
            if state.sortColumn == i {
                let arrow = state.ascending ? glyphs.sortAscending : glyphs.sortDescending
                title = DisplayWidth.truncate(title, to: max(0, slot.width - 1), ellipsis: glyphs.ellipsis) + arrow
            }
            buffer.write(title, in: slot, alignment: column.alignment, style: Style(fg: .accent, attributes: [.bold]),
                         ellipsis: false)
        }
        let order = displayOrder(state)
        guard !order.isEmpty else {
            if area.height > 1 {
                buffer.write(emptyMessage, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: .dim)
            }
            return
        }
        for line in 0..<visible {
            let position = state.offset + line
            guard position < order.count else { break }
            let index = order[position]
            let row = rows[index]
            let y = area.y + 1 + line
            let isSelected = state.selected == index
            var style = Style(fg: row.color ?? .text)
            if isSelected {
                style = Style(fg: .selectionText, bg: .selection, attributes: [.bold])
                buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), symbol: " ", style: style)
            }
            for (i, column) in columns.enumerated() where i < widths.count {
                let slot = Rect(x: widths[i].x, y: y, width: widths[i].width, height: 1)
                let text = i < row.cells.count ? row.cells[i] : ""
                let cut = DisplayWidth.truncate(text, to: slot.width, ellipsis: glyphs.ellipsis)
                buffer.write(cut, in: slot, alignment: column.alignment, style: style, ellipsis: false)
            }
        }
    }
}
