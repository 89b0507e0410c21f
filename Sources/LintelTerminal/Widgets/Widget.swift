/// Something that draws itself into an area of a buffer: a pure function of its data.
package protocol Widget {
    func render(into buffer: inout Buffer, area: Rect)
}
