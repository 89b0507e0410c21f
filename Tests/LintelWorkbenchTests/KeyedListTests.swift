@testable import LintelWorkbench
import Testing

@Suite("Keyed lists: the workbench's fits and sweeps keep their keys")
struct KeyedListTests {
    @Test func keysStayWithTheirElements() {
        var list: KeyedList<FitKey, String> = ["a", "b"]
        let c = list.append("c")
        let (a, b) = (list.key(at: 0), list.key(at: 1))
        #expect(Set([a, b, c]).count == 3 && list.keys == [a, b, c])
        #expect(list[c] == "c" && list.position(of: c) == 2)

        list[a] = nil
        #expect(Array(list) == ["b", "c"] && list[c] == "c" && list.position(of: c) == 1 && !list.contains(a))
        let d = list.append("d")
        #expect(d != a, "a removed element's key is not given again")

        list[b]? += "!"
        list[0] = "B"  // replaced where it stands: the position's key stays
        #expect(list.key(at: 0) == b && list[b] == "B")
        list[a] = "ignored"  // a key the list does not hold
        #expect(Array(list) == ["B", "c", "d"])
        list.removeAll { $0 == "c" }
        #expect(list.keys == [b, d] && list.firstKey { $0 == "d" } == d && list.lastKey { _ in true } == d)
        #expect(list.keyed.map(\.0) == [b, d])
    }
}
