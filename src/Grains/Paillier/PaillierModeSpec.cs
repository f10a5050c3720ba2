using System.Globalization;
using System.Numerics;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Privacy.Paillier;

namespace OrleansFed.Grains.Paillier;

/// <summary>
/// Settings of the <c>paillier</c> privacy mode, parsed from the campaign's spec
/// <c>paillier[:bits=2048,frac=20,max-weight=128,max-samples=1048576,max-summands=1000,test-keys=false]</c>.
/// <c>bits</c> must be at least 2048 unless <c>test-keys=true</c>, an INSECURE setting for fast tests that allows
/// 256-bit keys and upward.
/// </summary>
/// <param name="Bits">Key size.</param>
/// <param name="TestKeys">Whether keys below 2048 bits are allowed (tests only).</param>
/// <param name="FractionBits">Fixed-point fraction bits f.</param>
/// <param name="MaxWeight">Largest |weight| (and loss) encrypted.</param>
/// <param name="MaxSamples">Largest sample count a participant may claim.</param>
/// <param name="MaxSummands">Most updates a round may add.</param>
public sealed record PaillierModeSpec(int Bits, bool TestKeys, int FractionBits, int MaxWeight, long MaxSamples, int MaxSummands)
{
    /// <summary>The defaults: 2048-bit keys, f = 20, |w| ≤ 128, n ≤ 2^20, at most 1000 updates per round.</summary>
    public static PaillierModeSpec Default { get; } = new(PaillierPublicKey.MinimumModulusBits, false, 20, 128, 1L << 20, 1000);

    /// <summary>Bits of one signed packed value: the largest |n·q| is MaxSamples·MaxWeight·2^f.</summary>
    public int ValueBits => (int)(new BigInteger(MaxSamples) * MaxWeight * (BigInteger.One << FractionBits)).GetBitLength() + 1;

    /// <summary>The encoding participants use.</summary>
    public PaillierEncoding Encoding => new(FractionBits, MaxWeight, MaxSamples, MaxSummands, ValueBits);

    /// <summary>Values packed per update for a model of <paramref name="parameterCount"/> parameters: the weights, the loss and n.</summary>
    /// <param name="parameterCount">d.</param>
    /// <returns>d + 2.</returns>
    public static int PackedValues(int parameterCount) => parameterCount + 2;

    /// <summary>Parses a spec (the part after <c>paillier</c>, or the whole mode spec).</summary>
    /// <param name="spec">E.g. <c>paillier:bits=3072</c>.</param>
    /// <param name="result">The settings.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? spec, out PaillierModeSpec result, out string error)
    {
        result = Default;
        error = string.Empty;
        if (PrivacyModes.NameOf(spec) != PrivacyModes.Paillier)
        {
            error = "not a paillier mode spec.";
            return false;
        }

        var colon = spec!.IndexOf(':', StringComparison.Ordinal);
        var settings = colon < 0 ? string.Empty : spec[(colon + 1)..];
        var r = Default;
        foreach (var part in settings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
            var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
            var ok = true;
            switch (key)
            {
                case "bits": ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits); r = r with { Bits = bits }; break;
                case "test-keys": ok = bool.TryParse(value, out var test); r = r with { TestKeys = test }; break;
                case "frac": ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var frac); r = r with { FractionBits = frac }; break;
                case "max-weight": ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var w); r = r with { MaxWeight = w }; break;
                case "max-samples": ok = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n); r = r with { MaxSamples = n }; break;
                case "max-summands": ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s); r = r with { MaxSummands = s }; break;
                default:
                    error = $"unknown paillier setting '{key}' (known: bits, frac, max-weight, max-samples, max-summands, test-keys).";
                    return false;
            }

            if (!ok)
            {
                error = $"paillier setting '{key}' has an invalid value '{value}'.";
                return false;
            }
        }

        var minimumBits = r.TestKeys ? PaillierKeyPair.MinimumTestModulusBits : PaillierPublicKey.MinimumModulusBits;
        if (r.Bits < minimumBits || r.Bits > 16_384 || r.Bits % 2 != 0)
        {
            var hint = r.TestKeys ? "test-keys=true" : "smaller keys only with the insecure test-keys=true";
            error = string.Create(CultureInfo.InvariantCulture, $"paillier bits must be even and between {minimumBits} and 16384 ({hint}); got {r.Bits}.");
            return false;
        }

        if (r.FractionBits is < 1 or > 40 || r.MaxWeight < 1 || r.MaxSamples < 1 || r.MaxSummands is < 1 or > 1_000_000)
        {
            error = "paillier frac must be 1…40, max-weight and max-samples at least 1, max-summands 1…1000000.";
            return false;
        }

        if (r.ValueBits > 62)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"paillier values need {r.ValueBits} bits (max-samples · max-weight · 2^frac); at most 62 are supported: lower frac, max-weight or max-samples.");
            return false;
        }

        var slot = (int)(new BigInteger(2 * ((1L << (r.ValueBits - 1)) - 1)) * r.MaxSummands).GetBitLength();
        if (slot > r.Bits - 1)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"a {slot}-bit packing slot does not fit a {r.Bits}-bit key.");
            return false;
        }

        result = r;
        return true;
    }

    /// <summary>The public key for modulus <paramref name="modulus"/> under these settings (test keys allow small n).</summary>
    /// <param name="modulus">n.</param>
    /// <returns>The key.</returns>
    public PaillierPublicKey PublicKey(BigInteger modulus) =>
        TestKeys ? PaillierPublicKey.ForTesting(modulus) : new PaillierPublicKey(modulus);

    /// <summary>The packer matching these settings under <paramref name="key"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>The packer.</returns>
    public PaillierPacker Packer(PaillierPublicKey key) => new(key, ValueBits, MaxSummands);
}
