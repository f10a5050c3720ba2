namespace OrleansFed.Grains.Paillier;

/// <summary>The Paillier part of a campaign's persistent state: public key material only.</summary>
public sealed class PaillierCampaignState
{
    /// <summary>The key holder once it has published its key.</summary>
    public string? KeyHolder { get; set; }

    /// <summary>The published n (unsigned big-endian); <see langword="null"/> until published.</summary>
    public byte[]? Modulus { get; set; }

    /// <summary>Whether the open attempt's collection has closed and its sum waits for the key holder.</summary>
    public bool AwaitingDecryption { get; set; }
}
