import LintelTUI
import Testing

@Test func moduleLinks() {
    #expect(String(describing: LintelTUI.self) == "LintelTUI")
}
