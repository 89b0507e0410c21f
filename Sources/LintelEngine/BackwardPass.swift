import LintelNumerics

extension RNNWorkspace {
    /// The loss of the last forward pass, and ∂loss/∂x_{t+1} of its direct terms written into
    /// `stateGradients` (the recurrence is added by ``backward()``).
    ///
    /// Activity term: mean over masked entries of (ŷ − y)², ŷ = φ(x) or x. Readout term: mean over
    /// masked (step, trial, output) entries of (z − target)². Sums accumulate in Double.
    public func lossAndDirectGradients(
        batch data: TrialBatch<Scalar>, objective: TrainingObjective
    ) -> Double {
        let slot = batch * units
        let total = steps * slot
        stateGradients.zero()
        var loss = 0.0

        if let target = objective.activity {
            guard let activity = data.activity else {
                preconditionFailure("an activity objective needs activity in the batch")
            }
            precondition(activity.count == total, "activity does not match the workspace")
            let weightSum = data.activityMask.map { $0.reduce(0.0) { $0 + Double($1) } }
                ?? Double(total)
            if weightSum > 0 {
                let gradientScale = Scalar(2 / weightSum)
                let x = states.at(slot)
                let r = rates.at(slot)
                var sum = 0.0
                activity.withUnsafeBufferPointer { y in
                    for index in 0..<total {
                        let weight = data.activityMask?[index] ?? 1
                        if weight == 0 { continue }
                        let predicted = target == .rates ? r[index] : x[index]
                        let error = predicted - y[index]
                        sum += Double(weight * error * error)
                        var gradient = gradientScale * weight * error
                        if target == .rates {
                            gradient *= nonlinearity.derivative(current: x[index], rate: r[index])
                        }
                        stateGradients.pointer[index] = gradient
                    }
                }
                loss += sum / weightSum
            }
        }

        if objective.readout {
            precondition(outputCount > 0, "a readout objective needs a network with a readout")
            guard let targets = data.targets else {
                preconditionFailure("a readout objective needs targets in the batch")
            }
            precondition(targets.count == steps * batch * outputCount, "targets do not match")
            let stepWeights = data.targetMask.map { $0.reduce(0.0) { $0 + Double($1) } }
                ?? Double(steps * batch)
            let weightSum = stepWeights * Double(outputCount)
            outputGradients.zero()
            if weightSum > 0 {
                let gradientScale = Scalar(2 / weightSum)
                var sum = 0.0
                for row in 0..<(steps * batch) {
                    let weight = data.targetMask?[row] ?? 1
                    if weight == 0 { continue }
                    for o in 0..<outputCount {
                        let index = row * outputCount + o
                        let error = outputs.pointer[index] - targets[index]
                        sum += Double(weight * error * error)
                        outputGradients.pointer[index] = gradientScale * weight * error
                    }
                }
                loss += sum / weightSum
                // ∂L/∂x_{t+1} += s (∂L/∂z_t) wᵀ ⊙ tanh′(x_{t+1}).
                for t in 0..<steps {
                    Scalar.gemm(
                        .none, .transposed, m: batch, n: units, k: outputCount,
                        alpha: readoutScale, a: outputGradients.at(t * batch * outputCount),
                        lda: outputCount, b: readout.constPointer, ldb: outputCount, beta: 0,
                        c: stepScratch.pointer, ldc: units)
                    let g = stateGradients.at(t * slot)
                    let squashed = readoutRatesStart + t * slot
                    for i in 0..<slot {
                        g[i] += stepScratch.pointer[i] * (1 - squashed[i] * squashed[i])
                    }
                }
            }
        }
        return loss
    }

    /// Backpropagation through time from the direct gradients in `stateGradients`: completes
    /// ∂L/∂x_t for every step, then forms every parameter gradient with one GEMM over all steps.
    public func backward(
        inputs: [Scalar], includeReadout: Bool
    ) -> RNNGradient<Scalar> {
        let slot = batch * units
        let rows = steps * batch
        let decay = 1 - alpha
        let inverseUnits = 1 / Scalar(units)
        initialGradient.zero()

        for t in stride(from: steps - 1, through: 0, by: -1) {
            let gNext = stateGradients.at(t * slot)
            let gPrevious = t > 0 ? stateGradients.at((t - 1) * slot) : initialGradient.pointer
            if let rank {
                let dKappa = kappaGradients.at(t * batch * rank)
                Scalar.gemm(
                    .none, .none, m: batch, n: rank, k: units, alpha: alpha, a: gNext, lda: units,
                    b: m.constPointer, ldb: rank, beta: 0, c: dKappa, ldc: rank)
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: rank, alpha: inverseUnits,
                    a: dKappa, lda: rank, b: n.constPointer, ldb: rank, beta: 0,
                    c: stepScratch.pointer, ldc: units)
            } else {
                Scalar.gemm(
                    .none, .none, m: batch, n: units, k: units, alpha: alpha, a: gNext,
                    lda: units, b: j.constPointer, ldb: units, beta: 0, c: stepScratch.pointer,
                    ldc: units)
            }
            let x = states.at(t * slot)
            let r = rates.at(t * slot)
            let dRate = stepScratch.pointer
            for i in 0..<slot {
                gPrevious[i] +=
                    decay * gNext[i] + nonlinearity.derivative(current: x[i], rate: r[i]) * dRate[i]
            }
        }

        let g = stateGradients.constPointer
        let earlierRates = rates.constPointer  // φ(x_0) … φ(x_{T−1})
        let connectivity: Connectivity<Scalar>
        if let rank {
            var dm = Matrix<Scalar>(rows: units, columns: rank)
            var dn = Matrix<Scalar>(rows: units, columns: rank)
            dm.storage.withUnsafeMutableBufferPointer { out in
                Scalar.gemm(
                    .transposed, .none, m: units, n: rank, k: rows, alpha: alpha, a: g, lda: units,
                    b: kappa.constPointer, ldb: rank, beta: 0, c: out.baseAddress!, ldc: rank)
            }
            dn.storage.withUnsafeMutableBufferPointer { out in
                Scalar.gemm(
                    .transposed, .none, m: units, n: rank, k: rows, alpha: inverseUnits,
                    a: earlierRates, lda: units, b: kappaGradients.constPointer, ldb: rank,
                    beta: 0, c: out.baseAddress!, ldc: rank)
            }
            connectivity = .lowRank(m: dm, n: dn)
        } else {
            var dj = Matrix<Scalar>(rows: units, columns: units)
            dj.storage.withUnsafeMutableBufferPointer { out in
                Scalar.gemm(
                    .transposed, .none, m: units, n: units, k: rows, alpha: alpha, a: g,
                    lda: units, b: earlierRates, ldb: units, beta: 0, c: out.baseAddress!,
                    ldc: units)
            }
            connectivity = .fullRank(j: dj)
        }

        var dInputs = Matrix<Scalar>(rows: units, columns: inputCount)
        if inputCount > 0 {
            precondition(inputs.count == rows * inputCount, "inputs do not match the workspace")
            inputs.withUnsafeBufferPointer { u in
                dInputs.storage.withUnsafeMutableBufferPointer { out in
                    Scalar.gemm(
                        .transposed, .none, m: units, n: inputCount, k: rows, alpha: alpha, a: g,
                        lda: units, b: u.baseAddress!, ldb: inputCount, beta: 0,
                        c: out.baseAddress!, ldc: inputCount)
                }
            }
        }

        var dReadout: Matrix<Scalar>? = nil
        if outputCount > 0 {
            var dw = Matrix<Scalar>(rows: units, columns: outputCount)
            if includeReadout {
                dw.storage.withUnsafeMutableBufferPointer { out in
                    Scalar.gemm(
                        .transposed, .none, m: units, n: outputCount, k: rows,
                        alpha: readoutScale, a: readoutRatesStart, lda: units,
                        b: outputGradients.constPointer, ldb: outputCount, beta: 0,
                        c: out.baseAddress!, ldc: outputCount)
                }
            }
            dReadout = dw
        }

        var dInitial = [Scalar](repeating: 0, count: units)
        for b in 0..<batch {
            let row = initialGradient.at(b * units)
            for i in 0..<units { dInitial[i] += row[i] }
        }
        return RNNGradient(
            connectivity: connectivity, inputVectors: dInputs, readout: dReadout,
            initialState: dInitial)
    }

    /// Forward pass, loss and exact gradient of every parameter for one batch.
    public func lossAndGradient(
        batch data: TrialBatch<Scalar>, objective: TrainingObjective,
        noiseStandardDeviation sigma: Scalar = 0, noise: inout [SeededRandom]
    ) -> (loss: Double, gradient: RNNGradient<Scalar>) {
        forward(inputs: data.inputs, noiseStandardDeviation: sigma, noise: &noise)
        let loss = lossAndDirectGradients(batch: data, objective: objective)
        let gradient = backward(inputs: data.inputs, includeReadout: objective.readout)
        return (loss, gradient)
    }
}
