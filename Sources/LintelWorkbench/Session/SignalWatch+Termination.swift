import Foundation
import LintelEngine

extension SignalWatch {
    /// SIGHUP and SIGTERM posted to the workbench's inbox instead of ending the process.
    /// Installed before ncurses starts: the terminal backend leaves ignored signals to whoever
    /// ignores them.
    static func termination(posting inbox: WorkbenchInbox) -> SignalWatch {
        SignalWatch([SIGHUP, SIGTERM]) { inbox.post(.terminate($0)) }
    }
}
