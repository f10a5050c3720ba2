namespace OrleansFed.Interfaces.SecAgg;

/// <summary>Step 0 message: a participant's two P-256 public keys (65-byte uncompressed points).</summary>
public sealed record SecAggPublicKeys
{
    /// <summary>The round attempt the keys are for.</summary>
    public required int Attempt { get; init; }

    /// <summary>c_u^PK, for share encryption.</summary>
    public required byte[] EncryptionPublicKey { get; init; }

    /// <summary>s_u^PK, for pairwise masks.</summary>
    public required byte[] MaskingPublicKey { get; init; }
}
