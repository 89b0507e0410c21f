import LintelDynamics
import Testing

@Test func moduleLinks() {
    #expect(String(describing: LintelDynamics.self) == "LintelDynamics")
}
