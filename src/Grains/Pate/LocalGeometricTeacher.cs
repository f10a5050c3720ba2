using System.Collections.Immutable;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// The teacher side of Zhao's local variant: the one-hot vote of the predicted class, each coordinate released by the
/// truncated geometric mechanism on [0, 1] with ε/2. Changing the class changes two coordinates by 1, so the vector is
/// ε-DP. The result is a vector in {0, 1}^classes (not necessarily one-hot), submitted as a
/// <see cref="Interfaces.Pate.VoteEncoding.LocallyPerturbed"/> vote.
/// </summary>
public static class LocalGeometricTeacher
{
    /// <summary>Perturbs one vote.</summary>
    /// <param name="label">The teacher's predicted class in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes (at least 2).</param>
    /// <param name="epsilon">ε of the released vector.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <returns>The perturbed vote vector.</returns>
    public static ImmutableArray<int> Perturb(int label, int classCount, double epsilon, RandomSource? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if ((uint)label >= (uint)classCount)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"The label must lie in [0, {classCount}).");
        }

        CheckEpsilon(epsilon);
        var mechanism = new TruncatedGeometricMechanism(epsilon / 2, 1, random);
        var oneHot = new int[classCount];
        oneHot[label] = 1;
        var released = new int[classCount];
        mechanism.ReleaseVotes(oneHot, released);
        return ImmutableArray.Create(released);
    }

    internal static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 2.0 / (1 << 20)) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and at least 2^-19 (ε/2 per coordinate).");
        }
    }
}
