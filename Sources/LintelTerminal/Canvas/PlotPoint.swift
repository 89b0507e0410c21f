/// A point in world (data) coordinates.
public struct PlotPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public init(x: Double, y: Double) {
        self.init(x, y)
    }

    public var isFinite: Bool { x.isFinite && y.isFinite }
}
