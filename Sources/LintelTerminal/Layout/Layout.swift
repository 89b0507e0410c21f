/// A rectangle of terminal cells: `x` columns from the left, `y` rows from the top.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var left: Int { x }
    public var top: Int { y }
    /// One past the last column.
    public var right: Int { x + width }
    /// One past the last row.
    public var bottom: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var area: Int { width * height }

    public var description: String { "Rect(x: \(x), y: \(y), \(width)×\(height))" }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < right && py >= y && py < bottom
    }

    /// The overlap of two rectangles (empty, at the origin of `self`, when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x)
        let y0 = max(y, other.y)
        let x1 = min(right, other.right)
        let y1 = min(bottom, other.bottom)
        if x1 <= x0 || y1 <= y0 { return Rect(x: x0, y: y0, width: 0, height: 0) }
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Shrinks the rectangle by the margins (never below zero size).
    public func inset(by margins: Margins) -> Rect {
        let w = max(0, width - margins.left - margins.right)
        let h = max(0, height - margins.top - margins.bottom)
        return Rect(x: x + min(margins.left, width), y: y + min(margins.top, height), width: w, height: h)
    }

    /// Shrinks the rectangle by `horizontal` columns on both sides and `vertical` rows top and bottom.
    public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
        inset(by: Margins(top: vertical, left: horizontal, bottom: vertical, right: horizontal))
    }

    /// Shrinks the rectangle by the same margin on every side.
    public func inset(_ all: Int) -> Rect { inset(horizontal: all, vertical: all) }

    /// Splits the rectangle along `direction` by the constraints (see `Constraint`), with `spacing`
    /// empty cells between neighbours. Always returns one rectangle per constraint.
    public func split(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = direction == .horizontal ? width : height
        let sizes = Layout.sizes(total: total, constraints: constraints, spacing: spacing)
        var result: [Rect] = []
        result.reserveCapacity(sizes.count)
        var offset = 0
        for size in sizes {
            let start = min(offset, total)
            let length = max(0, min(size, total - start))
            switch direction {
            case .horizontal: result.append(Rect(x: x + start, y: y, width: length, height: height))
            case .vertical: result.append(Rect(x: x, y: y + start, width: width, height: length))
            }
            offset += size + max(0, spacing)
        }
        return result
    }

    /// Splits into columns (left to right).
    public func columns(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.horizontal, constraints, spacing: spacing)
    }

    /// Splits into rows (top to bottom).
    public func rows(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.vertical, constraints, spacing: spacing)
    }

    /// A rectangle of at most `width` × `height` centred in this one (for overlays and dialogs).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The first `n` rows / the last `n` rows / the first `n` columns / the last `n` columns.
    public func topRows(_ n: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(max(0, n), height)) }
    public func bottomRows(_ n: Int) -> Rect {
        let k = min(max(0, n), height)
        return Rect(x: x, y: bottom - k, width: width, height: k)
    }
    public func leftColumns(_ n: Int) -> Rect { Rect(x: x, y: y, width: min(max(0, n), width), height: height) }
    public func rightColumns(_ n: Int) -> Rect {
        let k = min(max(0, n), width)
        return Rect(x: right - k, y: y, width: k, height: height)
    }
}

/// Margins around a rectangle, in cells.
public struct Margins: Hashable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    public init(all: Int) { self.init(top: all, left: all, bottom: all, right: all) }
}

/// The axis along which `Rect.split` cuts: `.horizontal` gives side-by-side columns, `.vertical`
/// stacked rows.
public enum Direction: Sendable, Hashable {
    case horizontal
    case vertical
}

/// The size of one part of a split.
///
/// Fixed parts (`length`, `percentage`, `ratio`, and the minimum of `min`) are given their size
/// first (percentages and ratios of the total minus spacing, rounded down); the rest is shared by the
/// `fill` parts in proportion to their weights (weight 1 for each `min`), the rounding remainder
/// going to the earliest parts. When the fixed parts do not fit they are cut from the last part
/// backwards; space nobody claims stays empty at the end.
public enum Constraint: Hashable, Sendable {
    case length(Int)
    case percentage(Int)
    case ratio(Int, Int)
    case min(Int)
    case fill(Int)

    /// `fill(1)`.
    public static var fill: Constraint { .fill(1) }
}

enum Layout {
    static func sizes(total: Int, constraints: [Constraint], spacing: Int) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let available = max(0, total - max(0, spacing) * (n - 1))
        var sizes = [Int](repeating: 0, count: n)
        var weights = [Int](repeating: 0, count: n)
        for (i, constraint) in constraints.enumerated() {
            switch constraint {
            case .length(let k): sizes[i] = max(0, k)
            case .percentage(let p): sizes[i] = available * Swift.min(Swift.max(p, 0), 100) / 100
            case .ratio(let a, let b): sizes[i] = b > 0 ? Swift.min(available, available * Swift.max(a, 0) / b) : 0
            case .min(let k):
                sizes[i] = max(0, k)
                weights[i] = 1
            case .fill(let w): weights[i] = Swift.max(0, w)
            }
        }
        var remaining = available - sizes.reduce(0, +)
        if remaining < 0 {
            // Cut from the end until the fixed parts fit.
            var i = n - 1
            while remaining < 0 && i >= 0 {
                let cut = Swift.min(sizes[i], -remaining)
                sizes[i] -= cut
                remaining += cut
                i -= 1
            }
            return sizes
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0 && remaining > 0 {
            var shares = weights.map { remaining * $0 / totalWeight }
            var leftover = remaining - shares.reduce(0, +)
            for i in 0..<n where leftover > 0 && weights[i] > 0 {
                shares[i] += 1
                leftover -= 1
            }
            for i in 0..<n { sizes[i] += shares[i] }
        }
        return sizes
    }
}
