/// A point in world (data) coordinates.
package struct PlotPoint: Hashable, Sendable {
    package var x: Double
    package var y: Double

    package init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    package init(x: Double, y: Double) {
        self.init(x, y)
    }

    package var isFinite: Bool { x.isFinite && y.isFinite }
}
