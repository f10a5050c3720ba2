namespace OrleansFed.Interfaces.Api;

/// <summary>Acknowledgement of an update, sent only after it is durably stored.</summary>
public sealed record SubmitReceipt
{
    /// <summary>The round the update was accepted for.</summary>
    public required int Round { get; init; }

    /// <summary>Always <see langword="true"/> in a receipt; rejections are problem responses.</summary>
    public required bool Accepted { get; init; }

    /// <summary><see langword="true"/> when this participant had already submitted for this round; it is counted once.</summary>
    public required bool Duplicate { get; init; }
}
