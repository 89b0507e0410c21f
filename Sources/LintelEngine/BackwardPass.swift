import LintelNumerics

extension RNNWorkspace {
    /// The loss of the last forward pass, and ∂loss/∂x_{t+1} of its direct terms written into
    /// `stateGradients` (the recurrence is added by ``backward(inputs:includeReadout:)``).
    ///
    /// Activity term: mean over masked entries of (ŷ − y)², ŷ = φ(x) or x. Readout term: mean over
    /// masked (step, trial, output) entries of (z − target)². Sums accumulate in Double.
    public func lossAndDirectGradients(
        batch data: TrialBatch<Scalar>, objective: TrainingObjective
    ) -> Double {
        precondition(supportsTraining, "a forward-only workspace cannot compute gradients")
        let slot = batch * units
        let total = steps * slot
        var loss = 0.0
        var written = false

        if let target = objective.activity {
            precondition(
                data.activityMask.map { $0.count == total } ?? true, "mask does not match the workspace")
            if total > 0 {
                loss += withActivityRows(data) { rows in
                    withOptionalPointer(data.activityMask) { weights in
                        activityLoss(target: target, observed: rows, weights: weights, count: total)
                    }
                }
                written = true
            }
        }
        if !written { stateGradients.zero() }

        if objective.readout { loss += readoutTerm(data) }
        return loss
    }

    /// The readout term of the batch's loss (its targets checked against the workspace); adds
    /// its direct gradients to `stateGradients`.
    private func readoutTerm(_ data: TrialBatch<Scalar>) -> Double {
        precondition(outputCount > 0, "a readout objective needs a network with a readout")
        guard let targets = data.targets else {
            preconditionFailure("a readout objective needs targets in the batch")
        }
        precondition(targets.count == steps * batch * outputCount, "targets do not match")
        precondition(
            data.targetMask.map { $0.count == steps * batch } ?? true, "target mask does not match")
        guard !targets.isEmpty else { return 0 }
        return targets.withUnsafeBufferPointer { z in
            withOptionalPointer(data.targetMask) { weights in
                readoutLoss(targets: z.baseAddress!, weights: weights)
            }
        }
    }

    /// The activity term over all T × B × N entries; writes (not adds) the direct gradients.
    private func activityLoss(
        target: ActivityTarget, observed y: ActivityRows<Scalar>, weights: UnsafePointer<Scalar>?,
        count total: Int
    ) -> Double {
        let slot = batch * units
        let weightSum = weights.map { Scalar.sum($0, count: total) } ?? Double(total)
        guard weightSum > 0, total > 0 else {
            stateGradients.zero()
            return 0
        }
        let x = states.at(slot)
        let r = rates.at(slot)
        let predicted = target == .rates ? r : x
        let squashed = target == .rates && nonlinearity == .tanh ? UnsafePointer(r) : nil
        var sum = 0.0
        for t in 0..<steps {
            for b in 0..<batch {
                let offset = t * slot + b * units
                sum += Scalar.squaredError(
                    count: units, predicted: predicted + offset, target: y.row(t, b),
                    weights: weights.map { $0 + offset }, scale: Scalar(2 / weightSum),
                    tanhOf: squashed.map { $0 + offset }, gradient: stateGradients.pointer + offset)
            }
        }
        if target == .rates && nonlinearity == .relu {
            let g = stateGradients.pointer
            for i in 0..<total where !(x[i] > 0) { g[i] = 0 }
        }
        return sum / weightSum
    }

    /// The readout term; adds s (∂L/∂z_t) wᵀ ⊙ tanh′(x_{t+1}) to the direct gradients.
    private func readoutLoss(targets: UnsafePointer<Scalar>, weights: UnsafePointer<Scalar>?) -> Double {
        let slot = batch * units
        let rows = steps * batch
        let stepWeights = weights.map { Scalar.sum($0, count: rows) } ?? Double(rows)
        let weightSum = stepWeights * Double(outputCount)
        outputGradients.zero()
        guard weightSum > 0 else { return 0 }
        let gradientScale = Scalar(2 / weightSum)
        let z = outputs.pointer, dz = outputGradients.pointer
        var sum = 0.0
        for row in 0..<rows {
            let weight = weights?[row] ?? 1
            if weight == 0 { continue }
            for o in 0..<outputCount {
                let index = row * outputCount + o
                let error = z[index] - targets[index]
                sum += Double(weight * error * error)
                dz[index] = gradientScale * weight * error
            }
        }
        for t in 0..<steps {
            Scalar.gemm(
                .none, .transposed, m: batch, n: units, k: outputCount,
                alpha: readoutScale, a: outputGradients.at(t * batch * outputCount),
                lda: outputCount, b: readout.constPointer, ldb: outputCount, beta: 0,
                c: stepScratch.pointer, ldc: units)
            let g = stateGradients.at(t * slot)
            Scalar.tanhBackward(
                count: slot, decay: 0, gradient: g, rates: readoutRatesStart + t * slot,
                coefficients: one.constPointer, scale: 1, vectors: stepScratch.constPointer,
                vectorCount: 1, stride: 0, into: g)
        }
        return sum / weightSum
    }

    /// Backpropagation through time from the direct gradients in `stateGradients`: completes
    /// ∂L/∂x_t for every step, then forms every parameter gradient with one GEMM over all steps.
    public func backward(
        inputs: [Scalar], includeReadout: Bool
    ) -> RNNGradient<Scalar> {
        precondition(inputs.count == steps * batch * inputCount, "inputs do not match the workspace")
        propagateBack(includeReadout: includeReadout)
        return gradient(includeReadout: includeReadout)
    }

    /// The time loop of the backward pass from the direct gradients already in
    /// `stateGradients`, then the parameter gradients, into the workspace's buffers. Nothing is
    /// allocated.
    func propagateBack(includeReadout: Bool) {
        precondition(supportsTraining, "a forward-only workspace cannot compute gradients")
        switch nonlinearity {
        case .tanh: _ = backwardTimeLoop(term: nil, accumulate: true)
        case .relu: reluBackwardTimeLoop()
        }
        parameterGradients(includeReadout: includeReadout)
    }

    /// The backward time loop for φ = ReLU: g_t += (1 − α) g_{t+1} + 1[x_t > 0] ⊙ ∂L/∂φ(x_t).
    private func reluBackwardTimeLoop() {
        let slot = batch * units
        let decay = 1 - alpha
        let inverseUnits = 1 / Scalar(units)
        initialGradient.zero()
        startStepGradients()

        for t in stride(from: steps - 1, through: 0, by: -1) {
            let gNext = stateGradients.at(t * slot)
            let gPrevious = t > 0 ? stateGradients.at((t - 1) * slot) : initialGradient.pointer
            let x = states.at(t * slot)
            if let rank {
                // Per trial: ∂L/∂κ_t = α mᵀ g, then ∂L/∂φ(x_t) = n ∂L/∂κ_t / N.
                let dKappa = kappaGradients.at(t * batch * rank)
                projectGradients(gNext, into: dKappa)
                for b in 0..<batch {
                    let row = b * units
                    let dRate = stepScratch.at(row)
                    Scalar.linearCombination(
                        count: units, decay: 0, previous: nil, coefficients: dKappa + b * rank,
                        scale: inverseUnits, vectors: nColumns.constPointer, vectorCount: rank,
                        stride: units, into: dRate)
                    reluBackward(
                        count: units, decay: decay, gradient: gNext + row, currents: x + row,
                        rateGradient: dRate, into: gPrevious + row)
                }
                accumulateStepGradients(t, gradient: gNext, rates: rates.at(t * slot), kappaGradient: dKappa)
            } else {
                // ∂L/∂φ(x_t) = α g_{t+1} J, as g (Jᵀ)ᵀ.
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha, a: gNext,
                    lda: units, b: jTransposed.constPointer, ldb: units, beta: 0,
                    c: stepScratch.pointer, ldc: units)
                reluBackward(
                    count: slot, decay: decay, gradient: gNext, currents: x,
                    rateGradient: stepScratch.constPointer, into: gPrevious)
            }
        }
    }

    /// Every parameter gradient from the completed ∂L/∂x_t: one GEMM over all steps each.
    func parameterGradients(includeReadout: Bool) {
        let rows = steps * batch
        let inverseUnits = 1 / Scalar(units)
        let width = coefficientWidth
        let g = stateGradients.constPointer
        let earlierRates = rates.constPointer  // φ(x_0) … φ(x_{T−1})
        if let rank {
            // Summed step by step in the time loop (accumulateStepGradients); here only scaled
            // and laid out N × columns.
            transpose(coefficientGradientColumns, scale: alpha, columns: width, into: coefficientGradient)
            transpose(nGradientColumns, scale: inverseUnits, columns: rank, into: nGradient)
        } else {
            // ∂L/∂I = α Σ_t g_{t+1} u_tᵀ in one GEMM.
            if width > 0 {
                Scalar.gemm(
                    .transposed, .none, m: units, n: width, k: rows, alpha: alpha, a: g, lda: units,
                    b: coefficients.constPointer, ldb: width, beta: 0, c: coefficientGradient.pointer,
                    ldc: width)
            }
            Scalar.gemm(
                .transposed, .none, m: units, n: units, k: rows, alpha: alpha, a: g,
                lda: units, b: earlierRates, ldb: units, beta: 0, c: jGradient.pointer,
                ldc: units)
        }
        if outputCount > 0 {
            if includeReadout {
                Scalar.gemm(
                    .transposed, .none, m: units, n: outputCount, k: rows,
                    alpha: readoutScale, a: readoutRatesStart, lda: units,
                    b: outputGradients.constPointer, ldb: outputCount, beta: 0,
                    c: readoutGradient.pointer, ldc: outputCount)
            } else {
                readoutGradient.zero()
            }
        }
        let dInitial = initialStateGradient.pointer
        dInitial.update(repeating: 0, count: units)
        for b in 0..<batch {
            let row = initialGradient.at(b * units)
            for i in 0..<units { dInitial[i] += row[i] }
        }
    }

    /// Zeroes the step-by-step sums of a low-rank network's parameter gradients.
    private func startStepGradients() {
        guard rank != nil else { return }
        coefficientGradientColumns.zero()
        nGradientColumns.zero()
    }

    /// Adds step t's share of [∂L/∂m | ∂L/∂I] / α = Σ_b g_{t+1} [κ_t, u_t]ᵀ and of
    /// N ∂L/∂n = Σ_b φ(x_t) (∂L/∂κ_t)ᵀ, while the step's rows are in cache.
    @inline(__always)
    private func accumulateStepGradients(
        _ t: Int, gradient g: UnsafePointer<Scalar>, rates r: UnsafePointer<Scalar>,
        kappaGradient dKappa: UnsafePointer<Scalar>
    ) {
        guard let rank else { return }
        let width = coefficientWidth
        Scalar.accumulateRowProducts(
            rowCount: batch, length: units, rows: g, weights: coefficients.at(t * batch * width),
            weightStride: width, columns: width, into: coefficientGradientColumns.pointer)
        Scalar.accumulateRowProducts(
            rowCount: batch, length: units, rows: r, weights: dKappa, weightStride: rank,
            columns: rank, into: nGradientColumns.pointer)
    }

    /// target[i · columns + j] = scale · source[j · N + i].
    private func transpose(
        _ source: ScratchBuffer<Scalar>, scale: Scalar, columns: Int, into target: ScratchBuffer<Scalar>
    ) {
        for j in 0..<columns {
            for i in 0..<units { target.pointer[i * columns + j] = scale * source.pointer[j * units + i] }
        }
    }

    /// ∂L/∂κ_t = α mᵀ g_{t+1} for every trial of one step (m's columns are the first R drive
    /// vectors).
    @inline(__always)
    private func projectGradients(_ g: UnsafePointer<Scalar>, into dKappa: UnsafeMutablePointer<Scalar>) {
        guard let rank else { return }
        if rank == 1 {
            // One dot per trial is cheaper than a GEMM call for a single column.
            for b in 0..<batch {
                dKappa[b] = alpha * Scalar.dot(count: units, g + b * units, driveVectors.constPointer)
            }
            return
        }
        Scalar.rowDots(
            rowCount: batch, length: units, rows: g, columns: driveVectors.constPointer,
            columnCount: rank, scale: alpha, into: dKappa, outStride: rank)
    }

    /// g_t += (1 − α) g_{t+1} + 1[x_t > 0] ⊙ ∂L/∂φ(x_t).
    private func reluBackward(
        count: Int, decay: Scalar, gradient g: UnsafePointer<Scalar>, currents x: UnsafePointer<Scalar>,
        rateGradient dRate: UnsafePointer<Scalar>, into previous: UnsafeMutablePointer<Scalar>
    ) {
        for i in 0..<count { previous[i] += decay * g[i] + (x[i] > 0 ? dRate[i] : 0) }
    }

    /// The parameter gradients of the last backward pass, shaped like the parameters.
    func gradient(includeReadout: Bool) -> RNNGradient<Scalar> {
        let width = coefficientWidth
        let r = rank ?? 0
        func columns(_ range: Range<Int>) -> Matrix<Scalar> {
            var result = Matrix<Scalar>(rows: units, columns: range.count)
            for i in 0..<units {
                for (column, source) in range.enumerated() {
                    result.storage[i * range.count + column] = coefficientGradient.pointer[i * width + source]
                }
            }
            return result
        }
        let connectivity: Connectivity<Scalar>
        if let rank {
            connectivity = .lowRank(
                m: columns(0..<rank),
                n: Matrix(rows: units, columns: rank, storage: nGradient.array()))
        } else {
            connectivity = .fullRank(j: Matrix(rows: units, columns: units, storage: jGradient.array()))
        }
        let dReadout =
            outputCount > 0
            ? Matrix(rows: units, columns: outputCount, storage: readoutGradient.array()) : nil
        return RNNGradient(
            connectivity: connectivity, inputVectors: columns(r..<(r + inputCount)),
            readout: dReadout, initialState: initialStateGradient.array())
    }

    /// Forward pass, loss and exact gradient of every parameter for one batch.
    public func lossAndGradient(
        batch data: TrialBatch<Scalar>, objective: TrainingObjective,
        noiseStandardDeviation sigma: Scalar = 0, noise: inout [SeededRandom]
    ) -> (loss: Double, gradient: RNNGradient<Scalar>) {
        precondition(data.inputs.count == steps * batch * inputCount, "inputs do not match the workspace")
        precondition(sigma == 0 || noise.count == batch, "one noise stream per trial is needed")
        // With φ = tanh, only a loss on the currents reads the states after the forward pass.
        let keepStates = nonlinearity != .tanh || objective.activity == .currents
        data.inputs.withUnsafeBufferPointer { u in
            runForward(inputs: u.baseAddress, sigma: sigma, noise: &noise, keepStates: keepStates)
        }
        let loss = lossAndBackward(batch: data, objective: objective)
        return (loss, gradient(includeReadout: objective.readout))
    }

    /// The loss and every gradient of the last forward pass, into the workspace's buffers.
    /// With φ = tanh the activity term is folded into the backward time loop (one pass over the
    /// trajectories instead of two); ReLU takes the two-pass route. Nothing is allocated.
    func lossAndBackward(batch data: TrialBatch<Scalar>, objective: TrainingObjective) -> Double {
        guard nonlinearity == .tanh else {
            let loss = lossAndDirectGradients(batch: data, objective: objective)
            propagateBack(includeReadout: objective.readout)
            return loss
        }
        precondition(supportsTraining, "a forward-only workspace cannot compute gradients")
        let total = steps * batch * units
        var loss = 0.0
        // The readout term's direct gradients go in first; the time loop then adds to them.
        var accumulate = false
        if objective.readout {
            stateGradients.zero()
            accumulate = true
            loss += readoutTerm(data)
        }
        guard let target = objective.activity, total > 0 else {
            _ = backwardTimeLoop(term: nil, accumulate: accumulate)
            parameterGradients(includeReadout: objective.readout)
            return loss
        }
        precondition(
            data.activityMask.map { $0.count == total } ?? true, "mask does not match the workspace")
        loss += withActivityRows(data) { rows in
            withOptionalPointer(data.activityMask) { weights in
                let weightSum = weights.map { Scalar.sum($0, count: total) } ?? Double(total)
                guard weightSum > 0 else {
                    _ = backwardTimeLoop(term: nil, accumulate: accumulate)
                    return 0
                }
                let term = ActivityTerm(
                    predicted: UnsafePointer(target == .rates ? rates.pointer : states.pointer),
                    observed: rows, weights: weights, scale: Scalar(2 / weightSum),
                    squashed: target == .rates)
                return backwardTimeLoop(term: term, accumulate: accumulate) / weightSum
            }
        }
        parameterGradients(includeReadout: objective.readout)
        return loss
    }

    /// The backward time loop for φ = tanh with the activity term folded in. `term` points at
    /// time 0 of the predicted trajectory and at data bin 0 (compared with x_1); `accumulate`
    /// says whether `stateGradients` already holds direct (readout) gradients to add to.
    /// Returns the activity term's weighted sum of squared errors.
    private func backwardTimeLoop(term activityTerm: ActivityTerm<Scalar>?, accumulate: Bool) -> Double {
        let slot = batch * units
        let decay = 1 - alpha
        let inverseUnits = 1 / Scalar(units)
        var sum = 0.0
        startStepGradients()
        /// The term for state x_t (data bin t − 1) of batch trial b.
        @inline(__always) func term(at t: Int, trial b: Int) -> SquaredErrorTerm<Scalar>? {
            guard let activityTerm, t >= 1 else { return nil }
            return activityTerm.row(t, b, slot: slot, units: units)
        }

        // ∂L/∂x_t of a low-rank network is read only by the next step back (its parameter
        // gradients are summed step by step), so unless readout gradients were put in first,
        // two slots in turn do: 64 KB that stay in L2 at the CDM setting instead of T · 64 KB
        // written out to L3 and memory.
        let rotating = rank != nil && !accumulate
        @inline(__always) func gradientSlot(_ t: Int) -> UnsafeMutablePointer<Scalar> {
            stateGradients.at((rotating ? t & 1 : t) * slot)
        }

        // ∂L/∂x_T has only its direct terms.
        let lastRates = rates.at(steps * slot)
        let last = gradientSlot(steps - 1)
        for b in 0..<batch {
            let row = b * units
            sum += Scalar.tanhBackward(
                count: units, decay: 0, gradient: lastRates + row, rates: lastRates + row,
                coefficients: one.constPointer, scale: 0, vectors: lastRates + row,
                vectorCount: 0, stride: 0, loss: term(at: steps, trial: b), accumulate: accumulate,
                into: last + row)
        }

        for t in stride(from: steps - 1, through: 0, by: -1) {
            let gNext = gradientSlot(t)
            let gPrevious = t > 0 ? gradientSlot(t - 1) : initialGradient.pointer
            let add = accumulate && t > 0
            let r = rates.at(t * slot)
            if let rank {
                // Per trial: ∂L/∂κ_t = α mᵀ g_{t+1}, then g_t = direct + (1 − α) g_{t+1} + φ′ ⊙ (n ∂L/∂κ_t / N).
                let dKappa = kappaGradients.at(t * batch * rank)
                projectGradients(gNext, into: dKappa)
                for b in 0..<batch {
                    let row = b * units
                    sum += Scalar.tanhBackward(
                        count: units, decay: decay, gradient: gNext + row, rates: r + row,
                        coefficients: dKappa + b * rank, scale: inverseUnits,
                        vectors: nColumns.constPointer, vectorCount: rank, stride: units,
                        loss: term(at: t, trial: b), accumulate: add, into: gPrevious + row)
                }
                accumulateStepGradients(t, gradient: gNext, rates: r, kappaGradient: dKappa)
            } else {
                // ∂L/∂φ(x_t) = α g_{t+1} J, as g (Jᵀ)ᵀ.
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha, a: gNext,
                    lda: units, b: jTransposed.constPointer, ldb: units, beta: 0,
                    c: stepScratch.pointer, ldc: units)
                for b in 0..<batch {
                    let row = b * units
                    sum += Scalar.tanhBackward(
                        count: units, decay: decay, gradient: gNext + row, rates: r + row,
                        coefficients: one.constPointer, scale: 1, vectors: stepScratch.at(row),
                        vectorCount: 1, stride: 0, loss: term(at: t, trial: b), accumulate: add,
                        into: gPrevious + row)
                }
            }
        }
        return sum
    }
}

/// Calls `body` with the array's base address, or nil for a nil array.
@inline(__always)
func withOptionalPointer<Scalar, Result>(
    _ array: [Scalar]?, _ body: (UnsafePointer<Scalar>?) -> Result
) -> Result {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// Where the activity row of data bin t and batch trial b lies: in the batch's time-major array,
/// or read in place from the dataset's trial-major tensor (``TrialBatch/activitySource``).
struct ActivityRows<Scalar> {
    let base: UnsafePointer<Scalar>
    /// The tensor trial of each batch trial; nil for the time-major array.
    let trials: UnsafePointer<Int>?
    let batch: Int
    let steps: Int
    let units: Int

    @inline(__always) func row(_ t: Int, _ b: Int) -> UnsafePointer<Scalar> {
        if let trials { return base + (trials[b] * steps + t) * units }
        return base + (t * batch + b) * units
    }
}

/// The activity term of the loss: predicted trajectory (from time 0), observed rows, weights
/// (time-major, data bin 0 first), the gradient's scale, and whether the prediction is tanh(x).
struct ActivityTerm<Scalar: BLASScalar> {
    let predicted: UnsafePointer<Scalar>
    let observed: ActivityRows<Scalar>
    let weights: UnsafePointer<Scalar>?
    let scale: Scalar
    let squashed: Bool

    /// The term of state x_t (t ≥ 1, data bin t − 1) for batch trial b; the time loop runs
    /// backwards, so the data row it reads next for this trial is bin t − 2.
    @inline(__always) func row(_ t: Int, _ b: Int, slot: Int, units: Int) -> SquaredErrorTerm<Scalar> {
        let offset = (t - 1) * slot + b * units
        return SquaredErrorTerm(
            predicted: predicted + t * slot + b * units, observed: observed.row(t - 1, b),
            weights: weights.map { $0 + offset }, scale: scale, squashed: squashed,
            ahead: t >= 2 ? observed.row(t - 2, b) : nil)
    }
}

extension RNNWorkspace {
    /// Calls `body` with the batch's activity rows, laid out or in place.
    func withActivityRows<Result>(
        _ data: TrialBatch<Scalar>, _ body: (ActivityRows<Scalar>) -> Result
    ) -> Result {
        if let activity = data.activity {
            precondition(activity.count == steps * batch * units, "activity does not match the workspace")
            return activity.withUnsafeBufferPointer {
                body(ActivityRows(base: $0.baseAddress!, trials: nil, batch: batch, steps: steps, units: units))
            }
        }
        guard let source = data.activitySource else {
            preconditionFailure("an activity objective needs activity in the batch")
        }
        precondition(
            source.dim1 == steps && source.dim2 == units && data.activityTrials.count == batch,
            "activity does not match the workspace")
        precondition(
            data.activityTrials.allSatisfy { $0 >= 0 && $0 < source.dim0 }, "trial index out of range")
        return source.storage.withUnsafeBufferPointer { storage in
            data.activityTrials.withUnsafeBufferPointer { trials in
                body(
                    ActivityRows(
                        base: storage.baseAddress!, trials: trials.baseAddress!, batch: batch,
                        steps: steps, units: units))
            }
        }
    }
}
