namespace OrleansFed.Interfaces.Paillier;

/// <summary>Body of <c>PUT /v1/campaigns/{id}/paillier/public-key</c>: the key holder's public modulus.</summary>
public sealed record PaillierKeyUpload
{
    /// <summary>n, base64 of its unsigned big-endian bytes.</summary>
    public required string Modulus { get; init; }
}
