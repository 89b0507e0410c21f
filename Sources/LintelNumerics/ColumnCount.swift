/// A number of columns fixed at compile time (through specialisation): a kernel generic over it
/// gets its per-column work unrolled and its sums kept in registers.
protocol ColumnCount {
    static var value: Int { get }
}

enum OneColumn: ColumnCount { static var value: Int { 1 } }
enum TwoColumns: ColumnCount { static var value: Int { 2 } }
enum ThreeColumns: ColumnCount { static var value: Int { 3 } }
enum FourColumns: ColumnCount { static var value: Int { 4 } }
enum SixColumns: ColumnCount { static var value: Int { 6 } }
enum SevenColumns: ColumnCount { static var value: Int { 7 } }
enum EightColumns: ColumnCount { static var value: Int { 8 } }
