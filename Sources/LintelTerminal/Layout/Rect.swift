/// A rectangle of terminal cells: `x` columns from the left, `y` rows from the top.
package struct Rect: Hashable, Sendable, CustomStringConvertible {
    package var x: Int
    package var y: Int
    package var width: Int
    package var height: Int

    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    package static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    package var left: Int { x }
    package var top: Int { y }
    /// One past the last column.
    package var right: Int { x + width }
    /// One past the last row.
    package var bottom: Int { y + height }
    package var isEmpty: Bool { width <= 0 || height <= 0 }
    package var area: Int { width * height }

    package var description: String { "Rect(x: \(x), y: \(y), \(width)×\(height))" }

    package func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < right && py >= y && py < bottom
    }

    /// The overlap of two rectangles (empty, at the origin of `self`, when they do not overlap).
    package func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x)
        let y0 = max(y, other.y)
        let x1 = min(right, other.right)
        let y1 = min(bottom, other.bottom)
        if x1 <= x0 || y1 <= y0 { return Rect(x: x0, y: y0, width: 0, height: 0) }
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Shrinks the rectangle by the margins (never below zero size).
    package func inset(by margins: Margins) -> Rect {
        let w = max(0, width - margins.left - margins.right)
        let h = max(0, height - margins.top - margins.bottom)
        return Rect(x: x + min(margins.left, width), y: y + min(margins.top, height), width: w, height: h)
    }

    /// Shrinks the rectangle by `horizontal` columns on both sides and `vertical` rows top and bottom.
    package func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
        inset(by: Margins(top: vertical, left: horizontal, bottom: vertical, right: horizontal))
    }

    /// Shrinks the rectangle by the same margin on every side.
    package func inset(_ all: Int) -> Rect { inset(horizontal: all, vertical: all) }

    /// Splits the rectangle along `direction` by the constraints (see `Constraint`), with `spacing`
    /// empty cells between neighbours. Always returns one rectangle per constraint.
    package func split(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
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
    package func columns(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.horizontal, constraints, spacing: spacing)
    }

    /// Splits into rows (top to bottom).
    package func rows(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.vertical, constraints, spacing: spacing)
    }

    /// A rectangle of at most `width` × `height` centred in this one (for overlays and dialogs).
    package func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The first `n` rows / the last `n` rows / the first `n` columns / the last `n` columns.
    package func topRows(_ n: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(max(0, n), height)) }
    package func bottomRows(_ n: Int) -> Rect {
        let k = min(max(0, n), height)
        return Rect(x: x, y: bottom - k, width: width, height: k)
    }
    package func leftColumns(_ n: Int) -> Rect { Rect(x: x, y: y, width: min(max(0, n), width), height: height) }
    package func rightColumns(_ n: Int) -> Rect {
        let k = min(max(0, n), width)
        return Rect(x: right - k, y: y, width: k, height: height)
    }
}
