using OrleansFed.Interfaces.Paillier;

namespace OrleansFed.Grains.Paillier;

/// <summary>
/// Persistent state of a Paillier round attempt: the running encrypted sum (count × width bytes, big-endian
/// ciphertexts) and who contributed, then the key holder's average. No individual update is ever stored.
/// </summary>
public sealed class PaillierRoundState
{
    /// <summary>Phase.</summary>
    public PaillierRoundPhase Phase { get; set; }

    /// <summary>Round.</summary>
    public int Round { get; set; }

    /// <summary>Attempt.</summary>
    public int Attempt { get; set; }

    /// <summary>n, unsigned big-endian.</summary>
    public byte[] Modulus { get; set; } = [];

    /// <summary>Bytes per ciphertext.</summary>
    public int Width { get; set; }

    /// <summary>Participants whose ciphertexts are in <see cref="Sum"/>, in arrival order.</summary>
    public List<string> Contributors { get; set; } = [];

    /// <summary>The encrypted sum; empty before the first update and after release.</summary>
    public byte[] Sum { get; set; } = [];

    /// <summary>Whether collection ended because every selected participant submitted.</summary>
    public bool AllSubmitted { get; set; }

    /// <summary>When an attempt awaiting decryption is abandoned.</summary>
    public DateTimeOffset? DecryptionDeadline { get; set; }

    /// <summary>Σn reported by the key holder.</summary>
    public long AverageSamples { get; set; }

    /// <summary>Weighted mean training loss reported by the key holder.</summary>
    public float AverageLoss { get; set; }

    /// <summary>The decrypted average (float32 little-endian); empty until <see cref="PaillierRoundPhase.Decrypted"/>.</summary>
    public byte[] AverageWeights { get; set; } = [];
}
