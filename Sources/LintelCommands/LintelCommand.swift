import ArgumentParser

/// `lintel`: the root command. With no subcommand it opens the workbench (WorkbenchCommand).
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
        subcommands: [SimulateCommand.self, InspectCommand.self, ImportCommand.self, PrepareCommand.self, FitCommand.self, SweepCommand.self, TaskCommand.self, ExperimentCommand.self, SyntheticCommand.self, AnalyzeCommand.self, InactivateCommand.self, BenchCommand.self, WorkbenchCommand.self],
        // `lintel`, `lintel DATA.npz`, `lintel RUN_DIR`: the workbench (WorkbenchLauncher.swift).
        defaultSubcommand: WorkbenchCommand.self
    )

    public init() {}

    public func run() async throws {
        print(Self.status)
    }

    static let status = """
        Lintel \(LintelVersion.current) — low-rank RNNs fitted to neural trajectories.

        'lintel' alone opens the workbench on the bundled CDM sample and starts a rank sweep;
        'lintel DATA.npz' or 'lintel RUN_DIR' opens a dataset or finished fits. Headless commands:

          lintel inspect RECORDING.nwb
              What a recording (NWB, HDF5, MATLAB .mat) or dataset holds: units, trials
              and their columns, arrays, and what a fit still needs.
          lintel import SESSION.nwb --align move_time --window=-800,400 --bin-ms 10 --out RECORDING.npz
              Bin a lab's recording (NWB, HDF5, MATLAB) into a dataset: spikes to rates in Hz,
              trials aligned, smoothed, grouped by condition and averaged.
          lintel prepare RECORDING.npz --pca 12 --out DATA.npz
              Preprocess recorded activity (centre, denoise, scale) for a --target currents fit.
          lintel fit DATA.npz --rank R --out RUN_DIR
              Fit a rank-R network (or --rank full) to a dataset's activity; checkpoints,
              Ctrl-C and --resume RUN_DIR never lose work.
          lintel sweep DATA.npz --ranks 1-5 --seeds 3 --out DIR
              Fit every rank with several seeds and recommend the smallest rank that explains
              the data.
          lintel simulate --model MODEL.npz --inputs DATA.npz --out OUT.npz
              Run a network on a dataset's inputs; write its states, rates and readout.
          lintel synthetic --rank 2 --out DATA.npz --teacher-out TEACHER.npz
              Make a low-rank teacher with known structure and a noisy dataset from it.
          lintel analyze RUN_DIR|MODEL.npz --input 0,0,0.1,0 --json
              Latents, flow field, fixed points and populations of a low-rank network.
          lintel inactivate MODEL.npz --population top:100:input:3 --teacher T.npz
              Silence a population; accuracy per context (or R²) intact vs silenced.

        Run 'lintel help <command>' for the options of a command.
        """
}
