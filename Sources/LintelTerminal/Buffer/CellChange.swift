/// One cell that changed between two frames.
package struct CellChange: Hashable, Sendable {
    package var x: Int
    package var y: Int
    package var cell: Cell

    package init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}
