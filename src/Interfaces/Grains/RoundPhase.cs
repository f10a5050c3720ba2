namespace OrleansFed.Interfaces.Grains;

/// <summary>Lifecycle of one round attempt.</summary>
public enum RoundPhase
{
    /// <summary>Not opened yet (no plan stored).</summary>
    NotOpened,

    /// <summary>Accepting updates from selected participants.</summary>
    Open,

    /// <summary>Closed with an aggregate; later updates are rejected.</summary>
    Aggregated,

    /// <summary>Closed without an aggregate (too few updates at the deadline, or the campaign ended).</summary>
    Abandoned,
}
