using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Paillier;

/// <summary>Keys shared by the Paillier tests: generating them is the expensive part.</summary>
public sealed class PaillierKeys
{
    public PaillierKeys()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(404));
        // 1024-bit keys are below the production floor; they keep functional tests fast.
        Small = PaillierKeyPair.Generate(1024, random, ModPowBackend.Auto, minimumBits: 512);
        Full = PaillierKeyPair.Generate(2048, random);
    }

    public PaillierKeyPair Small { get; }

    public PaillierKeyPair Full { get; }
}
