namespace OrleansFed.Grains.SecProbe;

/// <summary>Where a SecProbe round stands.</summary>
/// <param name="Round">Round number (0 before the round is opened).</param>
/// <param name="Phase">not-opened, collecting, selected or closed.</param>
/// <param name="Accepted">Uploads accepted so far.</param>
/// <param name="Accept">M.</param>
/// <param name="GlobalWeights">The weights participants start from (empty before opening).</param>
public sealed record SecProbeRoundStatus(int Round, string Phase, int Accepted, int Accept, float[] GlobalWeights)
{
    /// <summary>Phase name before <see cref="ISecProbeRoundGrain.OpenAsync"/>.</summary>
    public const string NotOpened = "not-opened";

    /// <summary>Phase name while uploads are accepted.</summary>
    public const string Collecting = "collecting";

    /// <summary>Phase name once the K uploads are chosen.</summary>
    public const string Selected = "selected";

    /// <summary>Phase name of a round closed without a selection (<see cref="ISecProbeRoundGrain.CloseAsync"/>).</summary>
    public const string Closed = "closed";
}
