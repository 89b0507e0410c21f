import LintelNumerics

extension RNNWorkspace {
    /// Runs the batch from x_0 = h0 to x_T (docs/METHOD.md §1), keeping every state, rate, κ and
    /// readout for the backward pass.
    ///
    /// - Parameters:
    ///   - inputs: T × B × K, time-major (``TrialBatch/inputs``).
    ///   - noiseStandardDeviation: σ of the per-step noise σ ξ_t (not scaled by α).
    ///   - noise: one random stream per trial of the batch, used only when σ > 0, so that a
    ///     trial's noise does not depend on which other trials share its batch.
    public func forward(
        inputs: [Scalar], noiseStandardDeviation sigma: Scalar, noise: inout [SeededRandom]
    ) {
        precondition(inputs.count == steps * batch * inputCount, "inputs do not match the workspace")
        precondition(sigma == 0 || noise.count == batch, "one noise stream per trial is needed")
        inputs.withUnsafeBufferPointer { u in
            runForward(inputs: u.baseAddress, sigma: sigma, noise: &noise)
        }
    }

    /// The time loop. Each trial's row of one step (N numbers) is finished in a few passes that
    /// stay in L1 cache: x_{t+1} = (1 − α) x_t + α (m κ_t + I u_t) in one pass (low rank; full
    /// rank adds α J φ(x_t) for the whole batch with one GEMM), then the noise, then φ, then
    /// κ_{t+1} = nᵀ φ(x_{t+1}) / N. Nothing is allocated.
    ///
    /// - Parameter keepStates: false when nothing after the forward pass reads x_1 … x_T (a tanh
    ///   network fitted to rates, or trained on its tanh readout): the states then alternate
    ///   between slots 0 and 1 and stay in cache, and only the rates are stored.
    func runForward(
        inputs u: UnsafePointer<Scalar>?, sigma: Scalar, noise: inout [SeededRandom],
        keepStates: Bool = true
    ) {
        let slot = batch * units
        let r = rank ?? 0
        let width = coefficientWidth
        let decay = 1 - alpha
        let c = coefficients.pointer

        // x_0 = h0 and φ(x_0) for every trial.
        for b in 0..<batch { states.at(b * units).update(from: initialState.pointer, count: units) }
        activate(states.constPointer, into: rates.pointer, count: units)
        for b in 1..<max(batch, 1) { rates.at(b * units).update(from: rates.pointer, count: units) }

        // Coefficients [κ_t, u_t]: the inputs now, κ_0 from φ(h0), κ_{t+1} as the loop goes.
        if let u, inputCount > 0 {
            for row in 0..<(steps * batch) {
                (c + row * width + r).update(from: u + row * inputCount, count: inputCount)
            }
        }
        if r > 0 { projectRates(rates.constPointer, into: c) }

        for t in 0..<steps {
            let x = states.at((keepStates ? t : t & 1) * slot)
            let xNext = states.at((keepStates ? t + 1 : (t + 1) & 1) * slot)
            let rNext = rates.at((t + 1) * slot)
            let stepCoefficients = c + t * batch * width
            if rank != nil {
                for b in 0..<batch {
                    let row = b * units
                    if sigma == 0 && nonlinearity == .tanh {
                        Scalar.linearCombinationTanh(
                            count: units, decay: decay, previous: x + row,
                            coefficients: stepCoefficients + b * width, scale: alpha,
                            vectors: driveVectors.constPointer, vectorCount: width, stride: units,
                            into: xNext + row, rates: rNext + row)
                    } else {
                        Scalar.linearCombination(
                            count: units, decay: decay, previous: x + row,
                            coefficients: stepCoefficients + b * width, scale: alpha,
                            vectors: driveVectors.constPointer, vectorCount: width, stride: units,
                            into: xNext + row)
                        if sigma != 0 { addNoise(sigma, to: xNext + row, stream: &noise[b]) }
                        activate(xNext + row, into: rNext + row, count: units)
                    }
                }
                if t + 1 < steps { projectRates(rNext, into: stepCoefficients + batch * width) }
            } else {
                for b in 0..<batch {
                    let row = b * units
                    Scalar.linearCombination(
                        count: units, decay: decay, previous: x + row,
                        coefficients: stepCoefficients + b * width, scale: alpha,
                        vectors: driveVectors.constPointer, vectorCount: width, stride: units,
                        into: xNext + row)
                }
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha,
                    a: rates.at(t * slot), lda: units, b: j.constPointer, ldb: units, beta: 1,
                    c: xNext, ldc: units)
                if sigma != 0 {
                    for b in 0..<batch { addNoise(sigma, to: xNext + b * units, stream: &noise[b]) }
                }
                activate(xNext, into: rNext, count: slot)
            }
        }

        if outputCount > 0 {
            if readoutRates.count > 0 {
                precondition(keepStates, "the readout of a non-tanh network needs the states")
                Scalar.tanh(states.at(slot), into: readoutRates.pointer, count: steps * slot)
            }
            Scalar.gemm(
                .none, .transposed, m: steps * batch, n: outputCount, k: units, alpha: readoutScale,
                a: readoutRatesStart, lda: units, b: readoutTransposed.constPointer, ldb: units,
                beta: 0, c: outputs.pointer, ldc: outputCount)
        }
    }

    /// κ = nᵀ φ(x) / N for every trial of one step, into the first R coefficients of each
    /// trial's row.
    @inline(__always)
    func projectRates(_ stepRates: UnsafePointer<Scalar>, into stepCoefficients: UnsafeMutablePointer<Scalar>) {
        guard let rank else { return }
        if rank == 1 {
            // One dot per trial is cheaper than a GEMM call for a single column.
            let inverseUnits = 1 / Scalar(units)
            for b in 0..<batch {
                stepCoefficients[b * coefficientWidth] =
                    Scalar.dot(count: units, stepRates + b * units, nColumns.constPointer) * inverseUnits
            }
            return
        }
        Scalar.rowDots(
            rowCount: batch, length: units, rows: stepRates, columns: nColumns.constPointer,
            columnCount: rank, scale: 1 / Scalar(units), into: stepCoefficients, outStride: coefficientWidth)
    }

    /// rates = φ(currents) over a buffer.
    @inline(__always)
    func activate(_ currents: UnsafePointer<Scalar>, into rates: UnsafeMutablePointer<Scalar>, count: Int) {
        switch nonlinearity {
        case .tanh: Scalar.tanh(currents, into: rates, count: count)
        case .relu: for i in 0..<count { rates[i] = currents[i] > 0 ? currents[i] : 0 }
        }
    }

    /// One trial's row of σ ξ_t, drawn in unit order from the trial's stream.
    @inline(__always)
    func addNoise(_ sigma: Scalar, to row: UnsafeMutablePointer<Scalar>, stream: inout SeededRandom) {
        let draws = noiseDraws.pointer
        stream.gaussians(into: draws, count: units)
        for i in 0..<units { row[i] += sigma * Scalar(draws[i]) }
    }
}
