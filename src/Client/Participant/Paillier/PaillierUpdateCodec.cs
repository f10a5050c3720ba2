using System.Globalization;
using OrleansFed.Interfaces.Paillier;

namespace OrleansFed.Client.Participant.Paillier;

/// <summary>
/// Fixed-point encoding of a weighted update for Paillier FedAvg. A participant with n samples, weights w and training
/// loss ℓ packs [n·q(w_0), …, n·q(w_(d−1)), n·q(ℓ), n] with q(x) = round(x·2^f) (to nearest, ties to even); the key
/// holder unpacks the slot-wise sums S and returns S_j / (2^f·S_n), the FedAvg average, exact up to the rounding of
/// each q to 2^−(f+1).
/// </summary>
public static class PaillierUpdateCodec
{
    /// <summary>Values packed for a model of <paramref name="parameterCount"/> parameters: the weights, the loss and n.</summary>
    /// <param name="parameterCount">d.</param>
    /// <returns>d + 2.</returns>
    public static int PackedLength(int parameterCount) => parameterCount + 2;

    /// <summary>The integer vector a participant encrypts.</summary>
    /// <param name="weights">The trained weights (finite, |w| ≤ MaxWeight).</param>
    /// <param name="loss">Mean training loss (clamped to [0, MaxWeight]; it only feeds the reported loss).</param>
    /// <param name="samples">n, 1 ≤ n ≤ MaxSamples.</param>
    /// <param name="encoding">The campaign's encoding.</param>
    /// <returns>d + 2 signed values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A weight or n is outside the encodable range.</exception>
    public static long[] Encode(ReadOnlySpan<float> weights, double loss, long samples, PaillierEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (samples < 1 || samples > encoding.MaxSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), string.Create(CultureInfo.InvariantCulture,
                $"The sample count {samples} is outside [1, {encoding.MaxSamples}] (paillier max-samples)."));
        }

        var scale = Math.ScaleB(1.0, encoding.FractionBits);
        var values = new long[weights.Length + 2];
        for (var j = 0; j < weights.Length; j++)
        {
            var w = weights[j];
            if (!float.IsFinite(w) || Math.Abs(w) > encoding.MaxWeight)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), string.Create(CultureInfo.InvariantCulture,
                    $"Weight {j} is {w}, outside [−{encoding.MaxWeight}, {encoding.MaxWeight}] (paillier max-weight)."));
            }

            values[j] = checked(samples * (long)Math.Round(w * scale, MidpointRounding.ToEven));
        }

        var clamped = double.IsFinite(loss) ? Math.Clamp(loss, 0, encoding.MaxWeight) : encoding.MaxWeight;
        values[weights.Length] = checked(samples * (long)Math.Round(clamped * scale, MidpointRounding.ToEven));
        values[weights.Length + 1] = samples;
        return values;
    }

    /// <summary>The average from the slot-wise sums (d + 2 values).</summary>
    /// <param name="sums">Unpacked sums.</param>
    /// <param name="encoding">The campaign's encoding.</param>
    /// <param name="samples">Σn.</param>
    /// <param name="loss">The sample-weighted mean loss.</param>
    /// <returns>The average weights (d values).</returns>
    /// <exception cref="InvalidDataException">Σn is not positive: the sum is not a sum of valid updates.</exception>
    public static float[] DecodeAverage(ReadOnlySpan<long> sums, PaillierEncoding encoding, out long samples, out float loss)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (sums.Length < 2)
        {
            throw new ArgumentException("The sums hold at least the loss and the sample count.", nameof(sums));
        }

        var d = sums.Length - 2;
        samples = sums[d + 1];
        if (samples < 1)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The decrypted sample count is {samples}; expected at least 1."));
        }

        var denominator = Math.ScaleB(1.0, encoding.FractionBits) * samples;
        var average = new float[d];
        for (var j = 0; j < d; j++)
        {
            average[j] = (float)(sums[j] / denominator);
        }

        loss = (float)(sums[d] / denominator);
        return average;
    }
}
