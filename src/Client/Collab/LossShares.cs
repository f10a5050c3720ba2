using OrleansFed.Interfaces.Collab;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;

namespace OrleansFed.Client.Collab;

/// <summary>
/// The worker side of FedCollabNN's loss sharing. A member of an attempt with m members encodes its loss in fixed
/// point (Z_(2^64), the codec of <see cref="Codec"/>), splits it into m + 1 additive shares — one it keeps, one per
/// other member, one for the silo — then adds what it kept to the shares the other members sent it and submits that
/// partial sum with its silo share. The silo's sum of all silo shares and partial sums is the sum of the encoded losses;
/// every share, and every partial sum, is uniformly distributed on its own.
/// </summary>
public static class LossShares
{
    /// <summary>The fixed-point codec both sides use for a campaign: clip to ±<see cref="CollabSpec.LossClip"/>, 64-bit ring, headroom for the whole roster.</summary>
    /// <param name="spec">The campaign's spec.</param>
    /// <returns>The codec.</returns>
    public static FixedPointCodec Codec(CollabSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new FixedPointCodec(spec.LossClip, CollabSpec.RingBits, spec.Workers.Length);
    }

    /// <summary>Encodes one loss (stochastic rounding, clipped).</summary>
    /// <param name="codec">The campaign's codec.</param>
    /// <param name="loss">A finite loss.</param>
    /// <param name="random">The secure source.</param>
    /// <returns>The ring element.</returns>
    /// <exception cref="ArgumentException">The loss is NaN or infinite.</exception>
    public static ulong Encode(FixedPointCodec codec, float loss, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(codec);
        Span<ulong> encoded = stackalloc ulong[1];
        codec.Encode([loss], encoded, random);
        return encoded[0];
    }

    /// <summary>
    /// Splits an encoded loss for an attempt with <paramref name="members"/> members: element j &lt; members is the share
    /// for member j (the caller keeps its own index), element <paramref name="members"/> is the silo's.
    /// </summary>
    /// <param name="encoded">The encoded loss.</param>
    /// <param name="members">m ≥ 2.</param>
    /// <param name="random">The secure source.</param>
    /// <returns>m + 1 shares summing to <paramref name="encoded"/> mod 2^64.</returns>
    public static ulong[] Split(ulong encoded, int members, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 2);
        return AdditiveSecretSharing.Split(encoded, members + 1, random);
    }

    /// <summary>The ring sum of the shares a member holds for an attempt: the one it kept and one from every other member.</summary>
    /// <param name="held">Exactly one share per member of the attempt.</param>
    /// <returns>The partial sum to submit.</returns>
    public static ulong PartialSum(ReadOnlySpan<ulong> held) => AdditiveSecretSharing.Reconstruct(held);
}
