/// One axis of a chart.
package struct Axis: Sendable {
    /// Shown above the y tick labels (y axis) or at the right end of the x tick labels (x axis).
    package var title: String?
    /// Data range; nil takes it from the data.
    package var range: ClosedRange<Double>?
    package var scale: AxisScale
    /// Widen an automatic range to nice tick multiples (linear) or whole decades (log).
    package var niceBounds: Bool
    /// Custom tick labels; nil uses `Ticks` formatting.
    package var format: (@Sendable (Double) -> String)?
    /// The x title is a unit the numbers mean nothing without ("ms"): tick labels give way to it,
    /// rather than it to them.
    package var titleFirst = false

    package init(
        title: String? = nil, range: ClosedRange<Double>? = nil, scale: AxisScale = .linear,
        niceBounds: Bool = true, format: (@Sendable (Double) -> String)? = nil
    ) {
        self.title = title
        self.range = range
        self.scale = scale
        self.niceBounds = niceBounds
        self.format = format
    }

    /// The axis range in axis units (log10 of data for a log axis) and its ticks, for the finite
    /// data values given.
    package func resolve(values: [Double], maxTicks: Int) -> (range: ClosedRange<Double>, ticks: [Tick]) {
        let usable = values.filter { !scale.transform($0).isNaN }
        var dataRange: ClosedRange<Double>
        var step: Double? = nil
        if let range, range.lowerBound.isFinite, range.upperBound.isFinite,
           scale == .linear || range.lowerBound > 0
        {
            dataRange = range
        } else if let lo = usable.min(), let hi = usable.max() {
            dataRange = lo...hi
            if niceBounds {
                if scale == .log10 {
                    dataRange = Ticks.logRange(dataRange)
                } else {
                    // Widen to the step's multiples and keep that step for the ticks.
                    let widened = Canvas.widened(dataRange)
                    step = Ticks.niceStep(widened, maxCount: maxTicks)
                    dataRange = Ticks.niceRange(widened, maxCount: maxTicks)
                }
            }
        } else {
            dataRange = scale == .log10 ? 1...10 : 0...1
        }
        if scale == .linear { dataRange = Canvas.widened(dataRange) }
        var ticks: [Tick]
        if scale == .log10 {
            ticks = Ticks.log10(dataRange, maxCount: maxTicks)
        } else if let step {
            ticks = Ticks.linear(dataRange, step: step)
        } else {
            ticks = Ticks.linear(dataRange, maxCount: maxTicks)
        }
        if let format { ticks = ticks.map { Tick(value: $0.value, label: format($0.value)) } }
        let axisRange: ClosedRange<Double>
        switch scale {
        case .linear: axisRange = dataRange
        case .log10:
            let lo = AxisScale.log10.transform(dataRange.lowerBound), hi = AxisScale.log10.transform(dataRange.upperBound)
            axisRange = Canvas.widened(lo...max(lo, hi))
        }
        return (axisRange, ticks)
    }
}
