import Foundation
import LintelNumerics
import Testing

@testable import LintelDynamics

@Suite("Rotational plane (jPCA)")
struct RotationalPlaneTests {
    /// Trials rotating by `speed` per bin in the plane of `a` and `b` (orthonormal, in 4 dimensions),
    /// each from its own phase and radius, plus a drift shared by all trials and a constant
    /// offset of each trial along `c` (orthogonal to the plane: the rotation's centre moves along
    /// an axis the rotation leaves alone).
    static func rotating(speed: Double, a: [Double], b: [Double], c: [Double], trials: Int = 6, steps: Int = 30) -> Tensor3<Double> {
        var x = Tensor3<Double>(trials, steps, 4)
        for trial in 0..<trials {
            let phase = 2 * Double.pi * Double(trial) / Double(trials)
            let radius = 1 + 0.2 * Double(trial)
            for t in 0..<steps {
                let angle = phase + speed * Double(t)
                for d in 0..<4 {
                    let drift = 0.05 * Double(t) * Double(d + 1)
                    let offset = 0.3 * Double(trial - 2) * c[d]
                    x.storage[(trial * steps + t) * 4 + d] =
                        radius * (cos(angle) * a[d] + sin(angle) * b[d]) + drift + offset
                }
            }
        }
        return x
    }

    @Test("a rotation in a known plane is found: the plane, the Cayley speed 2 tan(ω/2) per bin, all the change explained, and motion from axis 1 to axis 2")
    func recoversAKnownRotation() throws {
        let s = 1 / 2.0.squareRoot()
        let a = [s, 0, 0, s]
        // The plane mixes all four dimensions.
        let speed = 0.2
        let x = Self.rotating(speed: speed, a: a, b: [0, s, -s, 0], c: [0, s, s, 0])
        let plane = try #require(RotationalPlane.fit(x))
        #expect(abs(plane.angularSpeed - 2 * tan(speed / 2)) < 1e-9)
        #expect(abs(plane.explainedChange - 1) < 1e-9)
        // The projector onto the found plane equals the projector onto span{a, b'}.
        let bPrime = [0, s, -s, 0]
        for i in 0..<4 {
            for j in 0..<4 {
                let found = plane.axes[i, 0] * plane.axes[j, 0] + plane.axes[i, 1] * plane.axes[j, 1]
                #expect(abs(found - (a[i] * a[j] + bPrime[i] * bPrime[j])) < 1e-9)
            }
        }
        // In the plane's coordinates the angle grows by ω every bin.
        let projected = plane.project(x)
        for t in 0..<5 {
            let now = atan2(projected[1, t, 1], projected[1, t, 0])
            let next = atan2(projected[1, t + 1, 1], projected[1, t + 1, 0])
            let step = remainder(next - now, 2 * Double.pi)
            #expect(abs(step - speed) < 1e-9, "bin \(t): \(step)")
        }
    }

    @Test("one latent dimension, one time bin or no motion has no rotational plane")
    func degenerateInputs() {
        #expect(RotationalPlane.fit(Tensor3<Double>(3, 10, 1, repeating: 1)) == nil)
        #expect(RotationalPlane.fit(Tensor3<Double>(3, 1, 3, repeating: 1)) == nil)
        #expect(RotationalPlane.fit(Tensor3<Double>(3, 10, 3, repeating: 2)) == nil)
    }
}
