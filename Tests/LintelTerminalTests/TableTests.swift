import LintelTerminal
import LintelTestSupport
import Testing

@Suite("Table")
struct TableTests {
    static let columns = [
        TableColumn("rank", width: .length(4), alignment: .right),
        TableColumn("seed", width: .length(4), alignment: .right),
        TableColumn("R²", width: .fill),
    ]
    // Equal R² values on purpose, to check that sorting is stable.
    static let rows = [
        TableRow(["1", "0", "0.50"]),
        TableRow(["2", "0", "0.90"]),
        TableRow(["3", "0", "0.90"]),
        TableRow(["1", "1", "0.52"]),
        TableRow(["2", "1", "0.90"]),
        TableRow(["3", "1", "0.95"]),
    ]
    static let table = Table(columns: columns, rows: rows)

    @Test func unsortedOrderIsTheRowOrder() {
        #expect(Self.table.displayOrder(TableState()) == [0, 1, 2, 3, 4, 5])
    }

    @Test func sortingIsStableBothWays() {
        var state = TableState()
        state.sort(by: 2)
        #expect(Self.table.displayOrder(state) == [0, 3, 1, 2, 4, 5])
        state.sort(by: 2)  // same column again: descending, equal keys still in row order
        #expect(!state.ascending)
        #expect(Self.table.displayOrder(state) == [5, 1, 2, 4, 3, 0])
        state.sort(by: 0)
        #expect(state.ascending)
        #expect(Self.table.displayOrder(state) == [0, 3, 1, 4, 2, 5])
    }

    @Test func numbersSortNumericallyAndBeforeText() {
        let table = Table(
            columns: [TableColumn("v")], rows: [TableRow(["10"]), TableRow(["n/a"]), TableRow(["9"]), TableRow(["-1"]), TableRow(["75%"])])
        var state = TableState()
        state.sort(by: 0)
        #expect(table.displayOrder(state) == [3, 2, 0, 4, 1])
        let keyed = Table(
            columns: [TableColumn("v")],
            rows: [TableRow(["b"], sortKeys: [.number(2)]), TableRow(["a"], sortKeys: [.number(1)])])
        #expect(keyed.displayOrder(state) == [1, 0])
        #expect(SortKey.number(.nan) > SortKey.number(1e9))
    }

    @Test func selectionMovesInDisplayOrderAndFollowsTheRow() {
        var state = TableState()
        Self.table.moveSelection(&state, by: 1)
        #expect(state.selected == 0)
        state.sort(by: 2)
        Self.table.moveSelection(&state, by: 1)
        #expect(state.selected == 3)
        Self.table.moveSelection(&state, by: 10)
        #expect(state.selected == 5)
        Self.table.moveSelection(&state, by: -2)
        #expect(state.selected == 2)
        // Changing the sort keeps the same row selected.
        state.sort(by: 0)
        #expect(state.selected == 2)
        Self.table.selectFirst(&state)
        #expect(state.selected == 0)
        Self.table.selectLast(&state)
        #expect(state.selected == 5)
        var empty = TableState(selected: 3)
        Table(columns: Self.columns, rows: []).moveSelection(&empty, by: 1)
        #expect(empty.selected == nil)
    }

    @Test func scrollingKeepsTheSelectionVisible() {
        let rows = (0..<20).map { TableRow(["\($0)"]) }
        let table = Table(columns: [TableColumn("n")], rows: rows)
        #expect(table.scrollOffset(TableState(selected: 2), visibleRows: 5) == 0)
        #expect(table.scrollOffset(TableState(selected: 7), visibleRows: 5) == 3)
        #expect(table.scrollOffset(TableState(selected: 7, offset: 5), visibleRows: 5) == 5)
        #expect(table.scrollOffset(TableState(selected: 1, offset: 5), visibleRows: 5) == 1)
        #expect(table.scrollOffset(TableState(selected: nil, offset: 50), visibleRows: 5) == 15)
        var state = TableState(selected: 19)
        var buffer = Buffer(width: 10, height: 6)
        table.render(into: &buffer, area: buffer.area, state: &state)
        #expect(state.offset == 15)
        #expect(TextBackend.lines(buffer).last == "19")
    }

    @Test func renderWithSelectionAndSortIndicator() {
        var state = TableState(selected: 4, sortColumn: 2, ascending: false)
        var buffer = Buffer(width: 20, height: 5)
        Self.table.render(into: &buffer, area: buffer.area, state: &state)
        expectSnapshot(buffer, named: "table", maps: [.foreground, .background, .attributes])
        #expect(TextBackend.lines(buffer)[0] == "rank seed R²▼")
        // Four rows fit: 5, 1, 2, 4 — row 4 (rank 2, seed 1) is the selected one.
        #expect(TextBackend.lines(buffer)[4] == "   2    1 0.90")
        #expect(buffer[0, 4].bg == .selection && buffer[19, 4].bg == .selection && buffer[0, 3].bg == .background)
    }

    @Test func longCellsAreCutWithAnEllipsis() {
        let table = Table(columns: [TableColumn("name", width: .length(6)), TableColumn("x", width: .fill)],
                          rows: [TableRow(["validation", "1"])])
        var state = TableState()
        var buffer = Buffer(width: 10, height: 2)
        table.render(into: &buffer, area: buffer.area, state: &state)
        #expect(TextBackend.lines(buffer) == ["name   x", "valid… 1"])
        var empty = Buffer(width: 10, height: 2)
        var emptyState = TableState()
        Table(columns: Self.columns, rows: [], emptyMessage: "no fits").render(into: &empty, area: empty.area, state: &emptyState)
        #expect(TextBackend.lines(empty)[1] == "no fits")
    }
}
