namespace OrleansFed.Grains.SecProbe;

/// <summary>The durable state of one SecProbe round.</summary>
public sealed class SecProbeRoundState
{
    /// <summary>The spec, once opened.</summary>
    public SecProbeRoundSpec? Spec { get; set; }

    /// <summary>Accepted participants in arrival order (their uploads are <see cref="ISecProbeUploadGrain"/>s until the selection).</summary>
    public List<string> Accepted { get; set; } = [];

    /// <summary>Closed without a selection (the campaign was stopped): no upload or claim is taken any more.</summary>
    public bool Closed { get; set; }

    /// <summary>The outcome, once selected.</summary>
    public SecProbeRoundResult? Result { get; set; }

    /// <summary>Places held for participants before they train: participant → expiry. Durable, like a receipt, so a
    /// restarted silo honours the claims it granted; cleared once the round is full or closed.</summary>
    public Dictionary<string, DateTimeOffset> Claims { get; set; } = new(StringComparer.Ordinal);
}
