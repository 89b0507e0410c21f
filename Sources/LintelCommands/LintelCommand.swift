import ArgumentParser

/// `lintel`: the root command. With no subcommand it says what this build can do.
public struct LintelCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lintel",
        abstract: "Fit low-rank recurrent networks to neural population activity (LINT).",
        discussion: """
            Lintel implements Low-rank Inference from Neural Trajectories (Valente, Pillow & \
            Ostojic, NeurIPS 2022): fit recurrent networks of low rank R to recorded activity \
            (trials × time × neurons), one unit per neuron, choose the smallest R that explains \
            the data, and read the mechanism off the fitted network.

            Files are numpy .npz archives with the keys listed in README.md, so results load \
            with numpy.load. Bad input files exit with status 2 and one line on stderr.
            """,
        version: LintelVersion.current,
        subcommands: [SimulateCommand.self, FitCommand.self, SweepCommand.self, SyntheticCommand.self]
    )

    public init() {}

    public func run() async throws {
        print(Self.status)
    }

    static let status = """
        Lintel \(LintelVersion.current) — low-rank RNNs fitted to neural trajectories.

        The interactive workbench is not built yet; these headless commands are ready:

          lintel simulate --model MODEL.npz --inputs DATA.npz --out OUT.npz
              Run a network (low-rank or full-rank, tanh or ReLU) on a dataset's inputs and
              write its states, rates and readout as numpy arrays.

        Run 'lintel help <command>' for the options of a command.
        """
}
