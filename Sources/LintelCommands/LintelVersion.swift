/// The version written into every file and JSON document Lintel produces.
public enum LintelVersion {
    public static let current = "0.1.0"
}
