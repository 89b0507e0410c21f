import LintelNumerics

extension RNNWorkspace {
    /// Runs the batch from x_0 = h0 to x_T (METHOD.md §1), keeping every state, rate, κ and
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
        let slot = batch * units
        precondition(inputs.count == steps * batch * inputCount, "inputs do not match the workspace")
        precondition(sigma == 0 || noise.count == batch, "one noise stream per trial is needed")
        let decay = 1 - alpha
        let inverseUnits = 1 / Scalar(units)

        for b in 0..<batch { states.at(b * units).update(from: initialState.pointer, count: units) }
        nonlinearity.apply(states.constPointer, into: rates.pointer, count: slot)

        // The input drive α I u_t of every step at once, written straight into x_1 … x_T.
        let drive = states.at(slot)
        if inputCount > 0 {
            inputs.withUnsafeBufferPointer { u in
                Scalar.gemm(
                    .none, .transposed, m: steps * batch, n: units, k: inputCount, alpha: alpha,
                    a: u.baseAddress!, lda: inputCount, b: inputVectors.constPointer,
                    ldb: inputCount, beta: 0, c: drive, ldc: units)
            }
        } else {
            drive.update(repeating: 0, count: steps * slot)
        }

        for t in 0..<steps {
            let x = states.at(t * slot)
            let xNext = states.at((t + 1) * slot)
            let r = rates.at(t * slot)
            for i in 0..<slot { xNext[i] += decay * x[i] }
            if let rank {
                let k = kappa.at(t * batch * rank)
                Scalar.gemm(
                    .none, .none, m: batch, n: rank, k: units, alpha: inverseUnits, a: r,
                    lda: units, b: n.constPointer, ldb: rank, beta: 0, c: k, ldc: rank)
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: rank, alpha: alpha, a: k, lda: rank,
                    b: m.constPointer, ldb: rank, beta: 1, c: xNext, ldc: units)
            } else {
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha, a: r,
                    lda: units, b: j.constPointer, ldb: units, beta: 1, c: xNext, ldc: units)
            }
            if sigma != 0 {
                for b in 0..<batch {
                    let row = xNext + b * units
                    for i in 0..<units { row[i] += sigma * Scalar(noise[b].gaussian()) }
                }
            }
            nonlinearity.apply(xNext, into: rates.at((t + 1) * slot), count: slot)
        }

        if outputCount > 0 {
            if readoutRates.count > 0 {
                Nonlinearity.tanh.apply(
                    states.at(slot), into: readoutRates.pointer, count: steps * slot)
            }
            Scalar.gemm(
                .none, .none, m: steps * batch, n: outputCount, k: units, alpha: readoutScale,
                a: readoutRatesStart, lda: units, b: readout.constPointer, ldb: outputCount,
                beta: 0, c: outputs.pointer, ldc: outputCount)
        }
    }
}
