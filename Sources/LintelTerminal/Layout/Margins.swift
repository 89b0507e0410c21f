/// Margins around a rectangle, in cells.
package struct Margins: Hashable, Sendable {
    package var top: Int
    package var left: Int
    package var bottom: Int
    package var right: Int

    package init(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    package init(all: Int) { self.init(top: all, left: all, bottom: all, right: all) }
}
