/// Elements in the order they were added, each under a key the list gives it when it is added
/// and that stays its own: the workbench's fits and sweeps. Positions are for showing the list in
/// order; everything that must keep pointing at one element holds its key.
///
/// Replacing the element at a position keeps that position's key (the slot is the same fit, now
/// described anew). The list is deliberately not a `MutableCollection`: sorting or swapping would
/// move elements away from their keys.
struct KeyedList<Key: SerialKey, Element: Sendable>: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    private var keyList: [Key] = []
    private var elements: [Element] = []
    private var positions: [Key: Int] = [:]
    private var lastSerial = 0

    init() {}

    init(arrayLiteral elements: Element...) {
        for element in elements { append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { elements.count }

    subscript(position: Int) -> Element {
        get { elements[position] }
        set { elements[position] = newValue }
    }

    /// The element under `key`; setting nil removes it, setting a value replaces it (a key the
    /// list does not hold is left alone: keys come from ``append(_:)`` only).
    subscript(key: Key) -> Element? {
        get { positions[key].map { elements[$0] } }
        set {
            guard let position = positions[key] else { return }
            if let newValue {
                elements[position] = newValue
            } else {
                remove(at: position)
            }
        }
    }

    /// The keys in the list's order.
    var keys: [Key] { keyList }

    func key(at position: Int) -> Key { keyList[position] }

    func position(of key: Key) -> Int? { positions[key] }

    func contains(_ key: Key) -> Bool { positions[key] != nil }

    /// Every element with its key, in order.
    var keyed: Zip2Sequence<[Key], [Element]> { zip(keyList, elements) }

    /// The key of the first element that satisfies `predicate`.
    func firstKey(where predicate: (Element) throws -> Bool) rethrows -> Key? {
        try elements.firstIndex(where: predicate).map { keyList[$0] }
    }

    /// The key of the last element that satisfies `predicate`.
    func lastKey(where predicate: (Element) throws -> Bool) rethrows -> Key? {
        try elements.lastIndex(where: predicate).map { keyList[$0] }
    }

    /// Adds `element` at the end under a new key, and returns the key.
    @discardableResult
    mutating func append(_ element: Element) -> Key {
        lastSerial += 1
        let key = Key(serial: lastSerial)
        positions[key] = elements.count
        keyList.append(key)
        elements.append(element)
        return key
    }

    mutating func removeAll(where predicate: (Element) throws -> Bool) rethrows {
        let kept = try zip(keyList, elements).filter { try !predicate($0.1) }
        keyList = kept.map(\.0)
        elements = kept.map(\.1)
        reindex()
    }

    private mutating func remove(at position: Int) {
        keyList.remove(at: position)
        elements.remove(at: position)
        reindex()
    }

    private mutating func reindex() {
        positions = Dictionary(uniqueKeysWithValues: keyList.enumerated().map { ($1, $0) })
    }
}
